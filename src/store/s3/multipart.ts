/**
 * The documents and sizes of an S3 multipart upload (CreateMultipartUpload, UploadPart,
 * CompleteMultipartUpload, AbortMultipartUpload), which s3fs uses for objects larger than its
 * `default_block_size`. No Node imports.
 */
import { xmlOne } from "./s3-xml.js";

/** S3's smallest part (all parts but the last): 5 MiB. */
export const MIN_PART_BYTES = 5 * 2 ** 20;
/** S3's largest part, and largest single PUT: 5 GiB. */
export const MAX_PART_BYTES = 5 * 2 ** 30;
/** S3's most parts in one upload. */
export const MAX_PARTS = 10_000;
/** s3fs's `default_block_size`: 50 MiB. */
export const DEFAULT_BLOCK_BYTES = 50 * 2 ** 20;

/** One uploaded part: its number (from 1) and the ETag S3 gave it. */
export interface UploadedPart {
  number: number;
  etag: string;
}

/** The byte ranges `[start, end)` of the parts of an object of `size` bytes cut in `partSize` blocks. */
export function partRanges(size: number, partSize: number): [number, number][] {
  const ranges: [number, number][] = [];
  for (let start = 0; start < size; start += partSize) ranges.push([start, Math.min(size, start + partSize)]);
  return ranges;
}

/** The UploadId of a CreateMultipartUpload answer; throws an Error saying what is wrong otherwise. */
export function parseUploadId(body: Uint8Array): string {
  const xml = new TextDecoder().decode(body);
  const id = /<InitiateMultipartUploadResult[\s>]/.test(xml) ? xmlOne(xml, "UploadId") : undefined;
  if (!id) throw new Error("the answer is not an InitiateMultipartUploadResult with an UploadId");
  return id;
}

/** The CompleteMultipartUpload request body listing `parts` in order. */
export function completeBody(parts: UploadedPart[]): Uint8Array {
  const escape = (t: string) => t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const items = parts.map((p) => `<Part><PartNumber>${p.number}</PartNumber><ETag>${escape(p.etag)}</ETag></Part>`).join("");
  return new TextEncoder().encode(`<?xml version="1.0" encoding="UTF-8"?><CompleteMultipartUpload>${items}</CompleteMultipartUpload>`);
}

/**
 * Why a CompleteMultipartUpload answered 200 did not complete, or undefined when it did: S3 may
 * send an error document with status 200 once it has started answering.
 */
export function completeFailure(body: Uint8Array): string | undefined {
  const xml = new TextDecoder().decode(body);
  if (/<CompleteMultipartUploadResult[\s>]/.test(xml)) return undefined;
  const code = xmlOne(xml, "Code");
  if (code !== undefined) return `S3 ${code}${xmlOne(xml, "Message") ? `: ${xmlOne(xml, "Message")}` : ""}`;
  return "the answer is not a CompleteMultipartUploadResult";
}

/** What is wrong with a part size (s3fs `default_block_size`), or undefined when it is fine or not given. */
export function checkPartSize(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isSafeInteger(value)) return `must be a whole number of bytes, got ${JSON.stringify(value)}`;
  if (value < MIN_PART_BYTES) return `must be at least 5 MiB (${MIN_PART_BYTES} bytes), S3's smallest part, got ${value}`;
  if (value > MAX_PART_BYTES) return `must be at most 5 GiB (${MAX_PART_BYTES} bytes), S3's largest part, got ${value}`;
  return undefined;
}
