/**
 * numpy datetime64/timedelta64 units: parsing the unit text of both metadata forms (v2 `[10s]`,
 * v3 `{unit, scale_factor}`) and turning counts into text or a JS Date where that is exact.
 */
import { UnsupportedDtypeError, type ErrorLocation } from "../errors.js";
import { NAT, timeUnitText, type TimeResolution, type TimeUnit } from "./dtype.js";

const UNITS: readonly TimeUnit[] = ["Y", "M", "W", "D", "h", "m", "s", "ms", "us", "μs", "ns", "ps", "fs", "as", "generic"];

/** Length of one unit in nanoseconds, for units of a fixed length (not years, months or generic). */
const UNIT_NS: Partial<Record<TimeUnit, bigint>> = {
  W: 604_800_000_000_000n, D: 86_400_000_000_000n, h: 3_600_000_000_000n, m: 60_000_000_000n,
  s: 1_000_000_000n, ms: 1_000_000n, us: 1_000n, μs: 1_000n, ns: 1n,
};

/** A time unit and scale from metadata; an unknown unit or a scale that is not a positive integer is refused. */
export function parseTimeUnit(unit: unknown, scale: unknown, where: ErrorLocation): Omit<TimeResolution, "endian"> {
  if (typeof unit !== "string" || !(UNITS as readonly string[]).includes(unit)) {
    throw new UnsupportedDtypeError(`unknown datetime unit ${JSON.stringify(unit)} (numpy's are ${UNITS.join(", ")})`, where);
  }
  if (typeof scale !== "number" || !Number.isSafeInteger(scale) || scale < 1 || scale >= 2 ** 31) {
    throw new UnsupportedDtypeError(`bad datetime scale factor ${JSON.stringify(scale)} (a positive integer below 2^31)`, where);
  }
  return { unit: unit as TimeUnit, scale };
}

/** A count of a time type as nanoseconds, or undefined for NaT and units of no fixed length (Y, M, generic) or finer than ns. */
export function countToNanoseconds(count: bigint, t: TimeResolution): bigint | undefined {
  const ns = UNIT_NS[t.unit];
  return count === NAT || ns === undefined ? undefined : count * ns * BigInt(t.scale);
}

/**
 * The JS Date of a datetime64 count when that is exact (a whole number of milliseconds in the
 * Date range); undefined for NaT and values a Date cannot hold exactly.
 */
export function datetimeToDate(count: bigint, t: TimeResolution): Date | undefined {
  const ns = calendarToNanoseconds(count, t);
  if (ns === undefined || ns % 1_000_000n !== 0n) return undefined;
  const ms = Number(ns / 1_000_000n);
  return Math.abs(ms) <= 8.64e15 ? new Date(ms) : undefined;
}

/** Nanoseconds since the epoch of a datetime64 count, years and months counted on the calendar. */
function calendarToNanoseconds(count: bigint, t: TimeResolution): bigint | undefined {
  if (count === NAT) return undefined;
  if (t.unit !== "Y" && t.unit !== "M") return countToNanoseconds(count, t);
  const months = count * BigInt(t.scale) * (t.unit === "Y" ? 12n : 1n);
  if (months > 3_000_000n || months < -3_000_000n) return undefined;
  const m = Number(months);
  const ms = Date.UTC(1970 + Math.floor(m / 12), ((m % 12) + 12) % 12, 1);
  return BigInt(ms) * 1_000_000n;
}

/**
 * numpy's text of one datetime64 value: ISO 8601 down to the type's unit (`2020-01-02`,
 * `2020-01-02T03:04:05.123456789`), `NaT`; a count a Date cannot place shows as `<count> <unit>`.
 */
export function formatDatetime(count: bigint, t: TimeResolution): string {
  if (count === NAT) return "NaT";
  const ns = calendarToNanoseconds(count, t);
  const ms = ns === undefined ? undefined : ns / 1_000_000n;
  if (ns === undefined || ms === undefined || ms > 8_640_000_000_000_000n || ms < -8_640_000_000_000_000n) return `${count} ${timeUnitText(t)}`;
  const msFloor = ns >= 0n || ns % 1_000_000n === 0n ? ms : ms - 1n;
  const iso = new Date(Number(msFloor)).toISOString(); // 2020-01-02T03:04:05.123Z
  const digits = { Y: 4, M: 7, W: 10, D: 10, h: 13, m: 16, s: 19 } as Record<string, number>;
  if (t.unit in digits) return iso.slice(0, digits[t.unit]);
  const sub = (((ns % 1_000_000_000n) + 1_000_000_000n) % 1_000_000_000n).toString().padStart(9, "0");
  const places = t.unit === "ms" ? 3 : t.unit === "ns" ? 9 : 6;
  return `${iso.slice(0, 19)}.${sub.slice(0, places)}`;
}

/** numpy's text of one timedelta64 value: `5 seconds`-style as `<count> <unit>`, `NaT`. */
export function formatTimedelta(count: bigint, t: TimeResolution): string {
  return count === NAT ? "NaT" : `${count} ${timeUnitText(t)}`;
}
