/**
 * Round trips and bytes of remote reads, counted by a real HTTP server with first-byte latency:
 * a request that arrives after an answer of round k was sent belongs to round k + 1 (the
 * server's own count, test/helpers/http-server.ts), so every wait for an answer shows.
 */
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { GroupBuilder } from "../../../src/format/builders.js";
import { walkBuilders } from "../../../src/format/walk-builders.js";
import { ZarrDataIO } from "../../../src/io/zarr-data-io.js";
import { loadNwbTypes, NWBFile, NWBZarrIO, TimeSeries } from "../../../src/nwb/index.js";
import { slice } from "../../../src/zarr/indexing.js";
import { ECEPHYS_FIXTURE, ZARR_TUTORIAL_FIXTURE } from "../../helpers/fixture-paths.js";
import { startHttpServer } from "../../helpers/http-server.js";
import { tempFolders } from "../../helpers/temp-folders.js";

const tmp = tempFolders("hdmf-zarr-http-rounds");
after(() => tmp.cleanup());

/** Long enough that requests sent together arrive before any answer, even on a busy machine. */
const DELAY_MS = 400;

const ROWS = 4000;
const CHANNELS = 16;
const CHUNK = [500, 8];

/** A small NWB file written here, with an int16 series of ROWS × CHANNELS in CHUNK chunks. */
async function writeFile(zarrFormat: 2 | 3): Promise<string> {
  await loadNwbTypes();
  const path = join(tmp.make(), "remote.nwb.zarr");
  const file = new NWBFile({ identifier: "remote-rounds", sessionDescription: "rounds", sessionStartTime: new Date("2024-01-02T03:04:05Z") });
  const values = new Int16Array(ROWS * CHANNELS).map((_, i) => (i % 997) - 498);
  const data = new ZarrDataIO({ dtype: { kind: "numeric", name: "int16", endian: "little" }, shape: [ROWS, CHANNELS], data: values }, { chunks: CHUNK });
  file.addAcquisition(new TimeSeries({ name: "raw", data, unit: "V", rate: 1000 }));
  await new NWBZarrIO(path, "w", { zarrFormat }).write(file);
  return path;
}

for (const zarrFormat of [3, 2] as const) {
  test(`an NWB file written here (Zarr v${zarrFormat}, consolidated) opens over HTTP in at most 3 round trips`, async () => {
    const path = await writeFile(zarrFormat);
    const server = await startHttpServer(path, { delayMs: DELAY_MS });
    try {
      const file = await NWBZarrIO.readNwb(server.url + "/");
      assert.equal(file.identifier, "remote-rounds");
      assert.equal(file.sessionDescription, "rounds");
      // consolidated metadata; the cached specifications and the small values the open reads
      const { total, rounds } = server.stats;
      assert.ok(rounds <= 3, `${rounds} round trips for ${total} requests`);
      assert.ok(total >= 20, `${total} requests: the spec cache's documents are read`);
    } finally {
      await server.close();
    }
  });
}

test("a file whose spec cache is outside its consolidated metadata opens in one round trip per level of the cache", async () => {
  // hdmf-zarr < 0.11.2 consolidated before caching the spec: the cache is found by listing.
  const server = await startHttpServer(ZARR_TUTORIAL_FIXTURE, { delayMs: DELAY_MS, directoryListing: "html" });
  try {
    const file = await NWBZarrIO.readNwb(server.url + "/");
    assert.equal(file.identifier, "EXAMPLE_ID");
    // .zmetadata; the root's attributes beside the default cache location's listing and metadata;
    // the namespaces; their versions; the documents with their chunks; the NWBFile's values.
    const { total, rounds } = server.stats;
    assert.ok(rounds <= 6, `${rounds} round trips for ${total} requests`);
    assert.equal(server.stats.count("/specifications/core/2.6.0-alpha/nwb.base/0"), 1);
  } finally {
    await server.close();
  }
});

