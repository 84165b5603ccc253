/**
 * The fields of a container, keyed by spec name. Attributes of an untyped dataset are stored as
 * `<dataset>__<attribute>` (hdmf's naming, e.g. `starting_time__rate`); `get("rate")` also finds
 * such a field by its last part when exactly one stored key ends with it.
 */

/** A Map of field values whose `get`/`has` also accept the last part of a `a__b` key. */
export class FieldMap extends Map<string, unknown> {
  /** The stored key a name stands for: itself, or the one key ending in `__<name>`; undefined when none or several. */
  resolveKey(name: string): string | undefined {
    if (super.has(name)) return name;
    const suffix = `__${name}`;
    let found: string | undefined;
    for (const key of super.keys()) {
      if (!key.endsWith(suffix)) continue;
      if (found !== undefined) return undefined; // ambiguous: say nothing rather than pick one
      found = key;
    }
    return found;
  }

  override get(name: string): unknown {
    const key = this.resolveKey(name);
    return key === undefined ? undefined : super.get(key);
  }

  override has(name: string): boolean {
    return this.resolveKey(name) !== undefined;
  }

  /** The value stored under exactly this key (no `a__b` lookup). */
  getExact(key: string): unknown {
    return super.get(key);
  }

  /** Whether a value is stored under exactly this key. */
  hasExact(key: string): boolean {
    return super.has(key);
  }
}
