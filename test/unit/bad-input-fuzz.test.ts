/**
 * Bad input, random corruption: small files of both formats (every codec, compound, scalar, bool,
 * links, references, a pickled legacy array) get seeded random byte flips and truncations, and
 * each variant is read whole (tree and all values) in `r` and `r-`. Every failure must be a typed
 * error naming the store; no variant may hang or take the process down. The reads run in a
 * child process with a per-variant watchdog, so a hang is caught and named, not waited out.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { DatasetBuilder, GroupBuilder } from "../../src/format/builders.js";
import { ZarrDataIO } from "../../src/io/zarr-data-io.js";
import type { ZarrIOOptions } from "../../src/io/zarr-io.js";
import type { ZarrFormat } from "../../src/zarr/metadata-types.js";
import { OBJECT_ARRAY_BY_PROTOCOL } from "./codecs-pickle-streams.js";
import { storeFiles } from "./bad-input-fuzz-damage.js";
import { chunkFile, editNodeMetadata, makeTemp, readEverything, removeTemp, sampleTree, writeStore } from "./bad-input-helpers.js";
import { runIsolated, startChild, stderrTail, stopChild, type Outcome, type ChildMessage } from "./bad-input-isolated.js";

/** Seed and number of variants; override with BAD_INPUT_FUZZ_SEED / BAD_INPUT_FUZZ_VARIANTS to explore further. */
const SEED = Number(process.env.BAD_INPUT_FUZZ_SEED ?? 20240611);
/** Variant numbers; each damages both files, so twice as many damaged files are read. */
const VARIANTS = Number(process.env.BAD_INPUT_FUZZ_VARIANTS ?? 120);
/** A variant that makes no progress for this long counts as a hang. */
const VARIANT_TIMEOUT = 10_000;

/** The sample tree plus one dataset of each kind the format can hold. */
function fuzzTree(format: ZarrFormat): GroupBuilder {
  const root = sampleTree();
  const grid = { dtype: { kind: "numeric", name: "int16", endian: "little" } as const, shape: [4, 3], data: Int16Array.from([1, -2, 3, -4, 5, -6, 7, -8, 9, -10, 11, -12]) };
  const codecs: [string, object][] = format === 3
    ? [["gz", { compressors: [{ name: "gzip", configuration: { level: 1 } }] }], ["crc", { compressors: [{ name: "crc32c", configuration: {} }] }],
      ["bl", { compressors: [{ name: "blosc", configuration: { cname: "zstd", clevel: 3, shuffle: "bitshuffle", typesize: 2, blocksize: 0 } }] }]]
    : [["gz", { compressor: { id: "gzip", level: 1 } }], ["zs", { compressor: { id: "zstd", level: 1 } }], ["lz", { compressor: { id: "lz4", acceleration: 1 } }]];
  root.setDataset(new DatasetBuilder("grid", new ZarrDataIO(grid, { chunks: [2, 2] }), { dtype: "int16" }));
  for (const [name, opts] of codecs) root.setDataset(new DatasetBuilder(name, new ZarrDataIO([10, 20, 30, 40], opts), { dtype: "int16" }));
  root.setDataset(new DatasetBuilder("table", [{ id: 1, label: "one" }, { id: 2, label: "two" }], { dtype: [{ name: "id", dtype: "int32" }, { name: "label", dtype: "text" }] }));
  root.setDataset(new DatasetBuilder("flags", [true, false, true], { dtype: "bool" }));
  root.setDataset(new DatasetBuilder("scalar", 2.5, { dtype: "float64" }));
  if (format === 2) root.setDataset(new DatasetBuilder("pk", Array.from({ length: 13 }, (_, i) => `p${i}`), { dtype: "text" }));
  return root;
}

/** v2: make `/pk` a pickle-coded object array (as hdmf-zarr ≤ 0.13 wrote some), so the unpickler is fuzzed too. */
function picklePk(dir: string): void {
  editNodeMetadata(dir, 2, "pk", (d) => {
    d.filters = [{ id: "pickle", protocol: 2 }];
    d.compressor = null;
  });
  writeFileSync(chunkFile(dir, "pk", 2), Buffer.from(OBJECT_ARRAY_BY_PROTOCOL[2], "hex"));
}

/**
 * Untyped errors already recorded as bugs (each has its own todo test). The fuzz lists them but
 * fails only on new ones, so it keeps guarding while they wait for a fix.
 */
const KNOWN_BUGS: { name: string; matches: (o: Outcome) => boolean }[] = [];

interface Report {
  outcomes: { id: number; label: string; outcome: Outcome; ms: number }[];
  hangs: { id: number }[];
  crashes: { id: number; message: string }[];
}

/** Run variants [from, to) in child processes; a variant that stalls or kills its child is recorded and the next child goes on after it. */
async function runFuzz(args: Record<string, unknown>, from: number, to: number): Promise<Report> {
  const report: Report = { outcomes: [], hangs: [], crashes: [] };
  let next = from;
  while (next < to) {
    await new Promise<void>((resolve) => {
      const child = startChild("fuzz", { ...args, from: next, to });
      let current = next;
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      const finish = () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        stopChild(child);
        resolve();
      };
      // Generous for the first variant, which also pays for starting the child.
      const arm = (ms = VARIANT_TIMEOUT) => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          report.hangs.push({ id: current });
          next = current + 1;
          finish();
        }, ms);
      };
      child.on("message", (m: ChildMessage) => {
        if (m.type === "start") {
          current = m.id;
          arm();
        } else if (m.type === "done") {
          for (const o of m.outcomes) report.outcomes.push({ id: m.id, ...o });
          next = m.id + 1;
        } else {
          next = to;
          finish();
        }
      });
      const died = (message: string) => {
        if (settled) return;
        report.crashes.push({ id: current, message });
        next = current + 1;
        finish();
      };
      child.on("error", (e) => died(`${e.name}: ${e.message}`));
      child.on("exit", (code, signal) => died(`child exited (code ${code}, signal ${signal}): ${stderrTail(child)}`));
      arm(VARIANT_TIMEOUT * 3);
    });
  }
  return report;
}