test("a file without consolidated metadata opens in round trips set by its depth, not by its number of nodes", async () => {
  const server = await startHttpServer(ECEPHYS_FIXTURE, { delayMs: DELAY_MS, directoryListing: "html" });
  try {
    const io = new NWBZarrIO(server.url + "/", "r");
    const file = await io.read<NWBFile>();
    assert.equal(file.identifier, "EXAMPLE_ID");
    const { total, rounds } = server.stats;
    const builders = [...walkBuilders(await io.readBuilder())];
    const groups = builders.filter((b) => b instanceof GroupBuilder).length;
    const depth = Math.max(...builders.map((b) => b.path.split("/").length - 1));
    // Each level costs its listings, then its nodes' documents: two round trips, for every node of
    // the level at once. Then the probe for consolidated metadata and the root, and the values.
    assert.ok(rounds <= 2 * depth + 6, `${rounds} round trips for ${total} requests, ${groups} groups, depth ${depth}`);
    assert.ok(total > 4 * rounds, `${total} requests in ${rounds} round trips`);
    await io.close();
  } finally {
    await server.close();
  }
});

/** The stored chunk files of an array folder, by chunk key. */
function chunkFiles(array: string): Map<string, number> {
  const out = new Map<string, number>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (!/^(zarr\.json|\.zarray|\.zattrs)$/.test(name)) out.set(relative(array, full).split("\\").join("/"), statSync(full).size);
    }
  };
  walk(array);
  return out;
}

test("a bulk read under a bandwidth cap asks for every chunk it needs once, all in one round trip", async () => {
  const path = await writeFile(3);
  const server = await startHttpServer(path, { delayMs: DELAY_MS, bytesPerSecond: 20e6 });
  try {
    const file = await NWBZarrIO.readNwb(server.url + "/");
    const series = file.acquisition.get("raw", TimeSeries);
    server.stats.reset();
    const [start, stop] = [700, 3300];
    const block = await series.data!.get([slice(start, stop), slice(0, 8)]);
    assert.deepEqual(block.shape, [stop - start, 8]);
    const values = block.data as Int16Array;
    assert.equal(values[0], ((start * CHANNELS) % 997) - 498);
    assert.equal(values[values.length - 1], (((stop - 1) * CHANNELS + 7) % 997) - 498);

    // Rows 700..3299 lie in row chunks 1..6, channels 0..7 in channel chunk 0.
    const stored = chunkFiles(join(path, "acquisition", "raw", "data"));
    const needed = [1, 2, 3, 4, 5, 6].map((r) => `c/${r}/0`);
    const asked = server.stats.log.map((r) => r.path.replace("/acquisition/raw/data/", ""));
    assert.deepEqual([...asked].sort(), needed.sort(), "each needed chunk once, nothing else");
    const bytes = needed.reduce((n, key) => n + stored.get(key)!, 0);
    assert.equal(server.stats.bytes, bytes);
    assert.equal(server.stats.rounds, 1);
  } finally {
    await server.close();
  }
});

test("the bandwidth cap is shared by all connections", async () => {
  const path = await writeFile(3);
  const server = await startHttpServer(path, { bytesPerSecond: 2e6 });
  try {
    const keys = [...chunkFiles(join(path, "acquisition", "raw", "data")).entries()].slice(0, 8);
    const bytes = keys.reduce((n, [, size]) => n + size, 0);
    const t0 = performance.now();
    await Promise.all(keys.map(([key]) => fetch(`${server.url}/acquisition/raw/data/${key}`).then((r) => r.arrayBuffer())));
    const seconds = (performance.now() - t0) / 1000;
    assert.equal(server.stats.bytes, bytes);
    // 8 parallel answers together take as long as their bytes through one 2 MB/s link (less 1 ms a slice of slack).
    assert.ok(seconds >= bytes / 2e6 - 0.01, `${bytes} bytes in ${seconds.toFixed(3)} s`);
  } finally {
    await server.close();
  }
});
