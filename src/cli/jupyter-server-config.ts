/**
 * `ContentsManager.allow_hidden` in a Jupyter environment's `jupyter_server_config.json`, added
 * and removed without touching the file's other keys. The server reads config values only from
 * `jupyter_server_config.{py,json}` in its config paths (`<prefix>/etc/jupyter` among them); files in
 * `jupyter_server_config.d/` are read for `ServerApp.jpserver_extensions` alone.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { HdmfZarrError } from "../errors.js";

/** A Jupyter config file that cannot be read as a JSON object, or has a section of the wrong kind. */
export class JupyterConfigError extends HdmfZarrError {}

type JsonObject = Record<string, unknown>;

const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);

/** The server config file of a prefix: `<prefix>/etc/jupyter/jupyter_server_config.json`. */
export function serverConfigFile(prefix: string): string {
  return join(prefix, "etc", "jupyter", "jupyter_server_config.json");
}

function readConfig(file: string): JsonObject {
  if (!existsSync(file)) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new JupyterConfigError(`not valid JSON (${(e as Error).message}); fix or remove it, then run install-lab again`, { store: file });
  }
  if (!isObject(parsed)) throw new JupyterConfigError("is not a JSON object; fix or remove it, then run install-lab again", { store: file });
  return parsed;
}

/** Write through a temp file and a rename, so a failed write never leaves half a config. */
function writeConfig(file: string, config: JsonObject): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(config, null, 2) + "\n");
  renameSync(tmp, file);
}

function contentsManager(config: JsonObject, file: string): JsonObject | undefined {
  const section = config.ContentsManager;
  if (section === undefined) return undefined;
  if (!isObject(section)) throw new JupyterConfigError("its ContentsManager section is not a JSON object", { store: file });
  return section;
}

/** Set `ContentsManager.allow_hidden: true` in `file`, keeping every other key. */
export function allowHidden(file: string): void {
  const config = readConfig(file);
  const section = contentsManager(config, file) ?? {};
  if (section.allow_hidden === true && config.ContentsManager === section) return;
  config.ContentsManager = { ...section, allow_hidden: true };
  writeConfig(file, config);
}

/**
 * Remove the `ContentsManager.allow_hidden: true` that {@link allowHidden} set (an empty section
 * and an emptied file go too). Returns whether the file changed.
 */
export function removeAllowHidden(file: string): boolean {
  const config = readConfig(file);
  const section = contentsManager(config, file);
  if (section?.allow_hidden !== true) return false;
  delete section.allow_hidden;
  if (Object.keys(section).length === 0) delete config.ContentsManager;
  if (Object.keys(config).length === 0) rmSync(file);
  else writeConfig(file, config);
  return true;
}
