/**
 * The hdmf dtype of values: what a builder, a lazily read array or a block source says its
 * elements are. Defined here, below the format layer, because array values carry it everywhere.
 */

/** A field of a compound dtype, as in an hdmf DtypeSpec list. */
export interface CompoundField {
  name: string;
  dtype: BuilderDtype;
}

/**
 * The hdmf dtype of a dataset or field: a spec name (`"int32"`, `"float64"`, `"text"`, `"bytes"`,
 * `"isodatetime"`, `"bool"`, `"object"` for references) or a compound field list.
 */
export type BuilderDtype = string | CompoundField[];
