/**
 * `s3://bucket/prefix` and the HTTPS address requests go to: virtual-host style on AWS
 * (`https://bucket.s3.<region>.amazonaws.com/prefix`), path style on an S3-compatible service
 * (`<endpoint>/bucket/prefix`). No Node imports.
 */
import { InvalidArgumentError } from "../../errors.js";
import { awsEncode } from "./sigv4.js";

/** The bucket and key prefix of an `s3://` URL (prefix without slashes at either end). */
export function parseS3Url(url: string): { bucket: string; prefix: string } {
  const match = /^s3:\/\/([^/?#]+)(\/[^?#]*)?$/i.exec(url.trim());
  if (!match) throw new InvalidArgumentError(`not an S3 URL: '${url}' (expected s3://bucket/prefix)`, { store: url });
  const bucket = match[1];
  if (!/^[a-z0-9][a-z0-9.-]*$/.test(bucket)) throw new InvalidArgumentError(`invalid S3 bucket name '${bucket}'`, { store: url });
  const prefix = (match[2] ?? "").split("/").filter((s) => s !== "").join("/");
  return { bucket, prefix };
}

/** A key or prefix encoded segment by segment as SigV4 signs S3 paths. */
export function encodeS3Path(path: string): string {
  return path.split("/").map(awsEncode).join("/");
}

/**
 * The address of the bucket's root. An endpoint gets path style (S3-compatible services rarely
 * have per-bucket host names); AWS gets virtual-host style, except for bucket names with dots,
 * which break TLS certificate matching there.
 */
export function bucketUrl(bucket: string, region: string, endpoint?: string): string {
  if (endpoint !== undefined) return `${endpoint.replace(/\/+$/, "")}/${encodeS3Path(bucket)}`;
  const host = region === "us-east-1" ? "s3.amazonaws.com" : `s3.${region}.amazonaws.com`;
  return bucket.includes(".") ? `https://${host}/${bucket}` : `https://${bucket}.${host}`;
}
