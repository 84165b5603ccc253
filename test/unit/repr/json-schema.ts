/**
 * A small JSON Schema validator for the subset src/repr/mime-schema.json uses: $ref (local
 * `#/$defs/…`), oneOf, anyOf, type (incl. integer and type lists), enum, const, properties,
 * required, additionalProperties, items, minimum. A keyword outside the subset is an error, so
 * the schema cannot quietly rely on something this validator skips.
 */

type Schema = Record<string, unknown> | boolean;

const ANNOTATIONS = new Set(["$schema", "$id", "title", "description", "$defs"]);
const KEYWORDS = new Set([
  "$ref", "oneOf", "anyOf", "type", "enum", "const", "properties", "required", "additionalProperties", "items", "minimum",
]);

function typeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

function hasType(v: unknown, t: string): boolean {
  if (t === "integer") return typeof v === "number" && Number.isInteger(v);
  if (t === "number") return typeof v === "number" && Number.isFinite(v);
  return typeOf(v) === t;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Validate `value` against `root`; returns a list of errors (empty when valid). */
export function validate(root: Record<string, unknown>, value: unknown): string[] {
  const resolve = (ref: string): Schema => {
    const m = /^#\/\$defs\/([^/]+)$/.exec(ref);
    const defs = root.$defs as Record<string, Schema> | undefined;
    if (!m || !defs || !(m[1] in defs)) throw new Error(`unsupported or unknown $ref ${ref}`);
    return defs[m[1]];
  };
  const check = (schema: Schema, v: unknown, at: string): string[] => {
    if (schema === true) return [];
    if (schema === false) return [`${at}: not allowed`];
    for (const k of Object.keys(schema)) {
      if (!KEYWORDS.has(k) && !ANNOTATIONS.has(k)) throw new Error(`schema keyword '${k}' is not supported by this validator`);
    }
    const errors: string[] = [];
    if (typeof schema.$ref === "string") errors.push(...check(resolve(schema.$ref), v, at));
    if (Array.isArray(schema.oneOf)) {
      const passing = schema.oneOf.filter((s) => check(s as Schema, v, at).length === 0).length;
      if (passing !== 1) errors.push(`${at}: matches ${passing} of the oneOf alternatives, not exactly one`);
    }
    if (Array.isArray(schema.anyOf) && !schema.anyOf.some((s) => check(s as Schema, v, at).length === 0)) {
      errors.push(`${at}: matches none of the anyOf alternatives`);
    }
    if (schema.type !== undefined) {
      const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
      if (!types.some((t) => hasType(v, t))) return [...errors, `${at}: expected ${types.join(" or ")}, got ${typeOf(v)}`];
    }
    if (Array.isArray(schema.enum) && !schema.enum.some((e) => sameJson(e, v))) errors.push(`${at}: ${JSON.stringify(v)} is not one of ${JSON.stringify(schema.enum)}`);
    if ("const" in schema && !sameJson(schema.const, v)) errors.push(`${at}: expected ${JSON.stringify(schema.const)}`);
    if (typeof schema.minimum === "number" && typeof v === "number" && v < schema.minimum) errors.push(`${at}: ${v} < ${schema.minimum}`);
    if (typeOf(v) === "object") {
      const obj = v as Record<string, unknown>;
      const props = (schema.properties ?? {}) as Record<string, Schema>;
      for (const r of (schema.required ?? []) as string[]) if (!(r in obj)) errors.push(`${at}: missing '${r}'`);
      for (const [k, item] of Object.entries(obj)) {
        if (k in props) errors.push(...check(props[k], item, `${at}/${k}`));
        else if (schema.additionalProperties !== undefined) errors.push(...check(schema.additionalProperties as Schema, item, `${at}/${k}`));
      }
    }
    if (Array.isArray(v) && schema.items !== undefined) v.forEach((item, i) => errors.push(...check(schema.items as Schema, item, `${at}/${i}`)));
    return errors;
  };
  return check(root, value, "");
}
