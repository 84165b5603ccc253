/**
 * The codec layer: registry, pipeline, v2 → v3 chain conversion, and the Python-compatible JSON
 * text helpers shared with the metadata layer.
 */
export type {
  ArrayArrayCodec, ArrayBytesCodec, BytesBytesCodec, ChunkSpec, Codec, CodecContext, CodecFactory, CodecJSON, PaddingMask,
} from "./types.js";
export { codecNames, createCodec, hasCodec, registerCodec } from "./registry.js";
export { BytesCodecChain, CodecPipeline } from "./pipeline.js";
export { v2CodecChain, v2ToCodecJSON, type V2ChainInput } from "./v2-chain.js";
export { pythonJsonStringify, pythonJsonString, pythonNumber, type PythonJsonOptions } from "./json-text.js";
export { crc32c } from "./crc32c.js";
export { ShardingCodec, type ShardIndex } from "./sharding.js";
export { numpyTypestr, parseNumpyTypestr } from "./numpy-typestr.js";
