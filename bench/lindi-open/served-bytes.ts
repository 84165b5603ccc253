/**
 * Bytes a test HTTP server answered with, from its request log (the server counts requests, not
 * bytes), split into Range answers (206) and whole files (200 to a GET). The split matters: lindi
 * and remfile learn a file's size with a GET without Range and drop the body after the headers, so
 * a whole-file answer is not always a whole file read.
 */
import { stat } from "node:fs/promises";
import { join } from "node:path";
import type { TestHttpServer } from "../../test/helpers/http-server.js";

export interface Served {
  /** Bytes in 206 answers. */
  ranged: number;
  /** Bytes in 200 answers to GET (whole files). */
  whole: number;
  /** How many 200 answers to GET. */
  wholeCount: number;
}

/** Length of the single `bytes=` range `header` names in a file of `size` bytes (as the server reads it). */
function rangeLength(header: string, size: number): number {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return size;
  if (m[1] === "") return Math.min(Number(m[2]), size);
  const end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  return end - Number(m[1]) + 1;
}

export async function bytesServed(server: TestHttpServer): Promise<Served> {
  const sizes = new Map<string, number>();
  const served: Served = { ranged: 0, whole: 0, wholeCount: 0 };
  for (const r of server.stats.log) {
    if (r.method !== "GET" || (r.status !== 200 && r.status !== 206)) continue;
    if (!sizes.has(r.path)) sizes.set(r.path, (await stat(join(server.root, r.path))).size);
    const size = sizes.get(r.path)!;
    if (r.status === 206 && r.range) served.ranged += rangeLength(r.range, size);
    else {
      served.whole += size;
      served.wholeCount++;
    }
  }
  return served;
}
