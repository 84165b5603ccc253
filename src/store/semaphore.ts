/**
 * A counting semaphore: at most `limit` tasks hold a permit at once; the rest wait in FIFO order.
 * Used to bound the number of HTTP requests a store has in flight. The limit may change while
 * permits are held (an HTTP store lowers it when a server pushes back, and raises it again).
 */
import { InvalidArgumentError } from "../errors.js";

function checkLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1) throw new InvalidArgumentError(`concurrency limit must be a positive integer, got ${limit}`);
  return limit;
}

/** Counting semaphore with FIFO waiters. */
export class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private current: number;

  constructor(limit: number) {
    this.current = checkLimit(limit);
  }

  /** Most permits held at once. */
  get limit(): number {
    return this.current;
  }

  /**
   * Change the limit. A higher one lets waiters in at once; a lower one takes effect as permits
   * come back (tasks already running are not stopped).
   */
  setLimit(limit: number): void {
    this.current = checkLimit(limit);
    while (this.active < this.current && this.waiting.length) {
      this.active++;
      this.waiting.shift()!();
    }
  }

  /** Permits currently held. */
  get inUse(): number {
    return this.active;
  }

  /** Tasks waiting for a permit. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Wait for a permit; call the returned function exactly once to give it back. */
  async acquire(): Promise<() => void> {
    if (this.active < this.current) {
      this.active++;
    } else {
      // The releasing task hands its permit straight to us, so `active` is unchanged.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // Over a lowered limit, the permit is retired instead of handed on.
      const next = this.active <= this.current ? this.waiting.shift() : undefined;
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
