/** The hdmf-common tables Python writes in the interop tests, built with this package's API. */
import { DynamicTable, loadBundledTypeMap, type Container } from "../../src/build/index.js";

/** The tables of test/interop/python/write_hdmf_common.py, built with our API (text, float with NaN, ragged and region columns). */
export async function buildCommonTables(): Promise<{ root: Container; trials: DynamicTable; targets: DynamicTable }> {
  const tm = await loadBundledTypeMap();
  const targets = new DynamicTable({ name: "targets", description: "rows that the region column points at" });
  targets.addColumn({ name: "label", description: "a label per row", data: ["alpha", "beta", "gamma"] });
  const trials = new DynamicTable({ name: "trials", description: "a table with every common column kind" });
  trials.addColumn({ name: "text", description: "a text column", data: ["first", "zweite Zeile ü", ""] });
  trials.addColumn({ name: "value", description: "a float column", data: [0.5, -1.25, NaN] });
  trials.addColumn({ name: "spikes", description: "a ragged float column", data: [[1.0, 2.0, 3.0], [], [4.5]], index: true });
  trials.addColumn({ name: "target", description: "a region into targets", data: [0, 2, 1], table: targets });
  const root = new (tm.getClass("hdmf-common", "SimpleMultiContainer"))({ name: "root" });
  root.add(trials);
  root.add(targets);
  return { root, trials, targets };
}
