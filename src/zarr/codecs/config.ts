/**
 * Reading codec configuration values with checks, so a malformed `zarr.json` / `.zarray`
 * gives a MetadataError that names the codec and the key instead of a later TypeError.
 */
import { MetadataError, type ErrorLocation } from "../../errors.js";

/** The configuration of one codec, with the codec name and location for error messages. */
export class CodecConfig {
  constructor(
    readonly codec: string,
    readonly values: Record<string, unknown>,
    readonly where: ErrorLocation,
  ) {}

  /** A MetadataError about this codec's configuration. */
  error(message: string): MetadataError {
    return new MetadataError(`codec '${this.codec}': ${message}`, this.where);
  }

  /**
   * Refuse keys other than `known`: a setting this package does not know would otherwise be
   * ignored and the data read or written differently. An `id` equal to the codec's own numcodecs
   * id (some writers keep it in v3 configurations) is accepted.
   */
  only(...known: string[]): this {
    const id = this.codec.replace(/^numcodecs\./, "");
    for (const key of Object.keys(this.values)) {
      if (known.includes(key) || (key === "id" && this.values.id === id)) continue;
      throw this.error(`unknown setting '${key}' (known: ${known.map((k) => `'${k}'`).join(", ")})`);
    }
    return this;
  }

  /** A finite number (`fallback` when absent; required when there is none). */
  number(key: string, fallback?: number): number {
    if (!this.has(key)) {
      if (fallback !== undefined) return fallback;
      throw this.error(`'${key}' is required`);
    }
    const v = this.values[key];
    if (typeof v !== "number" || !Number.isFinite(v)) throw this.error(`'${key}' must be a finite number, got ${JSON.stringify(v)}`);
    return v;
  }

  /** Whether `key` is present and not null. */
  has(key: string): boolean {
    return this.values[key] !== undefined && this.values[key] !== null;
  }

  /** An integer value (or `fallback` when absent); throws when present and not an integer in range. */
  int(key: string, fallback: number, min = -Infinity, max = Infinity): number {
    if (!this.has(key)) return fallback;
    const v = this.values[key];
    if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
      throw this.error(`'${key}' must be an integer${Number.isFinite(min) ? ` in [${min}, ${max}]` : ""}, got ${JSON.stringify(v)}`);
    }
    return v;
  }

  /** A string value (or `fallback` when absent), optionally one of `allowed`. */
  string<T extends string>(key: string, fallback: T, allowed?: readonly T[]): T {
    if (!this.has(key)) return fallback;
    const v = this.values[key];
    if (typeof v !== "string" || (allowed && !allowed.includes(v as T))) {
      const hint = allowed ? ` (one of ${allowed.map((a) => `'${a}'`).join(", ")})` : "";
      throw this.error(`'${key}' must be a string${hint}, got ${JSON.stringify(v)}`);
    }
    return v as T;
  }

  /** A boolean value (or `fallback` when absent). */
  bool(key: string, fallback: boolean): boolean {
    if (!this.has(key)) return fallback;
    const v = this.values[key];
    if (typeof v !== "boolean") throw this.error(`'${key}' must be true or false, got ${JSON.stringify(v)}`);
    return v;
  }

  /** A list of non-negative integers; required unless `fallback` is given. */
  intList(key: string, fallback?: number[]): number[] {
    if (!this.has(key)) {
      if (fallback) return fallback;
      throw this.error(`'${key}' is required`);
    }
    const v = this.values[key];
    if (!Array.isArray(v) || !v.every((n) => typeof n === "number" && Number.isInteger(n) && n >= 0)) {
      throw this.error(`'${key}' must be a list of non-negative integers, got ${JSON.stringify(v)}`);
    }
    return v as number[];
  }

  /** A raw value, unchecked. */
  raw(key: string): unknown {
    return this.values[key];
  }
}
