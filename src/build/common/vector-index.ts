/**
 * hdmf-common VectorIndex: makes a column ragged. Element i is the end (exclusive) of row i in the
 * target column, row i starting where row i−1 ends. The target may itself be a VectorIndex (a
 * doubly ragged column), so a row is then a list of lists.
 */
import { InvalidArgumentError } from "../../errors.js";
import { readRows } from "./read-rows.js";
import { VectorData, type RowOptions, type VectorDataInit } from "./vector-data.js";

/** What VectorIndex constructors accept. */
export interface VectorIndexInit extends VectorDataInit {
  /** The column this index splits into rows. */
  target?: VectorData;
}

/** The index of a ragged column. */
export class VectorIndex extends VectorData {
  static override typeName = "VectorIndex";
  static override namespace = "hdmf-common";

  constructor(init: VectorIndexInit) {
    super(init);
    // The target is a sibling column, referenced, not owned.
    if (init.target !== undefined) this.set("target", init.target, { adopt: false });
  }

  /** The column this index splits into rows. */
  get target(): VectorData | undefined {
    const t = this.fields.getExact("target");
    return t instanceof VectorData ? t : undefined;
  }

  /** For rows [start, stop): each row's [begin, end) in the target. Reads only those index entries. */
  async bounds(start: number, stop: number): Promise<[number, number][]> {
    const end = Math.min(stop, this.length);
    if (end <= start) return [];
    const from = Math.max(0, start - 1);
    const values = (await readRows(this.data, from, end)).map(Number);
    const out: [number, number][] = [];
    for (let i = start; i < end; i++) {
      const begin = i === 0 ? 0 : values[i - 1 - from];
      out.push([begin, values[i - from]]);
    }
    return out;
  }

  /** Rows [start, stop): each a list of the target's rows (read in one range). */
  override async rows(start: number, stop: number, options: RowOptions = {}): Promise<unknown[]> {
    const target = this.target;
    if (target === undefined) throw new InvalidArgumentError(`index '${this.name}' has no target column`, { path: this.containerPath });
    const bounds = await this.bounds(start, stop);
    if (!bounds.length) return [];
    const lo = bounds[0][0];
    const hi = bounds[bounds.length - 1][1];
    const values = await target.rows(lo, hi, options);
    return bounds.map(([b, e]) => values.slice(b - lo, e - lo));
  }
}
