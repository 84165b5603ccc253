/** Comparing stored values with a spec's fixed `value`, and describing values in messages. */
import { ReferenceBuilder } from "../format/builders.js";
import { asText } from "./dtype-rules.js";

/** Whether a stored value equals a spec's fixed value (numbers by value, bytes as text, lists element-wise). */
export function sameValue(actual: unknown, expected: unknown): boolean {
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => sameValue(actual[i], e));
  }
  if (typeof expected === "number" || typeof expected === "bigint") {
    return (typeof actual === "number" || typeof actual === "bigint") && Number(actual) === Number(expected);
  }
  if (typeof expected === "string") return asText(actual) === expected;
  return actual === expected;
}

/** A short description of a value for messages. */
export function describeValue(value: unknown): string {
  if (value instanceof ReferenceBuilder) return `a reference to ${value.builder.path}`;
  const text = asText(value);
  if (text !== undefined) return JSON.stringify(text.length > 60 ? text.slice(0, 57) + "..." : text);
  if (typeof value === "bigint") return value.toString();
  try {
    const json = JSON.stringify(value);
    if (json !== undefined) return json.length > 60 ? json.slice(0, 57) + "..." : json;
  } catch {
    // not JSON (cycles): fall through
  }
  return typeof value;
}
