/**
 * Codec registry: codec name → factory. Starts with the built-in codecs; `registerCodec` adds or
 * replaces one (e.g. a plug-in codec, or a test double).
 */
import { MetadataError, UnknownCodecError } from "../../errors.js";
import { BUILTIN_CODECS } from "./builtin-codecs.js";
import type { Codec, CodecContext, CodecFactory, CodecJSON } from "./types.js";

const factories = new Map<string, CodecFactory>(BUILTIN_CODECS);

/** Register (or replace) the factory for codec `name`. */
export function registerCodec(name: string, factory: CodecFactory): void {
  factories.set(name, factory);
}

/** Whether a codec name is known. */
export function hasCodec(name: string): boolean {
  return factories.has(name);
}

/** Every known codec name, sorted. */
export function codecNames(): string[] {
  return [...factories.keys()].sort();
}

/** Build the codec described by `json`; UnknownCodecError when its name is not registered. */
export function createCodec(json: CodecJSON, ctx: CodecContext): Codec {
  if (typeof json !== "object" || json === null || typeof json.name !== "string") {
    throw new MetadataError(`a codec entry must be an object with a 'name', got ${JSON.stringify(json)}`, ctx.where);
  }
  const factory = factories.get(json.name);
  if (!factory) {
    throw new UnknownCodecError(
      `codec '${json.name}' is not supported, so this array cannot be read or written ` +
        `(supported: ${codecNames().join(", ")})`,
      ctx.where,
    );
  }
  const cfg = json.configuration ?? {};
  if (typeof cfg !== "object" || cfg === null || Array.isArray(cfg)) {
    throw new MetadataError(`codec '${json.name}': 'configuration' must be an object`, ctx.where);
  }
  return factory(cfg, ctx);
}
