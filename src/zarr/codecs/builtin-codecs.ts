/**
 * The codecs this package implements, by name: Zarr v3 core names with v3 configurations, and
 * `numcodecs.*` names with numcodecs (v2-style) parameters, as hdmf-zarr 0.14 writes them and as
 * `v2CodecChain` produces them from `.zarray` filters and compressors. `sharding_indexed` is
 * registered by `pipeline.ts`, since it builds pipelines itself.
 */
import { AsTypeCodec } from "./astype.js";
import { BitRoundCodec } from "./bitround.js";
import { BloscCodec } from "./blosc.js";
import { BytesCodec } from "./bytes.js";
import { Bz2Codec } from "./bz2.js";
import { CategorizeCodec } from "./categorize.js";
import { Crc32cCodec } from "./crc32c.js";
import { DeflateCodec } from "./deflate.js";
import { DeltaCodec } from "./delta.js";
import { FixedScaleOffsetCodec } from "./fixed-scale-offset.js";
import { Fletcher32Codec } from "./fletcher32.js";
import { Json2Codec } from "./json2.js";
import { Lz4Codec } from "./lz4.js";
import { LzmaCodec } from "./lzma.js";
import { MsgPackCodec } from "./msgpack2.js";
import { PackBitsCodec } from "./packbits.js";
import { PickleCodec } from "./pickle.js";
import { QuantizeCodec } from "./quantize.js";
import { ShuffleCodec } from "./shuffle.js";
import { TransposeCodec } from "./transpose.js";
import type { CodecFactory } from "./types.js";
import { VlenCodec } from "./vlen.js";
import { ZstdCodec } from "./zstd.js";

/** Register `factory` under each name; factories that want their name get it first. */
function named(names: string[], factory: (name: string, ...rest: Parameters<CodecFactory>) => ReturnType<CodecFactory>): [string, CodecFactory][] {
  return names.map((n) => [n, (cfg, ctx) => factory(n, cfg, ctx)]);
}

/** Every built-in codec factory by name (`sharding_indexed` excepted, see above). */
export const BUILTIN_CODECS: ReadonlyMap<string, CodecFactory> = new Map<string, CodecFactory>([
  // Zarr v3 core codecs ("endian" is the name an early v3 draft used for "bytes").
  ["bytes", BytesCodec.fromConfig],
  ["endian", BytesCodec.fromConfig],
  ["transpose", TransposeCodec.fromConfig],
  ["crc32c", Crc32cCodec.fromConfig],
  ["vlen-utf8", VlenCodec.utf8],
  ["vlen-bytes", VlenCodec.bytes],
  ...named(["blosc", "numcodecs.blosc"], BloscCodec.fromConfig),
  ...named(["zstd", "numcodecs.zstd"], ZstdCodec.fromConfig),
  ...named(["gzip", "numcodecs.gzip"], DeflateCodec.gzip),
  // numcodecs codecs (plain ids accepted too, as some readers spell v2 chains that way).
  ...named(["numcodecs.lz4", "lz4"], Lz4Codec.fromConfig),
  ...named(["numcodecs.zlib", "zlib"], DeflateCodec.zlib),
  ...named(["numcodecs.shuffle", "shuffle"], ShuffleCodec.fromConfig),
  ["numcodecs.fletcher32", Fletcher32Codec.fromConfig],
  ["fletcher32", Fletcher32Codec.fromConfig],
  ...named(["numcodecs.delta", "delta"], DeltaCodec.fromConfig),
  ...named(["numcodecs.fixedscaleoffset", "fixedscaleoffset"], FixedScaleOffsetCodec.fromConfig),
  ...named(["numcodecs.quantize", "quantize"], QuantizeCodec.fromConfig),
  ...named(["numcodecs.bitround", "bitround"], BitRoundCodec.fromConfig),
  ...named(["numcodecs.packbits", "packbits"], PackBitsCodec.fromConfig),
  ...named(["numcodecs.astype", "astype"], AsTypeCodec.fromConfig),
  // Zarr v2 only (zarr-python 3 has no categorize); the v3 name is what v2 chains map it to.
  ...named(["numcodecs.categorize", "categorize"], CategorizeCodec.fromConfig),
  ["numcodecs.vlen-utf8", VlenCodec.utf8],
  ["numcodecs.vlen-bytes", VlenCodec.bytes],
  ["numcodecs.json2", Json2Codec.fromConfig],
  ["json2", Json2Codec.fromConfig],
  ["numcodecs.pickle", PickleCodec.fromConfig],
  ["pickle", PickleCodec.fromConfig],
  ...named(["numcodecs.msgpack2", "msgpack2"], MsgPackCodec.fromConfig),
  ...named(["numcodecs.bz2", "bz2"], Bz2Codec.fromConfig),
  ...named(["numcodecs.lzma", "lzma"], LzmaCodec.fromConfig),
]);