describe("random corruption fuzz", () => {
  let tmp: string;
  let bases: { label: string; dir: string; options?: ZarrIOOptions }[];
  before(async () => {
    tmp = makeTemp("fuzz");
    const v3 = await writeStore(join(tmp, "base-v3.zarr"), 3, fuzzTree(3));
    const v2 = await writeStore(join(tmp, "base-v2.zarr"), 2, fuzzTree(2));
    picklePk(v2);
    bases = [{ label: "v3", dir: v3 }, { label: "v2", dir: v2, options: { allowPickle: true } }];
  });
  after(() => removeTemp(tmp));

  it("the undamaged files read whole, in a child process too (the harness works)", { timeout: 30_000 }, async () => {
    for (const base of bases) {
      const values = await readEverything(base.dir, "r", base.options);
      assert.deepEqual(values.get("/grid"), [1, -2, 3, -4, 5, -6, 7, -8, 9, -10, 11, -12]);
      assert.deepEqual(values.get("/flags"), [true, false, true]);
      assert.ok(storeFiles(base.dir).length > 20, `${base.label} has files to damage`);
      const result = await runIsolated("read", { dir: base.dir, modes: ["r", "r-"], options: base.options }, 15_000);
      assert.equal(result.kind, "finished");
      const done = result.messages.find((m) => m.type === "done");
      assert.deepEqual(done?.type === "done" && done.outcomes.map((o) => o.outcome), [{ kind: "ok" }, { kind: "ok" }], base.label);
    }
    assert.equal((await readEverything(bases[1].dir, "r", bases[1].options)).get("/pk")?.[1], "é😀");
  });

  let fuzzRun: Promise<Report> | undefined;
  /** The fuzz runs once; both tests below look at its report. */
  const fuzz = () => (fuzzRun ??= runFuzz({ bases, workRoot: tmp, seed: SEED, modes: ["r", "r-"] }, 0, VARIANTS));
  const show = (list: Report["outcomes"]) =>
    list.slice(0, 8).map((o) => `variant ${o.id} ${o.label}: ${JSON.stringify(o.outcome).slice(0, 600)}`).join("\n");

  it(`${VARIANTS} seeded variants of each file: only typed errors naming the store, no hang, no crash`, { timeout: 120_000 + VARIANTS * 1_000 }, async (t) => {
    const report = await fuzz();
    const byKind = new Map<string, number>();
    for (const o of report.outcomes) {
      const key = o.outcome.kind === "typed" ? o.outcome.name : o.outcome.kind;
      byKind.set(key, (byKind.get(key) ?? 0) + 1);
    }
    t.diagnostic(`seed ${SEED}: ${report.outcomes.length} reads: ${[...byKind].map(([k, v]) => `${k} ${v}`).join(", ")}`);
    const slowest = [...report.outcomes].sort((a, b) => b.ms - a.ms)[0];
    if (slowest) t.diagnostic(`slowest read: ${slowest.ms} ms, variant ${slowest.id} ${slowest.label}`);
    for (const bug of KNOWN_BUGS) {
      const hits = report.outcomes.filter((o) => bug.matches(o.outcome)).length;
      if (hits) t.diagnostic(`known bug hit ${hits} times: ${bug.name}`);
    }
    const untyped = report.outcomes.filter((o) => o.outcome.kind === "untyped" && !KNOWN_BUGS.some((b) => b.matches(o.outcome)));
    const unlocated = report.outcomes.filter((o) => o.outcome.kind === "typed" && !o.outcome.located);
    assert.deepEqual(report.hangs, [], `variants that hung (seed ${SEED})`);
    assert.deepEqual(report.crashes, [], `variants that killed the child process (seed ${SEED})`);
    assert.equal(untyped.length, 0, `untyped errors (seed ${SEED}):\n${show(untyped)}`);
    assert.equal(unlocated.length, 0, `typed errors that do not name the store and a path (seed ${SEED}):\n${show(unlocated)}`);
    // The damage must bite, and not only at the root: errors from several layers, and some reads that still succeed.
    assert.equal(report.outcomes.length, VARIANTS * bases.length * 2);
    assert.ok((byKind.get("ok") ?? 0) > 0, "some damaged variants still read");
    for (const cls of ["MetadataError", "ChunkDecodeError", "UnsupportedDtypeError"]) assert.ok((byKind.get(cls) ?? 0) > 0, `some reads fail with ${cls}`);
  });

  it(
    "the fuzz meets none of the known bugs",
    { timeout: 120_000 + VARIANTS * 1_000 },
    async () => {
      const report = await fuzz();
      const known = report.outcomes.filter((o) => KNOWN_BUGS.some((b) => b.matches(o.outcome)));
      assert.equal(known.length, 0, show(known));
    },
  );
});
