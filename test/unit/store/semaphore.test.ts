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
});
