/**
 * core TimeSeries: `data` with its unit, and time given either by `startingTime` + `rate` or by
 * `timestamps`. Data are read by selection (`await ts.data!.get([slice(0, 10), null])`) and
 * `timestampsFor(a, b)` gives the times of samples a…b−1 either way.
 */
import { InvalidArgumentError } from "../errors.js";
import type { ContainerInit } from "../build/container.js";
import { LazyData } from "../build/lazy-data.js";
import { plainValue } from "../build/nd-values.js";
import { slice } from "../zarr/indexing.js";
import { numberField, plain, requireArgs, textField } from "./field-values.js";
import { NWBDataInterface } from "./nwb-container.js";
import { seriesData, type SeriesData } from "./series-data.js";

/** What TimeSeries constructors accept (fields by camelCase name). */
export interface TimeSeriesInit extends ContainerInit {
  data?: unknown;
  /** Unit of the data (required unless the type fixes or defaults it). */
  unit?: string;
  /** Times of the samples, in seconds (give these or `rate`). */
  timestamps?: unknown;
  /** Sampling rate in Hz (give this or `timestamps`). */
  rate?: number;
  /** Time of the first sample in seconds (with `rate`; default 0). */
  startingTime?: number;
  description?: string;
  comments?: string;
  conversion?: number;
  resolution?: number;
  offset?: number;
  continuity?: string;
  control?: unknown;
  controlDescription?: unknown;
}

/** A series of samples over time. */
export class TimeSeries extends NWBDataInterface {
  static override typeName = "TimeSeries";
  /** The unit the type fixes or defaults (ElectricalSeries: volts); none means `unit` is required. */
  static defaultUnit?: string;

  constructor(init: TimeSeriesInit) {
    super(init);
    if (init.fromFile) return;
    const cls = this.constructor as typeof TimeSeries;
    requireArgs(cls.typeName, init.name, init, cls.defaultUnit === undefined ? ["data", "unit"] : ["data"]);
    if (init.rate !== undefined && init.timestamps !== undefined) {
      throw new InvalidArgumentError(`${cls.typeName} '${init.name}': give either 'rate' or 'timestamps', not both`, { path: init.name });
    }
    if (init.rate === undefined && init.timestamps === undefined) {
      throw new InvalidArgumentError(`${cls.typeName} '${init.name}' needs 'rate' (with 'startingTime') or 'timestamps'`, { path: init.name });
    }
    if (init.startingTime !== undefined && init.rate === undefined) {
      throw new InvalidArgumentError(`${cls.typeName} '${init.name}': 'startingTime' goes with 'rate'`, { path: init.name });
    }
    const set = (k: string, v: unknown) => v !== undefined && this.set(k, v);
    set("data", init.data);
    set("data__unit", init.unit ?? cls.defaultUnit);
    set("data__conversion", init.conversion);
    set("data__resolution", init.resolution);
    set("data__offset", init.offset);
    set("data__continuity", init.continuity);
    set("timestamps", init.timestamps);
    if (init.rate !== undefined) {
      set("starting_time", init.startingTime ?? 0);
      set("starting_time__rate", init.rate);
    }
    set("description", init.description);
    set("comments", init.comments);
    set("control", init.control);
    set("control_description", init.controlDescription);
  }

  /** Shape of the empty `data` pynwb gives a series read without one (its `DEFAULT_DATA`). */
  static readonly missingDataShape: number[] = [0];

  /** A series read without `data` (old files) gets pynwb's default: an empty uint8 array. */
  override completeRead(): void {
    const cls = this.constructor as typeof TimeSeries;
    if (!this.has("data")) this.set("data", { dtype: { kind: "numeric", name: "uint8", endian: "little" }, shape: cls.missingDataShape, data: new Uint8Array(0) });
  }

  /** The samples, read by selection (metadata only until asked). */
  get data(): SeriesData | undefined {
    return seriesData(this.get("data"));
  }

  get unit(): string | undefined {
    return textField(this, "data__unit");
  }

  /** Factor from stored values to `unit` (default 1). */
  get conversion(): number {
    return numberField(this, "data__conversion") ?? 1;
  }

  get resolution(): number {
    return numberField(this, "data__resolution") ?? -1;
  }

  get offset(): number {
    return numberField(this, "data__offset") ?? 0;
  }

  get description(): string | undefined {
    return textField(this, "description");
  }

  get comments(): string | undefined {
    return textField(this, "comments");
  }

  /** Sampling rate in Hz (undefined when the series has timestamps). */
  get rate(): number | undefined {
    return numberField(this, "starting_time__rate");
  }

  /** Time of the first sample (with a rate); loaded by `loadFields()` for series read from a file. */
  get startingTime(): number | undefined {
    return numberField(this, "starting_time");
  }

  /** The timestamps, read by selection (undefined when the series has a rate). */
  get timestamps(): SeriesData | undefined {
    return seriesData(this.get("timestamps"));
  }

  /** Number of samples (metadata only). */
  get length(): number {
    const shape = this.data?.shape ?? [];
    return shape.length === 0 ? 0 : shape[0];
  }

  /**
   * Times of samples [start, stop) in seconds: read from `timestamps`, else computed as
   * startingTime + i / rate.
   */
  async timestampsFor(start = 0, stop = this.length): Promise<number[]> {
    const ts = this.timestamps;
    if (ts !== undefined) {
      const nd = await ts.get([slice(start, stop)]);
      return Array.from(nd.data as ArrayLike<unknown>, (v) => Number(plainValue(v)));
    }
    const rate = this.rate;
    if (rate === undefined) throw new InvalidArgumentError(`${this.typeName} '${this.name}' has neither timestamps nor a rate`, { path: this.containerPath });
    const raw = this.get("starting_time");
    const t0 = Number(plain(raw instanceof LazyData ? await raw.read() : raw ?? 0));
    const n = Math.max(0, Math.min(stop, this.length) - start);
    return Array.from({ length: n }, (_, i) => t0 + (start + i) / rate);
  }
}
