/**
 * Paths on the Jupyter server: where a kernel-side location (an absolute path the kernel opened)
 * lies under the server's root, checked so that a URL built from it stays inside `/files/`.
 * A payload comes from a notebook, which may be untrusted: its `store.location` is data, not a
 * path to follow as it is (`/root/../../etc`, `%2e%2e`, `a\..\b` must never reach a URL).
 */

/** A segment that, once a server or browser decodes it, could climb out of its folder or split in two. */
function unsafeSegment(segment: string): boolean {
  let decoded = segment;
  // Decoded twice over: a server may decode what the page encoded once more.
  for (let i = 0; i < 3; i++) {
    try {
      const next = decodeURIComponent(decoded);
      if (next === decoded) break;
      decoded = next;
    } catch {
      return true;
    }
  }
  return decoded === ".." || decoded === "." || /[\\/\u0000-\u001f\u007f]/.test(decoded) || decoded !== segment && decoded.includes("%");
}

/**
 * A server path (relative to the server root, `/`-separated) in normal form: empty and `.`
 * segments dropped, no leading or trailing slash. Null when any segment is `..`, an encoded
 * traversal (`%2e%2e`, `%2f`), a backslash or a control character.
 */
export function normalizeServerPath(path: string): string | null {
  const parts = path.split("/").filter((p) => p !== "" && p !== ".");
  if (parts.some(unsafeSegment)) return null;
  return parts.join("/");
}

/** A home folder's path as a server names it in its root (`/home/me`, `/Users/me`, `/root`). */
const HOME = /^(\/home\/[^/]+|\/Users\/[^/]+|\/root|\/var\/home\/[^/]+)(?=\/|$)/;

/**
 * The server path of an absolute kernel-side `location` that lies under `serverRoot` (as
 * JupyterLab's page config gives it: absolute, or `~/…` when under the home folder), else null.
 * Null too for anything a normal path would not hold (`..`, encoded traversal, backslashes).
 */
export function serverRelative(location: string | null | undefined, serverRoot: string | null | undefined): string | null {
  if (!location || !serverRoot || !location.startsWith("/")) return null;
  const normal = normalizeServerPath(location);
  if (normal === null) return null;
  const path = `/${normal}`;
  let root = serverRoot.replace(/\/+$/, "") || "/";
  if (root === "~" || root.startsWith("~/")) {
    // The server shows its home folder as `~`: take the location's home folder for it.
    const home = HOME.exec(path);
    if (!home) return null;
    root = home[1] + root.slice(1);
  }
  const rootNormal = normalizeServerPath(root);
  if (rootNormal === null || !root.startsWith("/")) return null;
  const base = `/${rootNormal}`;
  if (path === base) return "";
  if (base === "/") return normal;
  return path.startsWith(`${base}/`) ? path.slice(base.length + 1) : null;
}

/** The path of `to` seen from folder `fromDir` (both server paths): `data/x.zarr`, `../x.zarr`, `.`. */
export function relativePath(fromDir: string, to: string): string {
  const from = fromDir.split("/").filter(Boolean);
  const target = to.split("/").filter(Boolean);
  let common = 0;
  while (common < from.length && common < target.length && from[common] === target[common]) common++;
  const parts = [...from.slice(common).map(() => ".."), ...target.slice(common)];
  return parts.length ? parts.join("/") : ".";
}
