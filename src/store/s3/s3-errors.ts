/**
 * What an S3 error document says, in a user's terms: the error code with its message, and for
 * the codes that mean wrong credentials or a wrong region, what to check.
 */
import { xmlOne } from "./s3-xml.js";

const HINTS: Record<string, string> = {
  SignatureDoesNotMatch: "the server refused the request signature: the secret access key does not match the access key id",
  InvalidAccessKeyId: "the server does not know this access key id",
  // versitygw's answer (404) to an unknown access key id
  XAdminUserNotFound: "the server does not know this access key id",
  InvalidToken: "the session token is not valid",
  ExpiredToken: "the session token has expired; get new credentials",
  RequestTimeTooSkewed: "this computer's clock differs too much from the server's; signatures carry the time",
  AccessDenied: "access denied: the credentials (or anonymous access) may not do this here",
  AllAccessDisabled: "access denied: all access to this object is disabled",
  NoSuchBucket: "the bucket does not exist",
};

/** The S3 error codes that mean the credentials or the signature were refused. */
const REFUSALS = new Set(["SignatureDoesNotMatch", "InvalidAccessKeyId", "InvalidToken", "ExpiredToken", "RequestTimeTooSkewed", "AuthorizationHeaderMalformed"]);

/**
 * Why S3 refused a request, from its error document (undefined when the body is not one); `fatal`
 * when the credentials, the signature or the region were refused, or a 404 is about something
 * else than the key (no such bucket, unknown user): no reader may take those for a missing key.
 */
export function explainS3Error(status: number, body: Uint8Array): { detail: string; fatal: boolean } | undefined {
  const xml = new TextDecoder().decode(body);
  const code = xmlOne(xml, "Code");
  if (code === undefined) return undefined;
  const message = xmlOne(xml, "Message");
  const region = xmlOne(xml, "Region");
  let text = HINTS[code] ?? `S3 error ${code}`;
  if (code === "AuthorizationHeaderMalformed" || code === "PermanentRedirect" || (region && status === 301)) {
    text = `the bucket is in another region${region ? ` (${region})` : ""}; pass client_kwargs: { region_name: ${region ? `'${region}'` : "…"} } or set AWS_REGION`;
  }
  return { detail: `${text} (S3 ${code}${message ? `: ${message}` : ""})`, fatal: REFUSALS.has(code) || (status === 404 && code !== "NoSuchKey") };
}
