/**
 * A real HTTP server for tests: serves a folder on 127.0.0.1 (ephemeral port) with Range support,
 * counts requests, bytes and round trips, records how many were in flight at once, and injects
 * faults (error statuses, delays, requests that never get an answer) and a bandwidth cap shared by
 * all connections. Can show a directory index for folder URLs.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { readdir, readFile, stat } from "node:fs/promises";
import { join, resolve, sep } from "node:path";

/** Options of {@link startHttpServer}. */
export interface HttpServerOptions {
  /** Wait this long before answering each request (ms). Default 0. Can be changed later on the server. */
  delayMs?: number;
  /** Answer 200 with the whole file even when a Range is asked (a server without Range support). */
  ignoreRange?: boolean;
  /**
   * What a folder URL ending in "/" answers: an HTML index page in the style of Python's
   * `http.server` (plus the parent, sort and off-site links other servers add), nginx's
   * `autoindex_format json`, or 404 (`"none"`, the default). Dot files are listed.
   */
  directoryListing?: DirectoryListing;
  /** Allow pages of any origin to read (CORS), as a public bucket does. Default false. */
  cors?: boolean;
  /**
   * Most body bytes per second sent over all connections together (a token bucket, as a network
   * link shares its bandwidth). Default: no cap. Can be changed later on the server.
   */
  bytesPerSecond?: number;
}

/** Kinds of directory index the test server can show. */
export type DirectoryListing = "html" | "json" | "none";

/** One request as the server saw it. */
export interface RequestRecord {
  method: string;
  /** Decoded URL path, e.g. `/zarr-v2/x.zarr/.zmetadata`. */
  path: string;
  /** The Range header, if any. */
  range?: string;
  /** Status answered; 0 for a request left hanging. */
  status: number;
  headers: IncomingHttpHeaders;
  /** When it arrived (`performance.now()`, ms). */
  time: number;
  /**
   * Its round trip: 1 + the highest round of the requests answered before it arrived. A client
   * that waits for an answer before asking again starts a new round; requests sent without
   * waiting share one, however late the client's own work lets them leave.
   */
  round: number;
  /** When its answer was sent in full (`performance.now()`, ms); undefined until then. */
  answered?: number;
  /** Body bytes sent. */
  bytes: number;
}

/** Counters kept by the server. */
export interface HttpServerStats {
  /** Requests received. */
  readonly total: number;
  /** Requests received and not yet answered or abandoned. */
  readonly inFlight: number;
  /** Highest `inFlight` seen. */
  readonly maxInFlight: number;
  /** Every request, in arrival order. */
  readonly log: readonly RequestRecord[];
  /** Round trips so far: the highest {@link RequestRecord.round} (0 before any request). */
  readonly rounds: number;
  /** Body bytes sent. */
  readonly bytes: number;
  /** Requests received for a decoded URL path. */
  count(path: string): number;
  /** Zero all counters and the log. */
  reset(): void;
}

/** A running test server. */
export interface TestHttpServer {
  /** Base URL without trailing slash, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly port: number;
  /** Absolute path of the served folder. */
  readonly root: string;
  readonly stats: HttpServerStats;
  /** Delay before each answer (ms); may be changed at any time. */
  delayMs: number;
  /** Ignore Range headers; may be changed at any time. */
  ignoreRange: boolean;
  /** Directory index shown for folder URLs; may be changed at any time. */
  directoryListing: DirectoryListing;
  /** Bandwidth cap over all connections, bytes per second (undefined: none); may be changed at any time. */
  bytesPerSecond: number | undefined;
  /** Answer the next `n` requests with `status` (default 503) instead of serving them. */
  failNext(n: number, status?: number): void;
  /** Never answer the next `n` requests (to test client time-outs). */
  hangNext(n: number): void;
  /** Answer GET/HEAD of the URL path `from` (exact, query ignored) with 302 to `to` (a path or URL), as DANDI's download URLs do. */
  redirect(from: string, to: string): void;
  /** Stop listening and drop every connection, hanging ones included. */
  close(): Promise<void>;
}

type Range = { start: number; end: number } | "unsatisfiable" | undefined;

/** Parse a single `bytes=` range against a file size; undefined means "serve the whole file". */
function parseRange(header: string | undefined, size: number): Range {
  const m = header === undefined ? null : /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === "" && m[2] === "")) return undefined; // absent, invalid or multi-range: ignored
  if (m[1] === "") {
    const n = Number(m[2]);
    if (n === 0 || size === 0) return "unsatisfiable";
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (m[2] !== "" && Number(m[2]) < start) return undefined;
  if (start >= size) return "unsatisfiable";
  return { start, end };
}

