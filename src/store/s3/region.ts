/**
 * Finding a bucket's region as botocore's S3 region redirector does: a request signed for the
 * wrong region is answered 301 (PermanentRedirect) or 400 (AuthorizationHeaderMalformed), with the
 * right region in the `x-amz-bucket-region` header or the `<Region>` of the error document; when
 * neither says (HEAD answers have no body), an unsigned HEAD of the bucket names it in its header.
 * No Node imports.
 */
import { readCapped } from "../capped-read.js";
import { xmlOne } from "./s3-xml.js";

/** Most bytes of an error document read to find the region. */
const MAX_ERROR_BYTES = 64 * 1024;

/** The S3 error codes that mean "signed for, or sent to, the wrong region". */
const WRONG_REGION_CODES = new Set(["AuthorizationHeaderMalformed", "PermanentRedirect", "IllegalLocationConstraintException"]);

/**
 * Whether `res` says the request went to or was signed for the wrong region, and the region it
 * names. `res` itself is left unread (a copy of the body is read), so it can still be handed on.
 */
export async function wrongRegionAnswer(res: Response, method: string): Promise<{ wrong: boolean; region?: string }> {
  if (res.status !== 301 && res.status !== 400) return { wrong: false };
  const header = res.headers.get("x-amz-bucket-region")?.trim() || undefined;
  // A HEAD answer has no error document: botocore takes its 301 or 400 for a region question too.
  if (method === "HEAD") return { wrong: true, region: header };
  const xml = new TextDecoder().decode(await readCapped(res.clone().body, MAX_ERROR_BYTES, "truncate"));
  const code = xmlOne(xml, "Code");
  const wrong = res.status === 301 || (code !== undefined && WRONG_REGION_CODES.has(code));
  return { wrong, region: header ?? xmlOne(xml, "Region")?.trim() ?? undefined };
}

/** The region named by an unsigned HEAD of the bucket at `bucketUrl` (`x-amz-bucket-region`), if any. */
export async function probeBucketRegion(bucketUrl: string, fetchFn: typeof fetch, signal?: AbortSignal | null): Promise<string | undefined> {
  const res = await fetchFn(bucketUrl, { method: "HEAD", signal: signal ?? undefined });
  await res.body?.cancel().catch(() => undefined);
  return res.headers.get("x-amz-bucket-region")?.trim() || undefined;
}

/** A region name as S3 spells them (`eu-west-2`); anything else is not taken from an answer. */
export function isRegionName(text: string | undefined): text is string {
  return text !== undefined && /^[a-z0-9-]{1,64}$/.test(text);
}
