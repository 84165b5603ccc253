/**
 * Ordering namespace versions: numeric parts compare as numbers (`2.11.0` > `2.9.0`), and a
 * pre-release (`2.6.0-alpha`) comes before its release. A missing version sorts first.
 */

function parts(v: string): (number | string)[] {
  return v.split(/[.+]/).flatMap((p) => p.split(/(?<=\d)(?=\D)|(?<=\D)(?=\d)/)).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/** Negative when a < b, positive when a > b, 0 when equal. */
export function compareVersions(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  const [aMain, aPre] = splitPre(a);
  const [bMain, bPre] = splitPre(b);
  const c = compareParts(parts(aMain), parts(bMain));
  if (c !== 0) return c;
  if (aPre === undefined || bPre === undefined) return aPre === bPre ? 0 : aPre === undefined ? 1 : -1;
  return compareParts(parts(aPre), parts(bPre));
}

function splitPre(v: string): [string, string | undefined] {
  const i = v.indexOf("-");
  return i < 0 ? [v, undefined] : [v.slice(0, i), v.slice(i + 1)];
}

function compareParts(a: (number | string)[], b: (number | string)[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x === y) continue;
    if (typeof x === "number" && typeof y === "number") return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}
