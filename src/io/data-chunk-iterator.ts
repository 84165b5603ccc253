/**
 * hdmf's DataChunkIterator: data that arrives one element at a time along an axis (a sync or
 * async iterable — a generator, a stream of acquisition frames — or an array walked along
 * `iterAxis`), grouped `bufferSize` elements per chunk. When the iterable's length is unknown the
 * dataset grows as chunks arrive (`maxshape` has `null` on that axis). `null`/`undefined` elements
 * are gaps, as `None` is in hdmf: leading ones move the next chunk forward, one inside a buffer
 * ends the chunk there and skips a position.
 */
import { InvalidArgumentError } from "../errors.js";
import { checkOptions, optionNames } from "../options.js";
import { dtypeNameOf, flatten, isNdArray, isTypedArray, type BuilderDtype, type FlatData } from "../data/index.js";
import { classifyDtype } from "../format/dtype-map.js";
import { inferClass } from "../format/values.js";
import { shapeSize, toNumericValue, typedArrayClass } from "../zarr/dtype.js";
import { AbstractDataChunkIterator, DataChunk } from "./data-chunk.js";

/** Options of {@link DataChunkIterator} (hdmf's names in camelCase). */
export interface DataChunkIteratorOptions {
  /** An array (nested lists, typed array, NdArray), or a sync/async iterable of its elements along `iterAxis`. */
  data: unknown;
  /** Maximum shape; `null` where unknown or unlimited. Default: the array's shape, or the first element's with `null` at `iterAxis`. */
  maxShape?: (number | null)[];
  /** hdmf dtype name of the values (`"int16"`, `"float64"`, `"text"` …). Default: from the first element. */
  dtype?: BuilderDtype;
  /** Elements per chunk (default 1). */
  bufferSize?: number;
  /** The axis the elements follow one another on (default 0). */
  iterAxis?: number;
}

const OPTIONS = optionNames<DataChunkIteratorOptions>({ data: true, maxShape: true, dtype: true, bufferSize: true, iterAxis: true });

/** One element along the iteration axis, or a gap. */
type Element = FlatData | null;

const where = { path: "DataChunkIterator" };

function isArrayData(data: unknown): boolean {
  return Array.isArray(data) || isTypedArray(data) || isNdArray(data);
}

/** Elements of in-memory array data along `axis`, each a copy of its values. */
function* elementsAlong(flat: FlatData, axis: number): Generator<Element> {
  const shape = flat.shape;
  const outer = shapeSize(shape.slice(0, axis));
  const inner = shapeSize(shape.slice(axis + 1));
  const rowShape = shape.filter((_, d) => d !== axis);
  const Ctor = flat.typed ? (flat.typed.constructor as new (n: number) => { [i: number]: unknown; length: number }) : Array;
  for (let j = 0; j < shape[axis]; j++) {
    const values = new Ctor(outer * inner) as { [i: number]: unknown; length: number };
    for (let o = 0; o < outer; o++) {
      const from = (o * shape[axis] + j) * inner;
      for (let i = 0; i < inner; i++) values[o * inner + i] = flat.values[from + i];
    }
    yield { shape: rowShape, values: values as ArrayLike<unknown>, typed: flat.typed ? (values as never) : undefined };
  }
}

/** Iterate over an element source, normalising each element (gaps stay null). */
async function* normalised(source: Iterable<unknown> | AsyncIterable<unknown>): AsyncGenerator<Element> {
  for await (const item of source as AsyncIterable<unknown>) yield item === null || item === undefined ? null : flatten(item, where);
}

/** Chunks of data arriving element by element (hdmf's DataChunkIterator). */
export class DataChunkIterator extends AbstractDataChunkIterator {
  readonly bufferSize: number;
  readonly iterAxis: number;
  private readonly elements: AsyncIterator<Element>;
  private readonly given: DataChunkIteratorOptions;
  /** Elements read early (up to the first real one) to learn the dtype or shape. */
  private readonly peeked: IteratorResult<Element>[] = [];
  private known?: { dtype: BuilderDtype; maxshape: (number | null)[]; firstShape?: number[] };
  private started = false;

  constructor(options: DataChunkIteratorOptions) {
    super();
    options = checkOptions(options, OPTIONS, { call: "new DataChunkIterator()" });
    this.given = options;
    this.bufferSize = options.bufferSize ?? 1;
    this.iterAxis = options.iterAxis ?? 0;
    if (!Number.isInteger(this.bufferSize) || this.bufferSize < 1) throw new InvalidArgumentError(`bufferSize must be an integer >= 1, got ${options.bufferSize}`, where);
    const data = options.data;
    if (isArrayData(data)) {
      const flat = flatten(data, where);
      if (flat.shape.length === 0) flat.shape = [1]; // a scalar becomes one element, as hdmf does
      if (this.iterAxis < 0 || this.iterAxis >= flat.shape.length) throw new InvalidArgumentError(`iterAxis ${this.iterAxis} is outside the data's ${flat.shape.length} axes`, where);
      this.elements = (async function* () { yield* elementsAlong(flat, options.iterAxis ?? 0); })();
      this.known = { dtype: options.dtype ?? (flat.values.length ? dtypeNameOf(inferClass(flat, where)) : "float64"), maxshape: options.maxShape ?? flat.shape };
    } else if (data !== null && typeof data === "object" && (Symbol.iterator in data || Symbol.asyncIterator in data)) {
      this.elements = normalised(data as Iterable<unknown>)[Symbol.asyncIterator]();
    } else {
      throw new InvalidArgumentError("data must be an array or a (sync or async) iterable of elements", where);
    }
  }

