/**
 * The primitive dtype names of the HDMF schema language, their synonyms, and which stored dtypes a
 * spec dtype accepts (a spec `float` also accepts `double`, `int8` accepts wider signed ints, `text`
 * accepts `ascii`, `numeric` accepts every int and float), following the schema language rules.
 */

/** The primary name of each dtype family and its synonyms. */
const SYNONYMS = {
  float: ["float", "float32"],
  double: ["double", "float64"],
  short: ["int16", "short"],
  int: ["int32", "int"],
  long: ["int64", "long"],
  utf: ["text", "utf", "utf8", "utf-8"],
  ascii: ["ascii", "bytes"],
  bool: ["bool"],
  int8: ["int8"],
  uint8: ["uint8"],
  uint16: ["uint16"],
  uint32: ["uint32", "uint"],
  uint64: ["uint64"],
  object: ["object"],
  numeric: ["numeric"],
  isodatetime: ["isodatetime", "datetime", "date"],
} as const;

/** A primary dtype family name. */
export type PrimaryDtype = keyof typeof SYNONYMS;

const PRIMARY_OF = new Map<string, PrimaryDtype>();
for (const [primary, names] of Object.entries(SYNONYMS) as [PrimaryDtype, readonly string[]][]) {
  for (const n of names) PRIMARY_OF.set(n, primary);
}

/** Whether `name` is a primitive dtype name of the schema language (any synonym). */
export function isPrimitiveDtype(name: string): boolean {
  return PRIMARY_OF.has(name);
}

/** The primary family of a dtype name (`float32` → `float`, `text` → `utf`), or undefined. */
export function primaryDtype(name: string): PrimaryDtype | undefined {
  return PRIMARY_OF.get(name);
}

/** Every accepted spelling. */
export function primitiveDtypeNames(): string[] {
  return [...PRIMARY_OF.keys()];
}

/** Wider families a spec family also accepts. */
const WIDER: Partial<Record<PrimaryDtype, PrimaryDtype[]>> = {
  float: ["double"],
  int8: ["short", "int", "long"],
  short: ["int", "long"],
  int: ["long"],
  uint8: ["uint16", "uint32", "uint64"],
  uint16: ["uint32", "uint64"],
  uint32: ["uint64"],
  utf: ["ascii"],
};

const NUMERIC_FAMILIES: PrimaryDtype[] = ["float", "double", "short", "int", "long", "int8", "uint8", "uint16", "uint32", "uint64"];

/**
 * Whether a value of dtype `actual` satisfies a spec dtype `expected` (both primitive names, any
 * synonym). Unknown names never match.
 */
export function isAllowedDtype(actual: string, expected: string): boolean {
  const a = primaryDtype(actual);
  const e = primaryDtype(expected);
  if (a === undefined || e === undefined) return false;
  if (a === e) return true;
  if (e === "numeric") return NUMERIC_FAMILIES.includes(a);
  return WIDER[e]?.includes(a) ?? false;
}

/**
 * A concrete storage name for a spec dtype: the sized numeric name (`float` → `float32`, `int` →
 * `int32`), `utf8` for text, `ascii`, `bool`, `isodatetime`, `object`, or `numeric` (any number).
 */
export function storageDtypeName(name: string): string | undefined {
  const p = primaryDtype(name);
  if (p === undefined) return undefined;
  const sized: Partial<Record<PrimaryDtype, string>> = {
    float: "float32", double: "float64", short: "int16", int: "int32", long: "int64", utf: "utf8",
  };
  return sized[p] ?? p;
}
