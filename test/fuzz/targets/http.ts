/**
 * HttpStore against a real local HTTP server that answers with random statuses, headers and
 * bodies: Content-Length that lies (short, long, absent, not a number), Content-Encoding (gzip,
 * deflate, br: valid or garbage), Content-Range (right, wrong start, garbage), chunked bodies,
 * bodies larger than the store's limit, connections cut mid-body. The server writes raw HTTP on
 * a TCP socket, so nothing in between corrects the lies. Every call answers a value of the right
 * kind and size — the body itself when the answer was honest — or fails with a typed error.
 */
import assert from "node:assert/strict";
import { createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { deflateSync, gzipSync } from "node:zlib";
import fc from "fast-check";
import { HttpStore } from "../../../src/store/http.js";
import { typedOr, type Target } from "./common.js";

export interface Reply {
  status: number;
  length: "honest" | "none" | "more" | "less" | "garbage" | "huge" | "double";
  encoding: "none" | "gzip" | "gzip-garbage" | "deflate" | "br-garbage" | "unknown" | "gzip,gzip";
  range: "none" | "valid" | "wrong-start" | "garbage" | "star";
  chunked: "no" | "yes" | "broken";
  body: Uint8Array | { zeros: number };
  cut: boolean;
}

type Op = { kind: "get" } | { kind: "range"; offset: number; length: number } | { kind: "suffix"; n: number } | { kind: "open-range"; offset: number } | { kind: "has" } | { kind: "size" };

interface Input {
  replies: Reply[];
  op: Op;
}

interface Ctx {
  server: Server;
  url: string;
  replies: Reply[];
  next: number;
  sockets: Set<Socket>;
}

const MAX_RESPONSE = 64 * 1024;
const enc = (s: string) => Buffer.from(s, "latin1");

/** The raw bytes of one answer to `request` (its first line and headers). */
export function answer(reply: Reply, request: string): Buffer {
  const head = request.startsWith("HEAD ");
  const plain = reply.body instanceof Uint8Array ? Buffer.from(reply.body) : Buffer.alloc(reply.body.zeros);
  let body: Buffer = plain;
  const headers: string[] = [];
  switch (reply.encoding) {
    case "gzip": body = gzipSync(plain); headers.push("Content-Encoding: gzip"); break;
    case "gzip,gzip": body = gzipSync(gzipSync(plain)); headers.push("Content-Encoding: gzip, gzip"); break;
    case "gzip-garbage": headers.push("Content-Encoding: gzip"); break;
    case "deflate": body = deflateSync(plain); headers.push("Content-Encoding: deflate"); break;
    case "br-garbage": headers.push("Content-Encoding: br"); break;
    case "unknown": headers.push("Content-Encoding: x-fuzz"); break;
  }
  const range = /^range: bytes=(\d*)-(\d*)/im.exec(request);
  const start = range?.[1] ? Number(range[1]) : 0;
  switch (reply.range) {
    case "valid": headers.push(`Content-Range: bytes ${start}-${start + Math.max(0, body.length - 1)}/${start + body.length + 10}`); break;
    case "wrong-start": headers.push(`Content-Range: bytes ${start + 3}-${start + 3 + body.length}/*`); break;
    case "garbage": headers.push("Content-Range: bytes x-y/z"); break;
    case "star": headers.push(`Content-Range: bytes */${body.length}`); break;
  }
  switch (reply.length) {
    case "honest": headers.push(`Content-Length: ${body.length}`); break;
    case "more": headers.push(`Content-Length: ${body.length + 17}`); break;
    case "less": headers.push(`Content-Length: ${Math.max(0, body.length - 5)}`); break;
    case "garbage": headers.push("Content-Length: 12abc"); break;
    case "huge": headers.push("Content-Length: 99999999999999999999"); break;
    case "double": headers.push(`Content-Length: ${body.length}`, `Content-Length: ${body.length + 1}`); break;
  }
  let payload = body;
  if (reply.chunked !== "no") {
    headers.push("Transfer-Encoding: chunked");
    payload = reply.chunked === "yes"
      ? Buffer.concat([enc(`${body.length.toString(16)}\r\n`), body, enc("\r\n0\r\n\r\n")])
      : Buffer.concat([enc(`${(body.length + 9).toString(16)}\r\n`), body, enc("\r\nzz\r\n")]);
  }
  if (head) payload = Buffer.alloc(0);
  if (reply.cut) payload = payload.subarray(0, payload.length >> 1);
  return Buffer.concat([enc(`HTTP/1.1 ${reply.status} Fuzz\r\nConnection: close\r\n${headers.join("\r\n")}${headers.length ? "\r\n" : ""}\r\n`), payload]);
}

const STATUSES = [200, 200, 200, 206, 206, 204, 301, 304, 400, 403, 404, 405, 408, 410, 416, 429, 500, 501, 503];

const reply: fc.Arbitrary<Reply> = fc.record({
  status: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...STATUSES) }, { weight: 1, arbitrary: fc.integer({ min: 200, max: 599 }) }),
  length: fc.constantFrom("honest", "honest", "none", "more", "less", "garbage", "huge", "double"),
  encoding: fc.constantFrom("none", "none", "gzip", "gzip,gzip", "gzip-garbage", "deflate", "br-garbage", "unknown"),
  range: fc.constantFrom("none", "valid", "wrong-start", "garbage", "star"),
  chunked: fc.constantFrom("no", "no", "yes", "broken"),
  body: fc.oneof({ weight: 8, arbitrary: fc.uint8Array({ maxLength: 2048 }) }, { weight: 1, arbitrary: fc.record({ zeros: fc.constantFrom(MAX_RESPONSE + 1, 1 << 20) }) }),
  cut: fc.boolean(),
});

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.constant({ kind: "get" as const }),
  fc.record({ kind: fc.constant("range" as const), offset: fc.nat({ max: 100 }), length: fc.integer({ min: 0, max: 64 }) }),
  fc.record({ kind: fc.constant("suffix" as const), n: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ kind: fc.constant("open-range" as const), offset: fc.nat({ max: 100 }) }),
  fc.constant({ kind: "has" as const }),
  fc.constant({ kind: "size" as const }),
);

