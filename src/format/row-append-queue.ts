/**
 * The appends of rows to one file's datasets, one after another. A table's `addRow` plans its rows
 * at once and queues them here; each job checks and converts its rows (nothing changed yet), then
 * grows the datasets (append-values.ts). Consolidated metadata is written again when the queue
 * runs dry, so readers that trust it (Python, mode `r`) see every row without one rewrite per row.
 */
import { HdmfZarrError, IncompleteWriteError, UnsupportedWriteError, type ErrorLocation } from "../errors.js";
import type { ZarrHierarchy } from "../zarr/hierarchy.js";
import { growDatasets, type GrownDataset } from "./append-values.js";

/** Failures already given to a caller (by `settled()` or a table's `rowsWritten()`), so none is reported twice. */
const reported = new WeakSet<object>();

/** Whether a failure is still to be reported; marks it reported. */
export function reportFailure(e: unknown): boolean {
  if (typeof e !== "object" || e === null) return true;
  if (reported.has(e)) return false;
  reported.add(e);
  return true;
}

/** One queued append: checks and converts rows without changing anything, then names what grows. */
export type RowAppendJob = () => Promise<GrownDataset[]>;

/** Serialized appends of rows to the datasets of one file. */
export class RowAppendQueue {
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;
  /** The failure that stopped an earlier job; later jobs queued behind it were planned on its rows. */
  private failure?: unknown;

  /**
   * @param hierarchy the file's writable hierarchy (throws ReadOnlyError in a read-only mode)
   * @param where the error location of a path in the file
   */
  constructor(private readonly hierarchy: () => Promise<ZarrHierarchy>, private readonly where: (path: string) => ErrorLocation) {}

  /** Queue a job; the promise settles once its rows are in the file (or it failed). */
  enqueue(job: RowAppendJob): Promise<void> {
    this.pending++;
    const run = this.tail.then(() => this.run(job)).finally(() => {
      if (--this.pending === 0) this.failure = undefined;
    });
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Failures of jobs (not those refused behind them), for {@link settled}. */
  private failures: unknown[] = [];

  /**
   * Wait until every queued job has settled; then throw the first failure no caller was given yet
   * (ZarrIO's `write()` and `close()` call this, so a failed row is never lost).
   */
  async settled(): Promise<void> {
    await this.tail;
    const first = this.failures.splice(0).find(reportFailure);
    if (first !== undefined) throw first;
  }

  private async run(job: RowAppendJob): Promise<void> {
    if (this.failure !== undefined) {
      throw new UnsupportedWriteError(
        `these rows were not added: an earlier row added to this file failed (${(this.failure as Error).message}), and they were planned after it`,
        this.where("/"),
        { cause: this.failure },
      );
    }
    let h: ZarrHierarchy;
    let grown: GrownDataset[];
    try {
      h = await this.hierarchy();
      grown = await job();
    } catch (e) {
      this.failure = e;
      this.failures.push(e);
      throw e;
    }
    try {
      await growDatasets(h, grown);
    } catch (e) {
      this.failure = e;
      // As a stopped write: consolidated metadata shows the arrays' incomplete marks too.
      await h.consolidate().catch(() => undefined);
      const paths = grown.map((g) => g.dataset.path);
      const stopped = new IncompleteWriteError(
        `adding rows stopped: ${(e as Error).message}. The datasets are marked incomplete and readers refuse them`,
        e instanceof HdmfZarrError ? { store: e.store, path: e.path } : this.where(paths[0] ?? "/"), paths, { cause: e },
      );
      this.failures.push(stopped);
      throw stopped;
    }
    if (this.pending === 1) await h.consolidate();
  }
}
