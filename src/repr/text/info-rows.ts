/**
 * The rows of the array info table, named as zarr-python names them (and hdmf-zarr's
 * `generate_dataset_html` shows them): Type, Zarr format, Data type, … Chunks initialized.
 */
import { formatBytes, formatShape, formatValue } from "./format-text.js";
import type { ArrayFacts, StoreInfo } from "../payload/types.js";

/** A list in Python tuple notation: `()`, `(a,)`, `(a, b)`. */
function tuple(items: readonly string[]): string {
  return `(${items.join(", ")}${items.length === 1 ? "," : ""})`;
}

/** The store type to show: its class name, or what can be said without one. */
function storeTypeLabel(facts: ArrayFacts, store: StoreInfo): string {
  if (store.type) return store.type;
  return facts.readOnly ? "read-only view" : "unknown";
}

/** The info rows of an array. Numbers that cannot be known without reading chunks say "unknown". */
export function arrayInfoRows(facts: ArrayFacts, store: StoreInfo): [string, string][] {
  const floats = /^>?float/.test(facts.dataType);
  const ratio = facts.nbytes !== null && facts.nbytesStored ? (facts.nbytes / facts.nbytesStored).toFixed(1) : "unknown";
  return [
    ["Type", "ZarrArray"],
    ["Zarr format", String(facts.zarrFormat)],
    ["Data type", facts.storedDataType && facts.storedDataType !== facts.dataType ? `${facts.dataType} (${facts.storedDataType})` : facts.dataType],
    ["Fill value", formatValue(facts.fillValue, { quoteStrings: true, numbers: floats ? "float" : "full" })],
    ["Shape", formatShape(facts.shape)],
    ["Shard shape", facts.shardShape ? formatShape(facts.shardShape) : "None"],
    ["Chunk shape", formatShape(facts.chunkShape)],
    ["Order", facts.order],
    ["Read-only", facts.readOnly ? "True" : "False"],
    ["Store type", storeTypeLabel(facts, store)],
    ["Filters", tuple(facts.filters)],
    ["Serializer", facts.serializer ?? "None"],
    ["Compressors", tuple(facts.compressors)],
    ["No. bytes", facts.nbytes === null ? "unknown (variable-length elements)" : formatBytes(facts.nbytes)],
    ["No. bytes stored", facts.nbytesStored === null ? "unknown" : formatBytes(facts.nbytesStored)],
    ["Storage ratio", ratio],
    ["Chunks initialized", `${facts.chunksInitialized ?? "unknown"}/${facts.chunkCount}`],
  ];
}
