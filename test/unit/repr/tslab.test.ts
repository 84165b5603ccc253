/**
 * `display()` inside real tslab cells: compiled and run by tslab's converter and executor (the
 * driver in test/package), with what tslab would send to the notebook recorded. With tslab's
 * internal writer in reach the whole bundle goes out as ONE display_data message holding all three
 * MIME types; without it, one message per type through the kernel's `display.raw`; outside tslab
 * the text is printed.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ZarrIO, type DatasetBuilder } from "../../../src/index.js";
import { HDMF_ZARR_MIME, sendMimeBundle, toMimeBundle } from "../../../src/repr/index.js";
import { validate } from "./json-schema.js";
import { ECEPHYS_FIXTURE } from "../../helpers/fixture-paths.js";
import { tempFolder } from "../../helpers/temp-folders.js";

const RUNNER = resolve(__dirname, "tslab-runner.cjs");
// tsx by URL: the runner's cwd is a temp folder, where a bare "tsx" would not resolve.
const TSX = pathToFileURL(require.resolve("tsx")).href;
const SRC_INDEX = resolve(__dirname, "../../../src/index.ts");
const REPR_INDEX = resolve(__dirname, "../../../src/repr/index.ts");
const FIXTURE = ECEPHYS_FIXTURE;
const schema = JSON.parse(readFileSync(resolve(__dirname, "../../../src/repr/mime-schema.json"), "utf8"));

interface Display {
  message: { data: Record<string, unknown>; metadata: unknown; transient: unknown };
  update: boolean;
}

function cells(): string[] {
  return [
    // 1: the kernel's writer is there: one output with the whole bundle. The cell ends with the
    // awaited display(), so anything display() returned would be printed by tslab after it.
    `const lib = require(${JSON.stringify(SRC_INDEX)});
const repr = require(${JSON.stringify(REPR_INDEX)});
const root = await new lib.ZarrIO(${JSON.stringify(FIXTURE)}, "r").readBuilder();
await repr.display(root.get("acquisition/ElectricalSeries/data"))`,
    // 2: a tslab whose internal writer cannot be found (the module is not in the cache): one
    // output per MIME type through the kernel's public display.raw.
    `for (const key of Object.keys(require.cache)) if (/tslab[\\\\/]dist[\\\\/]jupyter\\.js$/.test(key)) delete require.cache[key];
console.log("ROUTE " + repr.sendMimeBundle(await repr.toMimeBundle(root.get("general/extracellular_ephys/electrodes"))));`,
  ];
}

function run(dir: string): Promise<string> {
  return new Promise((ok, fail) => {
    execFile(process.execPath, ["--import", TSX, RUNNER, "cells.json"], { cwd: dir, timeout: 90_000, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (err) fail(new Error(`runner failed: ${err.message}\n${stdout}\n${stderr}`));
      else ok(stdout);
    });
  });
}

/** The stdout of each cell, split on the driver's `--- cell N` lines. */
function perCell(stdout: string): string[] {
  return stdout.split(/^--- cell \d+\n/m).slice(1).map((s) => s.replace(/^RESULT .*\n?/m, ""));
}

function displays(out: string): Display[] {
  return out.split("\n").filter((l) => l.startsWith("DISPLAY ")).map((l) => JSON.parse(l.slice(8)) as Display);
}

test("display() in tslab cells sends the bundle as one output, or one output per type without the hook", async () => {
  const dir = tempFolder("repr-tslab");
  try {
    writeFileSync(join(dir, "cells.json"), JSON.stringify(cells()));
    const stdout = await run(dir);
    const result = JSON.parse(stdout.split("\n").reverse().find((l) => l.startsWith("RESULT "))!.slice(7));
    assert.deepEqual(result.cells, [{ ok: true, errors: [] }, { ok: true, errors: [] }], "both cells compile and run");
    const [cell1, cell2] = perCell(stdout);

    // Cell 1: exactly one message, holding all three MIME types, and nothing else printed.
    const one = displays(cell1);
    assert.equal(one.length, 1);
    assert.deepEqual(cell1.trim().split("\n").filter((l) => !l.startsWith("DISPLAY ")), [], "display() resolves to nothing tslab would print");
    const { message, update } = one[0];
    assert.equal(update, false);
    assert.deepEqual(Object.keys(message.data).sort(), [HDMF_ZARR_MIME, "text/html", "text/plain"]);
    assert.deepEqual(message.metadata, {});
    assert.deepEqual(message.transient, {});
    const payload = message.data[HDMF_ZARR_MIME] as { kind: string; path: string; shape: number[] };
    assert.deepEqual(validate(schema, payload), []);
    assert.deepEqual([payload.kind, payload.path, payload.shape], ["dataset", "/acquisition/ElectricalSeries/data", [50, 4]]);
    // The same bundle as built here, outside tslab.
    const root = await new ZarrIO(FIXTURE, "r").readBuilder();
    const expected = await toMimeBundle(root.get("acquisition/ElectricalSeries/data") as DatasetBuilder);
    assert.deepEqual(message.data, JSON.parse(JSON.stringify(expected)));

    // Cell 2: three messages, one MIME type each; the payload as a JSON object, not a string.
    const three = displays(cell2);
    assert.deepEqual(three.map((d) => Object.keys(d.message.data)), [[HDMF_ZARR_MIME], ["text/html"], ["text/plain"]]);
    assert.equal(typeof three[0].message.data[HDMF_ZARR_MIME], "object");
    assert.equal((three[0].message.data[HDMF_ZARR_MIME] as { path: string }).path, "/general/extracellular_ephys/electrodes");
    assert.match(three[1].message.data["text/html"] as string, /^<div style=/);
    assert.match(three[2].message.data["text/plain"] as string, /^Group 'electrodes'/);
    assert.match(cell2, /^ROUTE per-type$/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("outside tslab, the bundle's text is printed", async () => {
  assert.equal((globalThis as { __tslab__?: unknown }).__tslab__, undefined);
  const root = await new ZarrIO(FIXTURE, "r").readBuilder();
  const bundle = await toMimeBundle(root.get("identifier") as DatasetBuilder);
  const printed: unknown[][] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => void printed.push(args);
  let route;
  try {
    route = sendMimeBundle(bundle);
  } finally {
    console.log = log;
  }
  assert.equal(route, "text");
  assert.deepEqual(printed, [[bundle["text/plain"]]]);
  assert.match(bundle["text/plain"], /^Dataset 'identifier' {2}\/identifier\n {4}scalar {2}text/);
});
