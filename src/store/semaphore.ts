/**
 * A counting semaphore: at most `limit` tasks hold a permit at once; the rest wait in FIFO order.
 * Used to bound the number of HTTP requests a store has in flight.
 */
import { InvalidArgumentError } from "../errors.js";

/** Counting semaphore with FIFO waiters. */
export class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new InvalidArgumentError(`concurrency limit must be a positive integer, got ${limit}`);
  }

  /** Permits currently held. */
  get inUse(): number {
    return this.active;
  }

  /** Wait for a permit; call the returned function exactly once to give it back. */
  async acquire(): Promise<() => void> {
    if (this.active < this.limit) {
      this.active++;
    } else {
      // The releasing task hands its permit straight to us, so `active` is unchanged.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    };
  }

  /** Run `task` while holding a permit. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await task();
    } finally {
      release();
    }
  }
}
