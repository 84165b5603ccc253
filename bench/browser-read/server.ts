/**
 * The benchmark's HTTP server: the bundled page under `/iso/` (sent with the COOP/COEP headers
 * that make a page cross-origin isolated) and under `/plain/` (without them), and the layouts of a
 * read-array data folder under `<prefix>/data/`, with Range requests answered (206).
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, sep } from "node:path";

/** The headers that make a page cross-origin isolated (SharedArrayBuffer available). */
export const ISOLATION_HEADERS = { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp" };

const PAGE = `<!doctype html><meta charset="utf-8"><title>browser read</title><script type="module" src="./bundle/page.js"></script>`;
const TYPES: Record<string, string> = { ".js": "text/javascript", ".json": "application/json", ".html": "text/html" };

/** A running server: its base URL, the requests it answered (count, bytes sent), and close(). */
export interface BenchServer {
  url: string;
  stats: { requests: number; bytes: number };
  close(): Promise<void>;
}

/** The file under `root` that `rel` names, or undefined when it would leave `root`. */
function inside(root: string, rel: string): string | undefined {
  const path = normalize(join(root, decodeURIComponent(rel)));
  return path === root || path.startsWith(root + sep) ? path : undefined;
}

function fail(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { "Content-Type": "text/plain" });
  res.end(text);
}

/** Serve `bundleDir` (page.js, the worker) and `dataDir` (the layouts) on a free local port. */
export async function startServer(bundleDir: string, dataDir: string): Promise<BenchServer> {
  const stats = { requests: 0, bytes: 0 };
  const server: Server = createServer((req, res) => {
    void (async () => {
      stats.requests++;
      const url = new URL(req.url ?? "/", "http://localhost");
      const m = /^\/(iso|plain)\/(.*)$/.exec(url.pathname);
      if (!m) return fail(res, 404, "not found");
      const headers: Record<string, string> = m[1] === "iso" ? { ...ISOLATION_HEADERS } : {};
      const rest = m[2];
      if (rest === "" || rest === "index.html") {
        res.writeHead(200, { ...headers, "Content-Type": "text/html" });
        return res.end(PAGE);
      }
      const [root, rel] = rest.startsWith("bundle/") ? [bundleDir, rest.slice(7)] : rest.startsWith("data/") ? [dataDir, rest.slice(5)] : [undefined, ""];
      const path = root && inside(normalize(root), rel);
      if (!path) return fail(res, 404, "not found");
      let size: number;
      try {
        const s = await stat(path);
        if (!s.isFile()) return fail(res, 404, "not found");
        size = s.size;
      } catch {
        return fail(res, 404, "not found");
      }
      headers["Content-Type"] = TYPES[extname(path)] ?? "application/octet-stream";
      headers["Accept-Ranges"] = "bytes";
      let start = 0;
      let end = size - 1;
      const range = req.headers.range;
      if (range) {
        const r = /^bytes=(\d*)-(\d*)$/.exec(range);
        if (!r || (r[1] === "" && r[2] === "")) return fail(res, 416, "bad range");
        if (r[1] === "") start = Math.max(0, size - Number(r[2]));
        else {
          start = Number(r[1]);
          if (r[2] !== "") end = Math.min(end, Number(r[2]));
        }
        if (start >= size || start > end) {
          res.writeHead(416, { ...headers, "Content-Range": `bytes */${size}` });
          return res.end();
        }
        headers["Content-Range"] = `bytes ${start}-${end}/${size}`;
      }
      headers["Content-Length"] = String(end - start + 1);
      res.writeHead(range ? 206 : 200, headers);
      if (req.method === "HEAD") return res.end();
      stats.bytes += end - start + 1;
      createReadStream(path, { start, end }).on("error", () => res.destroy()).pipe(res);
    })().catch((err: Error) => fail(res, 500, err.message));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
