/**
 * A GenericDataChunkIterator over a 1-D ramp (value = offset + index) that records each buffer it
 * reads, for tests of when and in which order a write reads its iterators.
 */
import { GenericDataChunkIterator } from "../../src/io/generic-data-chunk-iterator.js";
import type { ChunkSlice } from "../../src/io/data-chunk.js";

export class LoggedRamp extends GenericDataChunkIterator {
  /**
   * `length` values from `offset`, read `buffer` at a time (one chunk per buffer); each read pushes
   * `name:start` on `log`, after `onRead` (which may throw, to make a read fail).
   */
  constructor(
    readonly name: string, private readonly length: number, private readonly offset: number, buffer: number,
    private readonly log: string[], private readonly onRead: (start: number) => void = () => {},
  ) {
    super({ chunkShape: [buffer], bufferShape: [buffer] });
  }
  protected getData([s]: ChunkSlice[]) {
    this.onRead(s.start);
    this.log.push(`${this.name}:${s.start}`);
    return Float64Array.from({ length: s.stop - s.start }, (_, i) => this.offset + s.start + i);
  }
  protected getMaxShape() {
    return [this.length];
  }
  protected getDtype() {
    return "float64";
  }
}