/** Decode a raw URL path into segments; undefined when a segment could escape the root. */
function safeSegments(rawPath: string): string[] | undefined {
  const segments: string[] = [];
  for (const raw of rawPath.split("/")) {
    if (raw === "") continue;
    let seg: string;
    try {
      seg = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    if (seg === "." || seg === ".." || /[/\\\0]/.test(seg)) return undefined;
    segments.push(seg);
  }
  return segments;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Folders and files directly in `folder` (symbolic links followed, dangling ones left out), sorted. */
async function folderEntries(folder: string): Promise<{ name: string; isDir: boolean; size: number }[]> {
  const names = (await readdir(folder)).sort();
  const entries = await Promise.all(
    names.map(async (name) => {
      const info = await stat(join(folder, name)).catch(() => undefined);
      return info && (info.isDirectory() || info.isFile()) ? { name, isDir: info.isDirectory(), size: info.size } : undefined;
    }),
  );
  return entries.filter((e): e is { name: string; isDir: boolean; size: number } => e !== undefined);
}

/** The index page of `folder`, shown at URL path `urlPath` (ends in "/"). */
async function indexPage(folder: string, urlPath: string, kind: "html" | "json"): Promise<{ type: string; body: string }> {
  const entries = await folderEntries(folder);
  if (kind === "json") {
    const items = entries.map((e) => (e.isDir ? { name: e.name, type: "directory" } : { name: e.name, type: "file", size: e.size }));
    return { type: "application/json", body: JSON.stringify(items) };
  }
  const title = `Directory listing for ${escapeHtml(urlPath)}`;
  const parent = urlPath === "/" ? "" : `<a href="../">Parent Directory</a> <a href="${escapeHtml(encodeURI(urlPath.replace(/[^/]+\/$/, "")))}">up</a>\n`;
  const items = entries
    .map((e) => `<li><a href="${escapeHtml(encodeURIComponent(e.name))}${e.isDir ? "/" : ""}">${escapeHtml(e.name)}${e.isDir ? "/" : ""}</a></li>`)
    .join("\n");
  const body =
    `<!DOCTYPE HTML>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>${title}</title>\n</head>\n<body>\n<h1>${title}</h1>\n<hr>\n` +
    `${parent}<a href="?C=N;O=D">Name</a> <a href="?C=S;O=A">Size</a> <a href="https://example.org${escapeHtml(encodeURI(urlPath))}decoy">mirror</a>\n` +
    `<ul>\n${items}\n</ul>\n<hr>\n</body>\n</html>\n`;
  return { type: "text/html; charset=utf-8", body };
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Bytes sent at a time under a bandwidth cap, so that concurrent answers share the link. */
const SLICE_BYTES = 16 * 1024;

/**
 * A link shared by every connection: each slice of a body reserves its transmission time after
 * the slices reserved before it (first come, first served), and is sent when that time is over.
 */
class SharedLink {
  private free = 0;

  /** Wait until `bytes` have crossed a link of `bytesPerSecond` (within a millisecond: timers are no finer). */
  async send(bytes: number, bytesPerSecond: number): Promise<void> {
    const now = performance.now();
    this.free = Math.max(now, this.free) + (bytes / bytesPerSecond) * 1000;
    if (this.free - now > 1) await sleep(this.free - now);
  }
}

/** What a server that lets any page read it answers (and its preflight). */
const CORS_HEADERS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, HEAD",
  "access-control-allow-headers": "range",
  "access-control-expose-headers": "content-range, content-length, accept-ranges",
};

/** Start a server for `root` on 127.0.0.1 with an ephemeral port. */
export async function startHttpServer(root: string, options: HttpServerOptions = {}): Promise<TestHttpServer> {
  const base = resolve(root);
  let total = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let answeredRound = 0;
  let bytesSent = 0;
  /** Bumped by reset(), so that answers to requests from before it count no round after it. */
  let generation = 0;
  const link = new SharedLink();
  let failures: { left: number; status: number } = { left: 0, status: 503 };
  let hangs = 0;
  const perPath = new Map<string, number>();
  const log: RequestRecord[] = [];
  const hanging = new Set<ServerResponse>();
  const redirects = new Map<string, string>();

  const stats: HttpServerStats = {
    get total() {
      return total;
    },
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    log,
    get rounds() {
      return log.reduce((m, r) => Math.max(m, r.round), 0);
    },
    get bytes() {
      return bytesSent;
    },
    count: (path) => perPath.get(path) ?? 0,
    reset() {
      total = 0;
      answeredRound = 0;
      generation++;
      bytesSent = 0;
      maxInFlight = inFlight;
      perPath.clear();
      log.length = 0;
    },
  };

  const server = createServer(async (req, res) => {
    total++;
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let open = true;
    res.on("close", () => {
      if (open) inFlight--;
      open = false;
      hanging.delete(res);
    });

    const rawPath = (req.url ?? "/").split("?")[0];
    const segments = safeSegments(rawPath);
    const path = segments ? "/" + segments.join("/") : rawPath;
    perPath.set(path, (perPath.get(path) ?? 0) + 1);
    const record: RequestRecord = {
      method: req.method ?? "", path, range: req.headers.range, status: 0, headers: req.headers, time: performance.now(),
      round: answeredRound + 1, bytes: 0,
    };
    log.push(record);
    const born = generation;
    res.on("finish", () => {
      record.answered = performance.now();
      if (born === generation) answeredRound = Math.max(answeredRound, record.round);
    });

    const answer = async (status: number, headers: Record<string, string | number> = {}, body?: Uint8Array | string) => {
      record.status = status;
      if (options.cors) Object.assign(headers, CORS_HEADERS);
      res.writeHead(status, headers);
      const bytes = req.method === "HEAD" || body === undefined ? new Uint8Array(0) : typeof body === "string" ? Buffer.from(body) : body;
      record.bytes = bytes.byteLength;
      bytesSent += bytes.byteLength;
      for (let at = 0; handle.bytesPerSecond !== undefined && at < bytes.byteLength; at += SLICE_BYTES) {
        const slice = bytes.subarray(at, at + SLICE_BYTES);
        await link.send(slice.byteLength, handle.bytesPerSecond);
        if (res.destroyed) return;
        res.write(slice);
      }
      res.end(handle.bytesPerSecond === undefined && bytes.byteLength ? bytes : undefined);
    };

    if (hangs > 0) {
      hangs--;
      hanging.add(res);
      return;
    }
    if (handle.delayMs > 0) await sleep(handle.delayMs);
    if (failures.left > 0) {
      failures.left--;
      return answer(failures.status, { "content-type": "text/plain" }, `injected failure ${failures.status}`);
    }
    if (req.method === "OPTIONS" && options.cors) return answer(204);
    const redirectTo = redirects.get(rawPath);
    if (redirectTo !== undefined) return answer(302, { location: redirectTo });
    if (req.method !== "GET" && req.method !== "HEAD") return answer(405, { allow: "GET, HEAD" });
    if (!segments) return answer(403, { "content-type": "text/plain" }, "path outside the served folder");
    const file = join(base, ...segments);
    if (file !== base && !file.startsWith(base + sep)) return answer(403);

    let bytes: Buffer;
    try {
      const info = await stat(file);
      // A URL ending in "/" names a folder, never a file (as Python's http.server answers).
      if (rawPath.endsWith("/")) {
        if (!info.isDirectory() || handle.directoryListing === "none") return answer(404, { "content-type": "text/plain" }, "not found");
        const page = await indexPage(file, path === "/" ? "/" : path + "/", handle.directoryListing);
        return answer(200, { "content-type": page.type }, page.body);
      }
      if (!info.isFile()) return answer(404);
      bytes = await readFile(file);
    } catch {
      return answer(404, { "content-type": "text/plain" }, "not found");
    }
    const common = { "content-type": "application/octet-stream", "accept-ranges": "bytes" };
    const range = handle.ignoreRange ? undefined : parseRange(req.headers.range, bytes.length);
    if (range === "unsatisfiable") return answer(416, { "content-range": `bytes */${bytes.length}` });
    if (range === undefined) return answer(200, { ...common, "content-length": bytes.length }, bytes);
    const part = bytes.subarray(range.start, range.end + 1);
    return answer(
      206,
      { ...common, "content-length": part.length, "content-range": `bytes ${range.start}-${range.end}/${bytes.length}` },
      part,
    );
  });

  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => ok());
  });
  const port = (server.address() as AddressInfo).port;

  const handle: TestHttpServer = {
    url: `http://127.0.0.1:${port}`,
    port,
    root: base,
    stats,
    delayMs: options.delayMs ?? 0,
    ignoreRange: options.ignoreRange ?? false,
    directoryListing: options.directoryListing ?? "none",
    bytesPerSecond: options.bytesPerSecond,
    failNext(n, status = 503) {
      failures = { left: n, status };
    },
    hangNext(n) {
      hangs = n;
    },
    redirect(from, to) {
      redirects.set(from, to);
    },
    close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      return new Promise<void>((ok, fail) => server.close((err) => (err ? fail(err) : ok())));
    },
  };
  return handle;
}
