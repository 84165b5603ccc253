/**
 * numcodecs `json2` (array → bytes) for object arrays: the chunk is UTF-8 JSON
 * `[item0, …, itemN-1, "<numpy dtype str>", [shape…]]`, written the way Python's `json` writes it
 * (sorted keys, ASCII escapes, compact separators, bare NaN) so our chunks match Python's bytes.
 * The items are numpy's `tolist()` of the chunk: a chunk of two or more dimensions holds nested
 * rows (`[["a","b"],["c","d"],"|O",[2,2]]`), which numcodecs' decoder needs.
 */
import { ChunkDecodeError, HdmfZarrError, UnsupportedWriteError, type ErrorLocation } from "../../errors.js";
import { allocate, shapeSize, toNumericValue, type ArrayData, type DataType, type NdArray } from "../dtype.js";
import { parseJsonExact } from "../json-exact.js";
import { CodecConfig } from "./config.js";
import { pythonJsonStringify, type PythonJsonOptions } from "./json-text.js";
import { flattenRows, nestRows } from "./nested-items.js";
import { numpyTypestr } from "./numpy-typestr.js";
import { setField } from "./packed.js";
import type { ArrayBytesCodec, ChunkSpec, CodecContext } from "./types.js";

const utf8Decoder = new TextDecoder("utf-8", { fatal: true });
const utf8Encoder = new TextEncoder();

/** A structured row as a record keyed by field name (rows arrive as JSON lists). */
function rowToRecord(row: unknown, dtype: Extract<DataType, { kind: "struct" }>): unknown {
  if (!Array.isArray(row)) return row;
  const rec: Record<string, unknown> = {};
  dtype.fields.forEach((f, i) => setField(rec, f.name, f.type.kind === "struct" ? rowToRecord(row[i], f.type) : row[i]));
  return rec;
}

/** A record as the list Python's `tolist()` makes of a structured row. */
function recordToRow(rec: unknown, dtype: Extract<DataType, { kind: "struct" }>): unknown {
  if (rec === null || typeof rec !== "object" || Array.isArray(rec)) return rec;
  const r = rec as Record<string, unknown>;
  return dtype.fields.map((f) => (f.type.kind === "struct" ? recordToRow(r[f.name], f.type) : r[f.name]));
}

export class Json2Codec implements ArrayBytesCodec {
  readonly kind = "array-bytes";
  constructor(
    private readonly options: PythonJsonOptions,
    private readonly where: ErrorLocation,
  ) {}

  static fromConfig(configuration: Record<string, unknown>, ctx: CodecContext): Json2Codec {
    const cfg = new CodecConfig("json2", configuration, ctx.where);
    const encoding = cfg.string("encoding", "utf-8");
    if (!/^utf-?8$/i.test(encoding)) throw cfg.error(`only UTF-8 text is supported, not '${encoding}'`);
    const seps = cfg.raw("separators");
    const separators: [string, string] =
      Array.isArray(seps) && seps.length === 2 && seps.every((s) => typeof s === "string") ? [seps[0], seps[1]] : [",", ":"];
    const indent = cfg.raw("indent");
    return new Json2Codec(
      {
        sortKeys: cfg.bool("sort_keys", true),
        ensureAscii: cfg.bool("ensure_ascii", true),
        allowNan: cfg.bool("allow_nan", true),
        separators,
        indent: typeof indent === "number" || typeof indent === "string" ? indent : undefined,
      },
      ctx.where,
    );
  }

  async encode(chunk: NdArray): Promise<Uint8Array> {
    const n = shapeSize(chunk.shape);
    const items: unknown[] = new Array(n);
    const dtype = chunk.dtype;
    for (let i = 0; i < n; i++) {
      const v = chunk.data[i];
      items[i] = dtype.kind === "struct" ? recordToRow(v, dtype) : v;
    }
    const rows = chunk.shape.length > 1 ? nestRows(items, chunk.shape) : items;
    rows.push(numpyTypestr(dtype), chunk.shape.slice());
    try {
      return utf8Encoder.encode(pythonJsonStringify(rows, this.options));
    } catch (err) {
      if (err instanceof HdmfZarrError) throw new UnsupportedWriteError(`json2: ${err.message}`, this.where, { cause: err });
      throw err;
    }
  }

  async decode(bytes: Uint8Array, spec: ChunkSpec): Promise<NdArray> {
    const fail = (msg: string, cause?: unknown) => new ChunkDecodeError(`json2 chunk: ${msg}`, this.where, { cause });
    let text: string;
    try {
      text = utf8Decoder.decode(bytes);
    } catch (err) {
      throw fail("not valid UTF-8", err);
    }
    let doc: unknown;
    try {
      doc = parseJsonExact(text, this.where);
    } catch (err) {
      throw fail((err as Error).message, err);
    }
    if (!Array.isArray(doc) || doc.length < 2) throw fail("expected a JSON list ending with the dtype and the shape");
    const shape = doc[doc.length - 1];
    if (typeof doc[doc.length - 2] !== "string" || !Array.isArray(shape) || !shape.every((s) => Number.isInteger(s) && s >= 0)) {
      throw fail("the list does not end with a dtype string and a shape list");
    }
    const rows = doc.slice(0, -2);
    const items = shape.length > 1 ? flattenRows(rows, shape as number[]) : rows;
    if (!items) throw fail(`its items are not nested rows of shape [${shape.join(", ")}]`);
    const expected = shapeSize(spec.shape);
    if (items.length !== expected || shapeSize(shape as number[]) !== items.length) {
      throw fail(`holds ${items.length} items of shape [${shape.join(", ")}], expected ${expected} (shape [${spec.shape.join(", ")}])`);
    }
    const dtype = spec.dtype;
    let data: ArrayData = items;
    if (dtype.kind === "struct") data = items.map((row) => rowToRecord(row, dtype));
    else if (dtype.kind === "numeric") {
      // A numeric array written through json2 (rare): back into its typed container.
      const out = allocate(dtype, expected) as { [i: number]: unknown };
      for (let i = 0; i < expected; i++) out[i] = toNumericValue(dtype.name, items[i] ?? 0);
      data = out as ArrayData;
    }
    return { dtype, shape: spec.shape.slice(), data };
  }
}
