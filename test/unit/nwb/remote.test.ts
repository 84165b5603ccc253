/**
 * `NWBZarrIO.readNwb(url)` reads NWB files over HTTP anonymously (a real node:http server on
 * 127.0.0.1 with Range requests): a pynwb-written fixture (served with directory indexes, as
 * `python -m http.server` does: its spec cache is missing from its consolidated metadata, so it is
 * listed) and a file we wrote (no directory indexes: consolidated metadata only).
 */
import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join, normalize } from "node:path";
import { after, before, describe, it } from "node:test";
import { slice } from "../../../src/zarr/indexing.js";
import { NWBFile, NWBZarrIO, TimeSeries } from "../../../src/nwb/index.js";
import { loadNwbTypes } from "../../../src/nwb/index.js";
import { ZARR_TUTORIAL_FIXTURE as ZARR_TUTORIAL } from "../../helpers/fixture-paths.js";
import { SAMPLE, buildSampleFile } from "../../helpers/nwb-sample-file.js";
import { tempFolders } from "../../helpers/temp-folders.js";

const temps = tempFolders("nwb-remote");
after(() => temps.cleanup());

describe("NWBZarrIO.readNwb over HTTP", () => {
  let server: Server;
  let base: string;
  const requests: string[] = [];
  let built: string;
  before(async () => {
    await loadNwbTypes();
    built = join(temps.make(), "built.nwb.zarr");
    await new NWBZarrIO(built, "w").write(buildSampleFile());
    server = createServer((req, res) => {
      const path = decodeURIComponent(new URL(req.url!, "http://x").pathname);
      const [, top, ...rest] = path.split("/");
      const rel = rest.join("/");
      requests.push(`${top}/${rel}`);
      const file = join(top === "nwb" ? ZARR_TUTORIAL : built, normalize(rel).replace(/^(\.\.[/\\])+/, ""));
      let body: Buffer;
      try {
        if (rel.endsWith("/") || rel === "") {
          // a directory index only for the fixture, like python -m http.server
          if (top !== "nwb" || !statSync(file).isDirectory()) throw new Error("no index");
          const links = readdirSync(file, { withFileTypes: true }).map((e) => `<a href="${e.name}${e.isDirectory() ? "/" : ""}">${e.name}</a>`);
          res.writeHead(200, { "content-type": "text/html" }).end(`<html><body>${links.join("\n")}</body></html>`);
          return;
        }
        body = readFileSync(file);
      } catch {
        res.writeHead(404).end();
        return;
      }
      const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? "");
      if (range) {
        const start = Number(range[1]);
        const end = range[2] ? Math.min(Number(range[2]), body.length - 1) : body.length - 1;
        res.writeHead(206, { "content-range": `bytes ${start}-${end}/${body.length}`, "content-length": end - start + 1 }).end(body.subarray(start, end + 1));
        return;
      }
      res.writeHead(200, { "content-length": body.length }).end(body);
    });
    await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}/nwb/`;
  });
  after(() => new Promise<void>((ok) => server.close(() => ok())));

  it("gives the typed NWBFile and reads one chunk for a small slice", async () => {
    const file = await NWBZarrIO.readNwb(base);
    assert.ok(file instanceof NWBFile);
    assert.equal(file.identifier, "EXAMPLE_ID");
    assert.equal(file.sessionDescription, "my first synthetic recording");
    const ts = file.acquisition.get("synthetic_timeseries") as TimeSeries;
    assert.ok(ts instanceof TimeSeries);
    assert.equal(ts.rate, 10000);
    const before = requests.filter((r) => r.startsWith("nwb/") && r.includes("/data/")).length;
    const rows = (await ts.data!.toList([slice(0, 2), slice(0, 3)])) as number[][];
    assert.deepEqual(rows[0], [0.7291229020339495, -0.16560688887484265, 0.7040650291396666]);
    assert.deepEqual(requests.filter((r) => r.startsWith("nwb/") && r.includes("/data/")).slice(before), ["nwb/acquisition/synthetic_timeseries/data/0.0"]);
  });

  it("reads a file we wrote from its consolidated metadata alone (no listing)", async () => {
    const file = await NWBZarrIO.readNwb(base.replace("/nwb/", "/built/"), { preload: "all" });
    assert.equal(file.identifier, SAMPLE.identifier);
    assert.deepEqual(file.experimenter, ["Ada Lovelace", "Alan Turing"]);
    assert.deepEqual(await file.units!.spikeTimes(0), SAMPLE.spikes[0]);
    assert.deepEqual(await file.acquisition.get("raw")!.get<{ toList(s?: unknown): Promise<unknown> }>("data")!.toList([slice(0, 1), null]), [SAMPLE.ecephys[0]]);
    const mine = requests.filter((r) => r.startsWith("built/"));
    assert.ok(mine.length > 0);
    assert.ok(!mine.some((r) => r.endsWith("/")), "no directory listing was asked for");
  });

  it("refuses to write to a URL", async () => {
    await assert.rejects(new NWBZarrIO(base, "w").write(new NWBFile({ fromFile: true })), /read-only|remote/i);
  });
});
