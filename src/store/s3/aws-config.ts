/**
 * Where S3 requests get their region, endpoint and credentials, as s3fs (through botocore) finds
 * them (Node only: it reads the environment and `~/.aws`):
 * credentials from `key`/`secret`/`token`, else `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`/
 * `AWS_SESSION_TOKEN` (skipped when `profile` is given, as botocore does), else the profile
 * (`profile`, `AWS_PROFILE`, or `default`) of `~/.aws/credentials`, then of `~/.aws/config`;
 * the region from `client_kwargs.region_name`, `AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's
 * `region`, else us-east-1; the endpoint from `endpoint_url`, `client_kwargs.endpoint_url`,
 * `AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL`, the profile's `endpoint_url`.
 */
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { InvalidOptionError, StoreError } from "../../errors.js";
import type { AwsCredentials } from "./sigv4.js";
import type { S3StorageOptions } from "./s3-options.js";
import type { S3Access } from "./s3-store.js";

/** The environment to look in (defaults: `process.env`, the home folder). */
export interface AwsEnvironment {
  env?: Record<string, string | undefined>;
  home?: string;
}

type Section = Record<string, string>;

/** Sections of an INI file (`[name]` → key = value), or none when the file is missing. */
function readIni(path: string): Map<string, Section> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return new Map();
  }
  const sections = new Map<string, Section>();
  let current: Section | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const header = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (header) {
      current = sections.get(header[1]) ?? {};
      sections.set(header[1], current);
      continue;
    }
    const eq = line.indexOf("=");
    // Nested settings (`s3 =` followed by indented lines) and stray lines are not ours to read.
    if (eq > 0 && current && !/^\s/.test(raw)) current[line.slice(0, eq).trim().toLowerCase()] = line.slice(eq + 1).trim();
  }
  return sections;
}

/** Ways of getting credentials that botocore has and this package does not. */
const UNSUPPORTED_PROFILE_KEYS = ["role_arn", "credential_process", "sso_session", "sso_start_url", "web_identity_token_file", "credential_source"];

/** The profile's settings: its `~/.aws/credentials` section over its `~/.aws/config` one. */
function profileSettings(name: string, env: Record<string, string | undefined>, home: string): { credentials?: Section; config?: Section; files: string } {
  const credentialsFile = env.AWS_SHARED_CREDENTIALS_FILE || join(home, ".aws", "credentials");
  const configFile = env.AWS_CONFIG_FILE || join(home, ".aws", "config");
  const credentials = readIni(credentialsFile).get(name);
  const configs = readIni(configFile);
  const config = configs.get(name === "default" ? "default" : `profile ${name}`) ?? (name === "default" ? undefined : configs.get(name));
  return { credentials, config, files: `${credentialsFile}, ${configFile}` };
}

/**
 * Region, endpoint and a credentials getter for an S3 store opened with `options`. Credentials are
 * looked up on the first request (`credentials()`), so opening never fails for want of them:
 * none found is a StoreError saying where it looked and that `anon: true` reads public buckets.
 */
export function resolveS3Access(options: S3StorageOptions, store: string, environment: AwsEnvironment = {}): S3Access {
  const env = environment.env ?? process.env;
  const home = environment.home ?? (env.HOME || homedir());
  const profileName = options.profile ?? (env.AWS_PROFILE || env.AWS_DEFAULT_PROFILE || "default");
  const profile = profileSettings(profileName, env, home);
  if (options.profile !== undefined && !profile.credentials && !profile.config) {
    throw new InvalidOptionError(`option 'profile': no profile '${options.profile}' in ${profile.files}`, { store }, "profile", []);
  }
  const pick = (key: string) => profile.credentials?.[key] ?? profile.config?.[key];
  const region = options.client_kwargs?.region_name || env.AWS_REGION || env.AWS_DEFAULT_REGION || pick("region") || "us-east-1";
  const endpoint = options.endpoint_url ?? options.client_kwargs?.endpoint_url ?? (env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || pick("endpoint_url") || undefined);
  if (options.anon) return { region, endpoint, credentials: async () => undefined };

  const lookup = (): { credentials: AwsCredentials; from: string } => {
    if (options.key !== undefined && options.secret !== undefined) {
      return { credentials: { accessKeyId: options.key, secretAccessKey: options.secret, sessionToken: options.token }, from: "key/secret" };
    }
    if (options.profile === undefined && env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
      return {
        credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN || undefined },
        from: "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY",
      };
    }
    for (const [section, file] of [[profile.credentials, "credentials"], [profile.config, "config"]] as const) {
      if (section?.aws_access_key_id && section.aws_secret_access_key) {
        return {
          credentials: { accessKeyId: section.aws_access_key_id, secretAccessKey: section.aws_secret_access_key, sessionToken: section.aws_session_token || undefined },
          from: `profile '${profileName}' of ~/.aws/${file}`,
        };
      }
    }
    const other = UNSUPPORTED_PROFILE_KEYS.find((k) => pick(k) !== undefined);
    if (other) {
      throw new StoreError(
        `profile '${profileName}' gets its credentials through '${other}', which is not supported here; ` +
          `export temporary credentials instead (aws configure export-credentials --profile ${profileName} --format env) or pass key/secret/token`,
        { store },
      );
    }
    throw new StoreError(
      "no AWS credentials found (storageOptions key/secret, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, " +
        `profile '${profileName}' in ${profile.files}); s3fs refuses too (NoCredentialsError). ` +
        "For a public bucket pass storageOptions: { anon: true }",
      { store },
    );
  };
  let found: { credentials: AwsCredentials; from: string } | undefined;
  return {
    region, endpoint,
    credentials: async () => (found ??= lookup()).credentials,
  };
}
