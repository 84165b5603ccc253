import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { InvalidArgumentError } from "../../../src/errors.js";
import { Semaphore } from "../../../src/store/semaphore.js";

describe("Semaphore", () => {
  it("holds back tasks beyond the limit and serves waiters in order", async () => {
    const sem = new Semaphore(2);
    const order: string[] = [];
    let active = 0;
    let peak = 0;
    const task = (name: string, ms: number) =>
      sem.run(async () => {
        active++;
        peak = Math.max(peak, active);
        order.push(`start ${name}`);
        await new Promise((r) => setTimeout(r, ms));
        active--;
      });
    await Promise.all([task("a", 20), task("b", 5), task("c", 1), task("d", 1)]);
    assert.equal(peak, 2);
    assert.deepEqual(order, ["start a", "start b", "start c", "start d"]);
    assert.equal(sem.inUse, 0);
  });

  it("gives a permit back once even if released twice, and after a failing task", async () => {
    const sem = new Semaphore(1);
    const release = await sem.acquire();
    release();
    release();
    assert.equal(sem.inUse, 0);
    await assert.rejects(sem.run(async () => Promise.reject(new Error("boom"))), /boom/);
    assert.equal(sem.inUse, 0);
    assert.throws(() => new Semaphore(0), InvalidArgumentError);
  });

  it("lets waiters in at once when the limit rises, and retires permits when it falls", async () => {
    const sem = new Semaphore(2);
    const releases = [await sem.acquire(), await sem.acquire()];
    const waiting = [sem.acquire(), sem.acquire(), sem.acquire()];
    assert.deepEqual([sem.inUse, sem.queued], [2, 3]);
    sem.setLimit(4);
    assert.deepEqual([sem.inUse, sem.queued, sem.limit], [4, 1, 4]);
    releases.push(await waiting[0], await waiting[1]);
    // Four held, one waiting; at a limit of 2 the next two releases retire their permits.
    sem.setLimit(2);
    releases.shift()!();
    releases.shift()!();
    assert.deepEqual([sem.inUse, sem.queued], [2, 1]);
    releases.shift()!(); // now at the limit: this permit goes to the waiter
    assert.deepEqual([sem.inUse, sem.queued], [2, 0]);
    releases.push(await waiting[2]);
    for (const release of releases) release();
    assert.equal(sem.inUse, 0);
    assert.throws(() => sem.setLimit(0), InvalidArgumentError);
  });
});
