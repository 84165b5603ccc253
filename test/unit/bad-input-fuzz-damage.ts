/**
 * Seeded random damage for the corruption fuzz: byte flips and truncations of a store's files,
 * reproducible from (seed, variant number) alone so a failing variant can be rebuilt and studied.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** A small seeded PRNG (mulberry32): numbers in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every file of a store, relative, sorted (so variants do not depend on directory order). */
export function storeFiles(dir: string, sub = ""): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(dir, sub), { withFileTypes: true })) {
    const rel = sub ? `${sub}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...storeFiles(dir, rel));
    else out.push(rel);
  }
  return out.sort();
}

/** What was done to one file. */
export interface Damage {
  file: string;
  what: string;
}

function flip(dir: string, file: string, count: number, rand: () => number): Damage {
  const bytes = readFileSync(join(dir, file));
  const done: string[] = [];
  for (let i = 0; i < count && bytes.length > 0; i++) {
    const pos = Math.floor(rand() * bytes.length);
    const mask = 1 + Math.floor(rand() * 255);
    bytes[pos] ^= mask;
    done.push(`@${pos}^${mask}`);
  }
  writeFileSync(join(dir, file), bytes);
  return { file, what: `flip ${done.join(" ")}` };
}

function truncate(dir: string, file: string, rand: () => number): Damage {
  const bytes = readFileSync(join(dir, file));
  const keep = Math.floor(rand() * bytes.length);
  writeFileSync(join(dir, file), bytes.subarray(0, keep));
  return { file, what: `truncate to ${keep} of ${bytes.length}` };
}

/** Values that stand in for a JSON value in a metadata document: wrong types, extremes, odd numbers. */
const HOSTILE_JSON: unknown[] = [
  null, true, 0, -1, 1.5, 2 ** 53 + 2, 1e300, -1e300, "", "x", "<c16", "|O", "NaN", "Infinity", [], [null], [-1], [0], [1e9, 1e9], [2 ** 40],
  {}, { name: "nope" }, { id: "nope" }, "a".repeat(10_000),
];

/** Every [container, key] of a parsed JSON document, depth first. */
function jsonSlots(value: unknown, out: [Record<string, unknown> | unknown[], string | number][] = []): typeof out {
  if (Array.isArray(value)) value.forEach((v, i) => (out.push([value, i]), jsonSlots(v, out)));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      out.push([value as Record<string, unknown>, k]);
      jsonSlots(v, out);
    }
  }
  return out;
}

/** Replace one value of a JSON metadata document by a hostile one, or delete one member. */
function mutateJson(dir: string, file: string, rand: () => number): Damage {
  const doc = JSON.parse(readFileSync(join(dir, file), "utf8"));
  const slots = jsonSlots(doc);
  if (!slots.length) return { file, what: "json: nothing to change" };
  const [container, key] = slots[Math.floor(rand() * slots.length)];
  let what: string;
  if (!Array.isArray(container) && rand() < 0.2) {
    delete container[key as string];
    what = `json: delete ${String(key)}`;
  } else {
    const value = HOSTILE_JSON[Math.floor(rand() * HOSTILE_JSON.length)];
    (container as Record<string | number, unknown>)[key] = value;
    what = `json: ${String(key)} = ${JSON.stringify(value).slice(0, 40)}`;
  }
  writeFileSync(join(dir, file), JSON.stringify(doc));
  return { file, what };
}

const isMetadata = (file: string) => /(^|\/)(zarr\.json|\.zarray|\.zgroup|\.zattrs|\.zmetadata)$/.test(file);

/**
 * Damage the store in `dir` (a fresh copy) as variant `id` of `seed` says. Variants take turns:
 * flip 1–3 bytes of one file (every file gets its turn), flip one byte in every file, cut one
 * file short and flip a byte of another, or put a hostile value into a metadata document.
 */
export function damageStore(dir: string, seed: number, id: number): Damage[] {
  const rand = prng(seed * 1_000_003 + id);
  const files = storeFiles(dir);
  const pick = (list = files) => list[Math.floor(rand() * list.length)];
  switch (id % 4) {
    case 0:
      return [flip(dir, files[Math.floor(id / 4) % files.length], 1 + Math.floor(rand() * 3), rand)];
    case 1:
      return files.map((f) => flip(dir, f, 1, rand));
    case 2:
      return [truncate(dir, pick(), rand), flip(dir, pick(), 1, rand)];
    default: {
      const metadata = files.filter(isMetadata);
      return [mutateJson(dir, pick(metadata), rand), mutateJson(dir, pick(metadata), rand)];
    }
  }
}
