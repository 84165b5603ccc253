/**
 * Bounded concurrency: a semaphore and a promise pool. Chunk reads and writes go through these
 * so a large selection never has every chunk fetch (and its bytes) in flight at once.
 */
import { Semaphore } from "../store/semaphore.js";

export { Semaphore };

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