  /** hdmf dtype of the values; undefined until known (after `info()` or the first chunk, for iterables without a given dtype). */
  get dtype(): BuilderDtype | undefined {
    return this.known?.dtype ?? this.given.dtype;
  }

  /** Maximum shape (`null` on an open axis); undefined until known. */
  get maxshape(): (number | null)[] | undefined {
    return this.known?.maxshape ?? this.given.maxShape;
  }

  recommendedChunkShape(): number[] | null {
    return null;
  }

  recommendedDataShape(): number[] | null {
    const max = this.maxshape;
    if (max && max.every((n) => n !== null)) return max as number[];
    return this.known?.firstShape ?? null;
  }

  private async nextElement(): Promise<IteratorResult<Element>> {
    return this.peeked.shift() ?? this.elements.next();
  }

  protected async describe() {
    if (!this.known) {
      // Read ahead to the first real element: its values give the dtype, its shape the maxshape.
      let first: IteratorResult<Element>;
      do {
        first = await this.elements.next();
        this.peeked.push(first);
      } while (!first.done && first.value === null);
      const el = first.done ? undefined : first.value;
      const dtype = this.given.dtype ?? (el ? dtypeNameOf(inferClass(el, where)) : undefined);
      if (dtype === undefined) throw new InvalidArgumentError("the data type could not be determined (the iterable is empty); give dtype", where);
      const maxshape = this.given.maxShape ?? (el ? [...el.shape.slice(0, this.iterAxis), null, ...el.shape.slice(this.iterAxis)] : [null]);
      this.known = { dtype, maxshape };
    }
    return { dtype: this.known.dtype, maxshape: this.known.maxshape };
  }

  protected async *chunks(): AsyncGenerator<DataChunk> {
    if (this.started) throw new InvalidArgumentError("a DataChunkIterator is consumed once; make a new one", where);
    this.started = true;
    await this.describe();
    const axis = this.iterAxis;
    let next = 0;
    for (;;) {
      const pieces: FlatData[] = [];
      let offset = 0;
      let gapAfter = false;
      while (pieces.length < this.bufferSize) {
        const step = await this.nextElement();
        if (step.done) break;
        if (step.value === null) {
          if (pieces.length === 0) offset++;
          else {
            gapAfter = true;
            break;
          }
        } else pieces.push(step.value);
      }
      if (pieces.length === 0) return;
      const chunk = this.stack(pieces, next + offset);
      this.known!.firstShape ??= chunk.shape.slice();
      next = chunk.selection[axis].stop + (gapAfter ? 1 : 0);
      yield chunk;
    }
  }

  /** Stack elements along the iteration axis into one chunk starting at `start`. */
  private stack(pieces: FlatData[], start: number): DataChunk {
    const axis = this.iterAxis;
    const rowShape = pieces[0].shape;
    for (const p of pieces) {
      if (p.shape.length !== rowShape.length || p.shape.some((n, d) => n !== rowShape[d])) {
        throw new InvalidArgumentError(`elements of one chunk differ in shape: [${rowShape.join(", ")}] and [${p.shape.join(", ")}]`, where);
      }
    }
    const shape = [...rowShape.slice(0, axis), pieces.length, ...rowShape.slice(axis)];
    const outer = shapeSize(rowShape.slice(0, axis));
    const inner = shapeSize(rowShape.slice(axis));
    const cls = typeof this.known!.dtype === "string" ? classifyDtype(this.known!.dtype) : undefined;
    const numeric = cls?.kind === "numeric" && pieces.every((p) => p.typed) ? cls.name : undefined;
    const out = (numeric ? new (typedArrayClass(numeric))(shapeSize(shape)) : new Array(shapeSize(shape))) as { [i: number]: unknown };
    const k = pieces.length;
    pieces.forEach((p, j) => {
      const same = numeric && p.typed instanceof typedArrayClass(numeric);
      for (let o = 0; o < outer; o++) {
        for (let i = 0; i < inner; i++) {
          const v = p.values[o * inner + i];
          out[(o * k + j) * inner + i] = numeric && !same ? toNumericValue(numeric, v) : v;
        }
      }
    });
    const selection = shape.map((n, d) => (d === axis ? { start, stop: start + k } : { start: 0, stop: n }));
    // `out` is new for each chunk and not kept here.
    return new DataChunk({ data: out as ArrayLike<unknown>, shape, selection, owned: true });
  }
}
