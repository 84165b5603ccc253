/**
 * Tasks started one after another and run at most `limit` at once (the blocks in write workers):
 * the first failure is kept, and the next `start` or `drain` throws it, so a sink stops taking
 * blocks once one has failed and its caller's failure path runs after every block has settled.
 */
export class BoundedTasks {
  private readonly running = new Set<Promise<void>>();
  private failed = false;
  private failure: unknown;

  constructor(private readonly limit: number) {}

  /** Wait until fewer than `limit` tasks run, then start `task` (without waiting for it). */
  async start(task: () => Promise<void>): Promise<void> {
    this.check();
    while (this.running.size >= this.limit) await Promise.race(this.running);
    this.check();
    const running: Promise<void> = task()
      .catch((err: unknown) => {
        if (!this.failed) ((this.failed = true), (this.failure = err));
      })
      .finally(() => this.running.delete(running));
    this.running.add(running);
  }

  /** Wait until every task started has settled; throws the first failure. */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.running]);
    this.check();
  }

  private check(): void {
    if (this.failed) throw this.failure;
  }
}
