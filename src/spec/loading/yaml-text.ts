/**
 * Parsing schema text (YAML 1.2, which also reads JSON). Errors become {@link SpecSyntaxError}s naming
 * the file, line and column; duplicate keys are refused, and alias expansion stays bounded (the
 * library's default limit).
 */
import { parse, YAMLError } from "yaml";
import { SpecSyntaxError } from "../errors.js";

/** Parse YAML or JSON text; `location` names it in errors. */
export function parseSchemaText(text: string, location: string): unknown {
  try {
    return parse(text, { prettyErrors: true, uniqueKeys: true });
  } catch (e) {
    const message = e instanceof YAMLError ? e.message : String(e);
    throw new SpecSyntaxError(`not valid YAML: ${message}`, { store: location }, { cause: e });
  }
}
