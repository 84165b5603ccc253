/**
 * The S3 part of `storageOptions`, spelled as s3fs takes them in hdmf-zarr's `storage_options`
 * (`anon`, `key`, `secret`, `token`, `profile`, `endpoint_url`, `client_kwargs`, `default_block_size`),
 * and their checks.
 * No Node imports: the browser bundle may use this file.
 */
import { InvalidOptionError } from "../../errors.js";
import { checkOptions, optionNames, type OptionsSite, type UnsupportedOptions } from "../../options.js";
import { checkPartSize } from "./multipart.js";

/** `client_kwargs` as s3fs passes them to the botocore client: only these two are taken here. */
export interface S3ClientKwargs {
  /** The bucket's region (botocore's `region_name`). */
  region_name?: string;
  /** An S3-compatible service's address; requests then use path-style URLs. */
  endpoint_url?: string;
}

/** Options of S3 stores (`s3://bucket/prefix`), as s3fs names them. */
export interface S3StorageOptions {
  /** Send requests unsigned, without looking for credentials (s3fs `anon=True`; public buckets). */
  anon?: boolean;
  /** Access key id (s3fs `key`). */
  key?: string;
  /** Secret access key (s3fs `secret`). */
  secret?: string;
  /** Session token of temporary credentials (s3fs `token`). */
  token?: string;
  /** Profile of `~/.aws/credentials` and `~/.aws/config` to take credentials and region from (s3fs `profile`). */
  profile?: string;
  /** An S3-compatible service's address (s3fs `endpoint_url`), e.g. `http://127.0.0.1:7070`. */
  endpoint_url?: string;
  /** botocore client settings (s3fs `client_kwargs`): `region_name`, `endpoint_url`. */
  client_kwargs?: S3ClientKwargs;
  /**
   * Objects larger than this many bytes are written as multipart uploads in parts of this size
   * (s3fs `default_block_size`; default 50 MiB, at least 5 MiB).
   */
  default_block_size?: number;
}

/** The keys of {@link S3StorageOptions}. */
export const S3_STORAGE_OPTIONS = optionNames<S3StorageOptions>({
  anon: true, key: true, secret: true, token: true, profile: true, endpoint_url: true, client_kwargs: true, default_block_size: true,
});
const CLIENT_KWARGS = optionNames<S3ClientKwargs>({ region_name: true, endpoint_url: true });

/** s3fs options a Python user may bring that are not taken here, with what to do instead. */
export const UNSUPPORTED_S3_OPTIONS: UnsupportedOptions = {
  username: "use `key` (s3fs takes username as another name of key)",
  password: "use `secret` (s3fs takes password as another name of secret)",
  requester_pays: "requester-pays buckets are not supported here",
  s3_additional_kwargs: "extra S3 request parameters (server-side encryption, ACLs) are not supported here",
  config_kwargs: "botocore Config settings are not taken; use retries, timeoutMs and concurrency",
  use_ssl: "the scheme of endpoint_url says whether TLS is used",
  version_aware: "object versions are not supported here",
  session: "there is no botocore session here; pass key/secret/token or profile",
};
const UNSUPPORTED_CLIENT_KWARGS: UnsupportedOptions = {
  aws_access_key_id: "pass it as `key`",
  aws_secret_access_key: "pass it as `secret`",
  aws_session_token: "pass it as `token`",
};

/** Whether any S3 option is given (a key present, whatever its value). */
export function hasS3Options(options: object | undefined): boolean {
  return options !== undefined && options !== null && S3_STORAGE_OPTIONS.some((k) => Object.hasOwn(options, k));
}

function refuse(site: OptionsSite, option: string, why: string): never {
  throw new InvalidOptionError(`${site.call}: option '${option}' ${why}`, { store: site.store, path: site.path }, option, S3_STORAGE_OPTIONS);
}

function checkText(options: S3StorageOptions, name: "key" | "secret" | "token" | "profile", site: OptionsSite): void {
  const value = options[name];
  if (value !== undefined && (typeof value !== "string" || value === "")) refuse(site, name, `must be a non-empty string, got ${JSON.stringify(value)}`);
  // The key and the token travel in headers, which hold only printable ASCII.
  if ((name === "key" || name === "token") && value !== undefined && !/^[\x21-\x7e]+$/.test(value)) {
    refuse(site, name, "must be printable ASCII without spaces (it is sent in a request header)");
  }
}

function checkEndpoint(value: unknown, option: string, site: OptionsSite): void {
  if (value === undefined) return;
  let ok = false;
  try {
    const url = new URL(String(value));
    ok = typeof value === "string" && (url.protocol === "http:" || url.protocol === "https:") && !url.username && !url.password;
  } catch {
    ok = false;
  }
  if (!ok) refuse(site, option, `must be an http:// or https:// address such as 'http://127.0.0.1:7070', got ${JSON.stringify(value)}`);
}

/**
 * Check the S3 options among `options` (other keys are left to the caller): types, that `key`
 * and `secret` come together, that `anon` is not given with credentials or a profile (s3fs
 * would drop them silently), and the keys of `client_kwargs`. Throws InvalidOptionError naming
 * the option.
 */
export function checkS3Options(options: S3StorageOptions, site: OptionsSite): void {
  if (options.anon !== undefined && typeof options.anon !== "boolean") refuse(site, "anon", `must be true or false, got ${JSON.stringify(options.anon)}`);
  for (const name of ["key", "secret", "token", "profile"] as const) checkText(options, name, site);
  if ((options.key === undefined) !== (options.secret === undefined)) {
    refuse(site, options.key === undefined ? "secret" : "key", "needs its partner: pass both key and secret (botocore refuses partial credentials)");
  }
  if (options.token !== undefined && options.key === undefined) refuse(site, "token", "is the session token of temporary credentials: pass key and secret with it");
  if (options.anon === true) {
    const given = (["key", "secret", "token", "profile"] as const).find((k) => options[k] !== undefined);
    if (given) refuse(site, given, "contradicts anon: true (anonymous requests carry no credentials); give one or the other");
  }
  checkEndpoint(options.endpoint_url, "endpoint_url", site);
  const partProblem = checkPartSize(options.default_block_size);
  if (partProblem) refuse(site, "default_block_size", partProblem);
  const kwargs = checkOptions(options.client_kwargs, CLIENT_KWARGS, { ...site, call: `${site.call} option 'client_kwargs'` }, UNSUPPORTED_CLIENT_KWARGS);
  checkEndpoint(kwargs.endpoint_url, "client_kwargs.endpoint_url", site);
  if (kwargs.region_name !== undefined && (typeof kwargs.region_name !== "string" || !/^[a-z0-9-]+$/.test(kwargs.region_name))) {
    refuse(site, "client_kwargs.region_name", `must be a region name such as 'us-west-2', got ${JSON.stringify(kwargs.region_name)}`);
  }
  if (options.endpoint_url !== undefined && kwargs.endpoint_url !== undefined && options.endpoint_url !== kwargs.endpoint_url) {
    refuse(site, "endpoint_url", "differs from client_kwargs.endpoint_url; give the address once");
  }
}
