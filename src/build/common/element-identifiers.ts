/** hdmf-common ElementIdentifiers: the `id` column of a DynamicTable (one integer per row). */
import { Data } from "../data.js";

/** Row ids of a table. */
export class ElementIdentifiers extends Data {
  static override typeName = "ElementIdentifiers";
  static override namespace = "hdmf-common";
}
