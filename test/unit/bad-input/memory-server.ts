/**
 * An HTTP server for the memory tests: serves a store folder, and at chosen paths streams bodies
 * far larger than anything it holds (gigabytes of zeros, a small gzip body sent with
 * `Content-Encoding: gzip`), counting requests per path so that retries show.
 */
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { readFile } from "node:fs/promises";
import { join, normalize } from "node:path";

/** A body generated on the fly: `size` bytes of zeros, or `data` repeated `times`. */
export type Generated =
  | { zeros: number; withLength?: boolean; ignoreRange?: boolean }
  | { data: Buffer; times?: number; headers?: Record<string, string> };

export interface MemoryServer {
  /** Base URL, no trailing slash. */
  readonly url: string;
  /** Requests received per decoded path. */
  count(path: string): number;
  close(): Promise<void>;
}

const CHUNK = Buffer.alloc(1 << 20);

/** Write `total` zeros, waiting for the socket to drain; stops when the client goes away. */
async function writeZeros(res: ServerResponse, total: number): Promise<void> {
  for (let sent = 0; sent < total && !res.destroyed; ) {
    const n = Math.min(CHUNK.length, total - sent);
    sent += n;
    if (!res.write(n === CHUNK.length ? CHUNK : CHUNK.subarray(0, n))) {
      await new Promise<void>((ok) => {
        res.once("drain", ok);
        res.once("close", ok);
      });
    }
  }
  res.end();
}

async function writeRepeated(res: ServerResponse, data: Buffer, times: number): Promise<void> {
  for (let i = 0; i < times && !res.destroyed; i++) {
    if (!res.write(data)) {
      await new Promise<void>((ok) => {
        res.once("drain", ok);
        res.once("close", ok);
      });
    }
  }
  res.end();
}

/** Serve `root` at `/`, with `routes` (decoded paths) answered by generated bodies instead. */
export async function startMemoryServer(root: string, routes: Record<string, Generated>): Promise<MemoryServer> {
  const counts = new Map<string, number>();
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    counts.set(path, (counts.get(path) ?? 0) + 1);
    res.on("error", () => undefined);
    const route = routes[path];
    if (route && "zeros" in route) {
      const range = route.ignoreRange ? undefined : /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? "");
      if (range) {
        const start = Number(range[1]);
        const end = range[2] === "" ? route.zeros - 1 : Math.min(route.zeros - 1, Number(range[2]));
        res.writeHead(206, { "content-length": end - start + 1, "content-range": `bytes ${start}-${end}/${route.zeros}` });
        void writeZeros(res, end - start + 1);
        return;
      }
      res.writeHead(200, route.withLength === false ? {} : { "content-length": route.zeros });
      if (req.method === "HEAD") return void res.end();
      void writeZeros(res, route.zeros);
      return;
    }
    if (route) {
      const times = route.times ?? 1;
      res.writeHead(200, { "content-length": route.data.length * times, ...route.headers });
      if (req.method === "HEAD") return void res.end();
      void writeRepeated(res, route.data, times);
      return;
    }
    const file = normalize(join(root, path));
    if (!file.startsWith(normalize(root))) return void res.writeHead(403).end();
    readFile(file).then(
      (body) => res.writeHead(200, { "content-length": body.length }).end(req.method === "HEAD" ? undefined : body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    count: (path) => counts.get(path) ?? 0,
    close: () => new Promise<void>((ok) => {
      server.closeAllConnections();
      server.close(() => ok());
    }),
  };
}
