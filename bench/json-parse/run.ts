/**
 * Parse time of a 10 MB consolidated metadata document (Zarr v3 root `zarr.json` of ~9,500 nodes,
 * written as zarr-python writes it): plain JSON.parse (which rounds integers beyond 2^53 and
 * refuses Python's NaN tokens) against the exact parser (bigints for integers beyond 2^53, bare
 * NaN accepted). Three documents: plain; with a bare NaN attribute on every 50th array; with one
 * attribute 2^64 − 1.
 * Usage: node --import tsx bench/json-parse/run.ts [--runs N]
 */
import { parseJsonExact } from "../../src/zarr/json-exact.js";
import { v3ConsolidatedRoot } from "../../src/zarr/consolidated.js";
import { v3Json } from "../../src/zarr/metadata-v3.js";
import type { ConsolidatedIndex } from "../../src/zarr/consolidated.js";
import type { ArrayMetadata } from "../../src/zarr/metadata-types.js";

const runsArg = process.argv.indexOf("--runs");
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 15;

function documentText(nodes: number, special: "none" | "nan" | "bigint"): string {
  const index: ConsolidatedIndex = new Map();
  index.set("", { zarrFormat: 3, nodeType: "group", attributes: { namespace: "core", neurodata_type: "NWBFile", object_id: "0b2c5a9e-8d3c-4f1e-9a77-2f5e4c1d0a11" } });
  for (let i = 0; i < nodes; i++) {
    const group = `acquisition/series_${Math.floor(i / 4)}`;
    if (i % 4 === 0) index.set(group, { zarrFormat: 3, nodeType: "group", attributes: { description: `series ${i} ${"é".repeat(i % 3)}`, comments: "no comments", namespace: "core", neurodata_type: "TimeSeries", object_id: `7f1e${String(i).padStart(8, "0")}-1c2d-4e5f-8a9b-0c1d2e3f4a5b` } });
    const meta: ArrayMetadata = {
      zarrFormat: 3, nodeType: "array", shape: [100000 + i, 32], chunkShape: [16384, 32],
      dtype: { kind: "numeric", name: i % 2 ? "float64" : "int16", endian: "little" }, fillValue: 0,
      order: "C", chunkKeyEncoding: { kind: "default", separator: "/" },
      codecs: [{ name: "bytes", configuration: { endian: "little" } }, { name: "zstd", configuration: { level: 0, checksum: false } }],
      // A float attribute NaN is written as Python writes it, a bare NaN token.
      attributes: { _DTYPE: i % 2 ? "float64" : "int16", conversion: special === "nan" && i % 50 === 0 ? NaN : 0.10000000149011612 * (i + 1), offset: -1.5e-7 * i, resolution: -1, unit: "volts", _ARRAY_DIMENSIONS: ["time", "channel"], calibration: [0.5, 1.25, i, i * 3.3] },
    };
    index.set(`${group}/${i % 4 === 0 ? "data" : i % 4 === 1 ? "timestamps" : `x${i}`}`, meta);
  }
  if (special === "bigint") (index.get(`acquisition/series_0/data`) as ArrayMetadata).attributes.max = 2n ** 64n - 1n;
  return v3Json(v3ConsolidatedRoot(index, "bench"));
}

/**
 * Median and fastest of RUNS runs, in ms of CPU time of this process ("median (fastest)"): CPU
 * time moves less than wall time when the machine is shared.
 */
function time(f: () => unknown): string {
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t = process.cpuUsage();
    f();
    const d = process.cpuUsage(t);
    times.push((d.user + d.system) / 1e3);
  }
  times.sort((a, b) => a - b);
  return `${times[Math.floor(times.length / 2)].toFixed(1)} (${times[0].toFixed(1)})`;
}

let nodes = 1000;
while (documentText(nodes, "none").length < 10e6) nodes = Math.ceil(nodes * 1.5);
console.log(`| document | size | JSON.parse, CPU ms: median (fastest) | exact parser, CPU ms: median (fastest) |`);
console.log(`|---|---|---|---|`);
for (const special of ["none", "nan", "bigint"] as const) {
  const text = documentText(nodes, special);
  let plain: string;
  try {
    JSON.parse(text);
    plain = time(() => JSON.parse(text));
  } catch {
    plain = "refuses the text";
  }
  const exact = time(() => parseJsonExact(text));
  console.log(`| ${special === "none" ? "plain" : special === "nan" ? "bare NaN in 2% of arrays" : "one attribute 2^64−1"} | ${(text.length / 1e6).toFixed(1)} MB, ${nodes} arrays | ${plain} | ${exact} |`);
}
