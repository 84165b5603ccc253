/**
 * Store locations as strings: local absolute POSIX paths or URLs. Used to write a link's
 * `source` relative to the linking store and to resolve it back, without Node's `path` module.
 */

/** Whether a location is a URL (`https://…`, `s3://…`). */
export function isUrlLocation(loc: string): boolean {
  return /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(loc);
}

function split(p: string): string[] {
  return p.split("/").filter((s) => s !== "" && s !== ".");
}

/** Normalise `..` and `.` in a "/"-separated path (keeps a leading "/" or URL origin). */
export function normalizeLocation(loc: string): string {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/]*)(.*)$/.exec(loc);
  const head = m ? m[1] : loc.startsWith("/") ? "" : undefined;
  const rest = m ? m[2] : loc;
  const out: string[] = [];
  for (const part of split(rest)) {
    if (part === "..") {
      if (out.length && out[out.length - 1] !== "..") out.pop();
      else if (head === undefined) out.push("..");
    } else out.push(part);
  }
  return head === undefined ? out.join("/") : `${head}/${out.join("/")}`;
}

/** The folder holding a location. */
export function parentLocation(loc: string): string {
  const n = normalizeLocation(loc);
  const i = n.lastIndexOf("/");
  return i <= 0 ? (n.startsWith("/") ? "/" : "") : n.slice(0, i);
}

/** `rel` resolved against the folder `base` (both "/"-separated). */
export function joinLocation(base: string, rel: string): string {
  if (rel.startsWith("/") || isUrlLocation(rel)) return normalizeLocation(rel);
  return normalizeLocation(`${base.replace(/\/+$/, "")}/${rel}`);
}

/** `target` relative to `from` (both absolute), like Python's `os.path.relpath`. */
export function relativeLocation(from: string, target: string): string {
  const a = normalizeLocation(from), b = normalizeLocation(target);
  if (a === b) return ".";
  const ma = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/]*/.exec(a)?.[0] ?? "";
  const mb = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/]*/.exec(b)?.[0] ?? "";
  if (ma !== mb) return b;
  const pa = split(a.slice(ma.length)), pb = split(b.slice(mb.length));
  let i = 0;
  while (i < pa.length && i < pb.length && pa[i] === pb[i]) i++;
  return [...pa.slice(i).map(() => ".."), ...pb.slice(i)].join("/") || ".";
}

/** Whether `loc` lies inside the folder `folder` (or is it). */
export function isInside(folder: string, loc: string): boolean {
  const f = normalizeLocation(folder).replace(/\/+$/, ""), l = normalizeLocation(loc);
  return l === f || l.startsWith(f + "/");
}
