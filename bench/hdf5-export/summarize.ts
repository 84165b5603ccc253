/**
 * Print the figures of one run of bench/hdf5-export/run.sh: time and peak memory (max RSS) of each
 * exporter, the sizes on disk, and the check of both exports against the original. The last line
 * is the summary as JSON. With --results, a section with the figures is added to bench/RESULTS.md.
 * Exit status 1 when an export does not read back equal.
 * Usage: node --import tsx bench/hdf5-export/summarize.ts RESULTS_DIR OURS.zarr PYTHON.zarr [--results]
 */
import { appendFileSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

interface Run {
  seconds: number;
  max_rss_kb: number;
}
interface Check {
  shape: number[];
  ours: { equal: boolean; pynwb_shape: number[]; chunks: number[]; codecs: string[] };
  python: { equal: boolean; pynwb_shape: number[]; chunks: number[]; codecs: string[] };
}

const read = <T>(dir: string, name: string): T => JSON.parse(readFileSync(join(dir, name), "utf8")) as T;

/** Bytes of every file below a folder. */
function diskBytes(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.size;
  return readdirSync(path).reduce((sum, name) => sum + diskBytes(join(path, name)), 0);
}

const mb = (bytes: number) => (bytes / 1e6).toFixed(1);

function main(): number {
  const [dir, oursPath, pythonPath] = process.argv.slice(2);
  const file = read<{ file: string; bytes: number; shape: number[] }>(dir, "file.json");
  const ours = read<Run>(dir, "ours.json");
  const python = read<Run>(dir, "python.json");
  const check = read<Check>(dir, "check.json");
  const summary = {
    file: { bytes: file.bytes, shape: file.shape },
    ours: { seconds: ours.seconds, maxRssMB: ours.max_rss_kb / 1024, outputBytes: diskBytes(oursPath), ...check.ours },
    python: { seconds: python.seconds, maxRssMB: python.max_rss_kb / 1024, outputBytes: diskBytes(pythonPath), ...check.python },
  };
  const rows = [
    `| | hdmf-zarr 0.14 | ours | ratio |`,
    `|---|---:|---:|---:|`,
    `| time (s) | ${python.seconds.toFixed(1)} | ${ours.seconds.toFixed(1)} | ${(python.seconds / ours.seconds).toFixed(2)}× |`,
    `| peak memory, max RSS (MiB) | ${(python.max_rss_kb / 1024).toFixed(1)} | ${(ours.max_rss_kb / 1024).toFixed(1)} | ${(python.max_rss_kb / ours.max_rss_kb).toFixed(2)}× |`,
    `| output on disk (MB) | ${mb(summary.python.outputBytes)} | ${mb(summary.ours.outputBytes)} | |`,
    `| samples equal to the original | ${check.python.equal} | ${check.ours.equal} | |`,
    `| codecs of the series | ${check.python.codecs.join(" + ")} | ${check.ours.codecs.join(" + ")} | |`,
  ];
  const heading = `NWB HDF5 file of ${mb(file.bytes)} MB (ElectricalSeries int16 [${file.shape.join(", ")}], chunked, gzip 4)`;
  console.log(`${heading}\n\n${rows.join("\n")}\n`);
  if (process.argv.includes("--results")) {
    const when = new Date().toISOString().slice(0, 16).replace("T", " ");
    appendFileSync(resolve(__dirname, "../RESULTS.md"), [
      "", `## HDF5 → Zarr export (${when})`, "",
      "`bash bench/hdf5-export/run.sh --results`: one run each, in its own process, on the same file, written by",
      "pynwb (`bench/hdf5-export/make_file.py`); hdmf-zarr 0.14 runs `NWBZarrIO.export(src_io=NWBHDF5IO(...),",
      "write_args={link_data: False})`, ours `ZarrIO.export(new Hdf5IO(...))`. Peak memory is each process's max RSS.",
      "Both exports are read back block by block (h5py vs zarr-python) and opened with pynwb.", "",
      heading, "", ...rows, "",
    ].join("\n"));
  }
  console.log(JSON.stringify(summary));
  return check.ours.equal && check.python.equal ? 0 : 1;
}

process.exitCode = main();
