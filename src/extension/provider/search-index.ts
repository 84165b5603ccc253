/**
 * A store's search index, built off the critical path: a source adds hits a batch at a time and
 * calls `pause()` between batches, which yields to the page once a slice of work has run — unless
 * a search is already waiting, which then gets the rest at full speed, told the hits found so far
 * every PARTIAL_MS (`onPartial`), so the first hits show before the index is complete. Paths are
 * kept lowercased, so a query over 100,000 paths is one substring test per path.
 *
 * The index is a path index: a source may add a node by its path alone, and the node's hit (its
 * kind and type, read from its metadata) is read only when a search needs it (`hitOf`): for the
 * hits it returns, or, for a query by type, for the paths its text matches. So a path filter over
 * 100,000 nodes reads the metadata of its hits only.
 */
import { InvalidArgumentError } from "../../errors.js";
import type { SearchHit, SearchQuery } from "./data-provider.js";
import { matchesNeedles, needlesOf } from "./search.js";

/** Work done before the builder yields to the page, milliseconds. */
const SLICE_MS = 8;
/**
 * Work done at full speed before a waiting search is told the hits found so far, milliseconds;
 * later reports come ten times as far apart, so that yielding to the page costs little.
 */
const PARTIAL_MS = 50;

interface Entry {
  path: string;
  lowerPath: string;
  /** The hit, once read (links come with theirs). */
  hit?: SearchHit;
}

/** What a source adds: a node's path (its hit read when needed), or a whole hit. */
export type IndexItem = string | SearchHit;

/** Fills an index: `add` paths or hits, `await pause()` between batches. */
export type IndexSource = (add: (items: readonly IndexItem[]) => void, pause: () => Promise<void>) => Promise<void>;

const noHitReader = (path: string): never => {
  throw new InvalidArgumentError("the search index was given a path without a way to read its hit", { path });
};

const byPath = (a: Entry, b: Entry) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/** Every path of a store, built once; hits come in path order. */
export class SearchIndex {
  private readonly source: IndexSource;
  private readonly hitOf: (path: string) => SearchHit;
  private entries: Entry[] = [];
  private built?: Promise<void>;
  /** A search waits for the index: stop yielding. */
  private urgent = false;
  private sliceStart = 0;

  /**
   * @param hitOf reads the hit of a path the source added alone (its node's kind and type); it may
   *   throw (bad metadata), and the search asking for it then rejects with that error. Needed
   *   when the source adds paths.
   */
  constructor(source: IndexSource, hitOf: (path: string) => SearchHit = noHitReader) {
    this.source = source;
    this.hitOf = hitOf;
  }

  /** The hit of an entry, read on first need. */
  private hit(e: Entry): SearchHit {
    return (e.hit ??= this.hitOf(e.path));
  }

  /** Entries added so far while the index is built (in the order the source gives them). */
  private building: Entry[] = [];
  /** Reports the hits found so far to the latest search waiting for the index; whether it has yet. */
  private partial?: () => void;
  private reported = false;

  /** Start building the index (once); settles when it is complete. */
  build(): Promise<void> {
    this.built ??= (async () => {
      const entries = this.building;
      this.sliceStart = performance.now();
      await this.source(
        (items) => {
          for (const item of items) {
            if (typeof item === "string") entries.push({ path: item, lowerPath: item.toLowerCase() });
            else entries.push({ path: item.path, lowerPath: item.path.toLowerCase(), hit: item });
          }
        },
        () => this.pause(),
      );
      // Left in the source's order: a query sorts only its hits (a sort of 100,000 paths costs more than the rest).
      this.entries = entries;
      this.building = [];
      void this.readHits(entries);
    })();
    return this.built;
  }

  /**
   * Read the hits of every entry in the background, in slices that yield to the page, so that a
   * later query by type finds the types read. A hit that fails to read is left unread: the search
   * that needs it reads it again and rejects with the error.
   */
  private async readHits(entries: readonly Entry[]): Promise<void> {
    let sliceStart = performance.now();
    for (const e of entries) {
      try {
        this.hit(e);
      } catch {
        // see above
      }
      if (performance.now() - sliceStart >= SLICE_MS) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        sliceStart = performance.now();
      }
    }
  }

  private async pause(): Promise<void> {
    const spent = performance.now() - this.sliceStart;
    if (this.urgent) {
      // A waiting search: yield only to show what is found so far.
      if (!this.partial || spent < (this.reported ? 10 * PARTIAL_MS : PARTIAL_MS)) return;
      this.reported = true;
      this.partial();
    } else if (spent < SLICE_MS) return;
    await new Promise((resolve) => setTimeout(resolve, 0));
    this.sliceStart = performance.now();
  }

  /**
   * The first `limit` hits of a query among `entries`, in path order, the root left out. The path
   * is tested first; a node's hit is read only for a type test and for the hits returned.
   */
  private matches(entries: readonly Entry[], query: SearchQuery): SearchHit[] {
    const limit = query.limit ?? 200;
    const needles = needlesOf(query);
    const byText = { text: needles.text };
    const out: Entry[] = [];
    for (const e of entries) {
      if (e.path === "/" || !matchesNeedles(e.lowerPath, null, byText)) continue;
      if (needles.type && !matchesNeedles(e.lowerPath, this.hit(e).type?.name.toLowerCase() ?? null, needles)) continue;
      out.push(e);
    }
    return out.sort(byPath).slice(0, limit).map((e) => this.hit(e));
  }

  /** The first `limit` hits (default 200) of a query, in path order; the root is never a hit. */
  async search(query: SearchQuery): Promise<SearchHit[]> {
    this.urgent = true;
    const report = query.onPartial;
    const partial = report && (() => report(this.matches(this.building, query)));
    if (partial) {
      this.partial = partial;
      this.reported = false;
    }
    try {
      await this.build();
    } finally {
      if (this.partial === partial) this.partial = undefined;
    }
    return this.matches(this.entries, query);
  }
}
