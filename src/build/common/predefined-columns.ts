/**
 * Columns a DynamicTable type defines ahead (hdmf's `__columns__`): a table adds one the first time
 * a row gives a value for it, and makes the required ones when it is built.
 */

/** One predefined column. */
export interface PredefinedColumn {
  name: string;
  description: string;
  /** Every row must give it; the table is built with it (empty). */
  required?: boolean;
  /** Ragged: true (or 1) for a list per row, 2 for lists of lists. */
  index?: boolean | number;
  /** A region column (row indices into another table, set by the owner of the table). */
  table?: boolean;
  /** The column's type when it is a subtype of VectorData (e.g. core TimeSeriesReferenceVectorData). */
  columnType?: { namespace: string; typeName: string };
}
