/**
 * Typed errors of the specification layer. All extend {@link SpecError}; `store` names the schema
 * source (a file path, a URL, or `cache:<namespace>/<version>/<source>`) and `path` the spec inside it
 * (`TimeSeries/data/unit`).
 */
import { SpecError, type ErrorLocation } from "../errors.js";

/** A schema document could not be parsed (bad YAML or JSON) or has the wrong structure. */
export class SpecSyntaxError extends SpecError {}

/** A namespace includes another namespace (`schema: [{namespace: …}]`) that is not loaded. */
export class MissingNamespaceError extends SpecError {
  /** The namespace that could not be found. */
  readonly namespace: string;
  constructor(namespace: string, message: string, where: ErrorLocation = {}) {
    super(message, where);
    this.namespace = namespace;
  }
}

/** A type is asked for, included or extended (`data_type_inc`) that no loaded namespace defines. */
export class UnknownTypeError extends SpecError {
  /** The type that could not be found. */
  readonly typeName: string;
  /** The namespace it was looked up in. */
  readonly namespace?: string;
  constructor(typeName: string, namespace: string | undefined, message: string, where: ErrorLocation = {}) {
    super(message, where);
    this.typeName = typeName;
    this.namespace = namespace;
  }
}
