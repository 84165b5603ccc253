/**
 * Lazy access to the `numcodecs` npm package (blosc, zstd, lz4 as WebAssembly; gzip/zlib via
 * fflate). It is ESM-only and this package compiles to CommonJS, so it is loaded with a real
 * dynamic `import()` whose specifier is not a plain string literal (tsc then leaves it alone). Its bundled type
 * declarations do not resolve under Node16 resolution, so the small surface used is declared here.
 */

/** One numcodecs codec instance. */
export interface NumcodecsCodec {
  encode(data: Uint8Array): Uint8Array | Promise<Uint8Array>;
  decode(data: Uint8Array, out?: Uint8Array): Uint8Array | Promise<Uint8Array>;
}

/** A numcodecs codec class. */
export interface NumcodecsCodecClass {
  fromConfig(config: Record<string, unknown> & { id: string }): NumcodecsCodec;
}

/** Sub-modules of the package, one per codec, each with a default export. */
export type NumcodecsName = "blosc" | "zstd" | "lz4" | "gzip" | "zlib";

const loaded = new Map<NumcodecsName, Promise<NumcodecsCodecClass>>();

/** The numcodecs class for `name`, importing its module (and its WebAssembly) on first use only. */
export function numcodecsClass(name: NumcodecsName): Promise<NumcodecsCodecClass> {
  let p = loaded.get(name);
  if (!p) {
    // A template literal: tsc keeps the real import() (no types to resolve), bundlers can still
    // see which package directory it points into.
    p = (import(`numcodecs/${name}`) as Promise<{ default: NumcodecsCodecClass }>).then((m) => m.default);
    // Let a failed import be retried rather than cached forever.
    p.catch(() => loaded.delete(name));
    loaded.set(name, p);
  }
  return p;
}
