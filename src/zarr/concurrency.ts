/**
 * Bounded concurrency: a semaphore and a promise pool. Chunk reads and writes go through these
 * so a large selection never has every chunk fetch (and its bytes) in flight at once.
 */

/** A counting semaphore: at most `limit` holders at a time, waiters served first come, first served. */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  /** @param limit how many holders may run at once (at least 1) */
  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`semaphore limit must be an integer >= 1, got ${limit}`);
  }

  /** Number of current holders. */
  get inFlight(): number {
    return this.active;
  }

  /** Wait for a slot; resolves to the function that gives it back (call it exactly once). */
  async acquire(): Promise<() => void> {
    if (this.active < this.limit) {
      this.active++;
    } else {
      // The releaser hands its slot straight to us, so `active` stays unchanged.
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

  /** Run `fn` while holding a slot. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

/**
 * Call `fn` on every item with at most `limit` calls pending at once. Items are pulled from the
 * iterable lazily, so a generator of millions of chunk coordinates costs no memory up front.
 * On the first failure no new item is started; the returned promise rejects with that error once
 * the calls already started have settled (so nothing is left running behind the caller's back).
 */
export async function forEachConcurrent<T>(
  items: Iterable<T>,
  limit: number,
  fn: (item: T, index: number) => Promise<void>,
): Promise<void> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`concurrency limit must be an integer >= 1, got ${limit}`);
  const iterator = items[Symbol.iterator]();
  let next = 0;
  let failed = false;
  let firstError: unknown;

  const worker = async (): Promise<void> => {
    while (!failed) {
      let step: IteratorResult<T>;
      try {
        step = iterator.next();
      } catch (err) {
        failed = true;
        firstError = err;
        return;
      }
      if (step.done) return;
      const index = next++;
      try {
        await fn(step.value, index);
      } catch (err) {
        if (!failed) {
          failed = true;
          firstError = err;
        }
        return;
      }
    }
  };

  const workers: Promise<void>[] = [];
  for (let i = 0; i < limit; i++) workers.push(worker());
  // Workers never reject, so this waits for every started call.
  await Promise.all(workers);
  if (failed) throw firstError;
}

/** Like `forEachConcurrent`, resolving to the results of `fn` in input order. */
export async function mapConcurrent<T, R>(
  items: Iterable<T>,
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  await forEachConcurrent(items, limit, async (item, index) => {
    results[index] = await fn(item, index);
  });
  return results;
}