const honest = (r: Reply) => r.status === 200 && r.length === "honest" && r.encoding === "none" && r.chunked === "no" && !r.cut && r.range === "none";

export const httpTarget: Target<Ctx, Input> = {
  async setup() {
    const ctx = { replies: [] as Reply[], next: 0, sockets: new Set<Socket>() } as unknown as Ctx;
    ctx.server = createServer((socket) => {
      ctx.sockets.add(socket);
      socket.on("close", () => ctx.sockets.delete(socket));
      socket.on("error", () => undefined);
      let request = "";
      socket.on("data", (data) => {
        if (request.includes("\r\n\r\n")) return;
        request += data.toString("latin1");
        if (!request.includes("\r\n\r\n")) return;
        const r = ctx.replies[ctx.next++ % ctx.replies.length];
        socket.end(answer(r, request));
      });
    });
    await new Promise<void>((ok) => ctx.server.listen(0, "127.0.0.1", ok));
    ctx.url = `http://127.0.0.1:${(ctx.server.address() as AddressInfo).port}/data`;
    return ctx;
  },
  arbitrary() {
    return fc.record({ replies: fc.array(reply, { minLength: 1, maxLength: 3 }), op });
  },
  async check(ctx, input) {
    ctx.replies = input.replies;
    ctx.next = 0;
    const store = new HttpStore(ctx.url, { retries: 1, backoffMs: 1, timeoutMs: 500, maxResponseBytes: MAX_RESPONSE, concurrency: 1, listing: "none" });
    const first = input.replies[0];
    const firstBody = first.body instanceof Uint8Array ? first.body : undefined;
    const isBytes = (v: unknown, max: number) => v === undefined || (v instanceof Uint8Array && v.length <= max);
    switch (input.op.kind) {
      case "get":
        return typedOr(() => store.get("k"), (v) => {
          assert.ok(isBytes(v, MAX_RESPONSE), `get: ${v?.length} bytes, limit ${MAX_RESPONSE}`);
          if (honest(first) && firstBody) assert.deepEqual(v, firstBody, "an honest answer is the body");
        });
      case "range": {
        const { offset, length } = input.op;
        return typedOr(() => store.getRange("k", offset, length), (v) => {
          assert.ok(isBytes(v, length), `getRange(${offset}, ${length}): ${v?.length} bytes`);
          if (honest(first) && firstBody) assert.deepEqual(v, firstBody.slice(offset, offset + length), "the asked part of an honest whole-object answer");
        });
      }
      case "suffix": {
        const n = input.op.n;
        return typedOr(() => store.getRange("k", -n), (v) => assert.ok(isBytes(v, MAX_RESPONSE), `getRange(-${n}): ${v?.length} bytes`));
      }
      case "open-range": {
        const offset = input.op.offset;
        return typedOr(() => store.getRange("k", offset), (v) => assert.ok(isBytes(v, MAX_RESPONSE), `getRange(${offset}): ${v?.length} bytes`));
      }
      case "has":
        return typedOr(() => store.has("k"), (v) => assert.equal(typeof v, "boolean"));
      case "size":
        return typedOr(() => store.size("k"), (v) => assert.ok(v === undefined || (Number.isSafeInteger(v) && v >= 0), `size: ${v}`));
    }
  },
  async teardown(ctx) {
    for (const s of ctx.sockets) s.destroy();
    await new Promise<void>((ok) => ctx.server.close(() => ok()));
  },
};
