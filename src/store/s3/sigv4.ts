/**
 * AWS Signature Version 4 with WebCrypto (`globalThis.crypto.subtle`: Node 20 and browsers), so
 * the browser bundle can sign too. Signs the method, path, query, the given headers plus `host`,
 * and the payload hash.
 */

/** An access key, its secret and (temporary credentials) a session token. */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** One request to sign. */
export interface SigV4Request {
  method: string;
  /** The URL as it will be sent; its path must already be encoded as the service expects. */
  url: string | URL;
  /** Headers to sign (names in any case); `host` and `x-amz-date` are added. */
  headers?: Record<string, string>;
  /** Hex SHA-256 of the body (S3 also sends it as `x-amz-content-sha256`). Default: that of no body. */
  payloadHash?: string;
}

/** Where and when a request is signed. */
export interface SigV4Scope {
  region: string;
  service: string;
  /** Signing time. Default: now. */
  now?: Date | number;
}

/** SHA-256 of no bytes, in hex. */
export const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

const encoder = new TextEncoder();

function subtle(): typeof globalThis.crypto.subtle {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new Error("WebCrypto (crypto.subtle) is not available: S3 requests cannot be signed in this runtime");
  return s;
}

function hex(bytes: ArrayBuffer): string {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Hex SHA-256 of `data`. */
export async function sha256Hex(data: Uint8Array | string): Promise<string> {
  const bytes = typeof data === "string" ? encoder.encode(data) : data;
  return hex(await subtle().digest("SHA-256", bytes as Uint8Array<ArrayBuffer>));
}

async function hmac(key: Uint8Array | ArrayBuffer, text: string): Promise<ArrayBuffer> {
  const k = await subtle().importKey("raw", key as Uint8Array<ArrayBuffer>, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return subtle().sign("HMAC", k, encoder.encode(text));
}

/** RFC 3986 encoding as SigV4 wants it: everything but `A-Za-z0-9-_.~` as %XX, upper case. */
export function awsEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
}

/** `YYYYMMDDTHHMMSSZ`. */
function amzDate(now: Date | number): string {
  return new Date(now).toISOString().replace(/[-:]|\.\d{3}/g, "");
}

/** The query sorted by encoded name, then value, each encoded once (as the suite's canonical form). */
function canonicalQuery(url: URL): string {
  const pairs: [string, string][] = [];
  for (const [name, value] of url.searchParams) pairs.push([awsEncode(name), awsEncode(value)]);
  pairs.sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
  return pairs.map(([n, v]) => `${n}=${v}`).join("&");
}

/**
 * The headers that sign `request`: `authorization`, `x-amz-date` and, with a session token,
 * `x-amz-security-token` (signed as well). The path is taken as sent (S3 does not normalise or
 * re-encode it); header values are trimmed and inner runs of spaces collapsed, as SigV4 says.
 */
export async function signV4(request: SigV4Request, credentials: AwsCredentials, scope: SigV4Scope): Promise<Record<string, string>> {
  const url = typeof request.url === "string" ? new URL(request.url) : request.url;
  const date = amzDate(scope.now ?? Date.now());
  const day = date.slice(0, 8);
  const added: Record<string, string> = { "x-amz-date": date };
  if (credentials.sessionToken) added["x-amz-security-token"] = credentials.sessionToken;
  const all = new Map<string, string>();
  const put = (name: string, value: string) => {
    const n = name.toLowerCase();
    const v = value.trim().replace(/\s+/g, " ");
    all.set(n, all.has(n) ? `${all.get(n)},${v}` : v);
  };
  put("host", url.host);
  for (const [n, v] of Object.entries(request.headers ?? {})) if (n.toLowerCase() !== "host") put(n, v);
  for (const [n, v] of Object.entries(added)) put(n, v);
  const names = [...all.keys()].sort();
  const canonical = [
    request.method.toUpperCase(),
    url.pathname || "/",
    canonicalQuery(url),
    names.map((n) => `${n}:${all.get(n)}\n`).join(""),
    names.join(";"),
    request.payloadHash ?? EMPTY_SHA256,
  ].join("\n");
  const credentialScope = `${day}/${scope.region}/${scope.service}/aws4_request`;
  const toSign = ["AWS4-HMAC-SHA256", date, credentialScope, await sha256Hex(canonical)].join("\n");
  let key: ArrayBuffer = await hmac(encoder.encode("AWS4" + credentials.secretAccessKey), day);
  for (const part of [scope.region, scope.service, "aws4_request"]) key = await hmac(key, part);
  const signature = hex(await hmac(key, toSign));
  return {
    ...added,
    authorization: `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${credentialScope}, SignedHeaders=${names.join(";")}, Signature=${signature}`,
  };
}
