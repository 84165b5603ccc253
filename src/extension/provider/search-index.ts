/**
 * A store's search index, built off the critical path: a source adds hits a batch at a time and
 * calls `pause()` between batches, which yields to the page once a slice of work has run — unless
 * a search is already waiting, which then gets the rest at full speed, told the hits found so far
 * every PARTIAL_MS (`onPartial`), so the first hits show before the index is complete. Hits are
 * kept lowercased, so a query over 100,000 paths is one substring test per path.
 */
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
  hit: SearchHit;
  lowerPath: string;
  lowerType: string | null;
}

/** Fills an index: `add` hits, `await pause()` between batches. */
export type IndexSource = (add: (hits: readonly SearchHit[]) => void, pause: () => Promise<void>) => Promise<void>;

const byPath = (a: Entry, b: Entry) => (a.hit.path < b.hit.path ? -1 : a.hit.path > b.hit.path ? 1 : 0);

/** Every hit of a store, in path order, built once. */
export class SearchIndex {
  private readonly source: IndexSource;
  private entries: Entry[] = [];
  private built?: Promise<void>;
  /** A search waits for the index: stop yielding. */
  private urgent = false;
  private sliceStart = 0;

  constructor(source: IndexSource) {
    this.source = source;
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
        (hits) => {
          for (const hit of hits) entries.push({ hit, lowerPath: hit.path.toLowerCase(), lowerType: hit.type?.name.toLowerCase() ?? null });
        },
        () => this.pause(),
      );
      this.entries = entries.sort(byPath);
      this.building = [];
    })();
    return this.built;
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

  /** The first `limit` hits of a query among `entries` (all of them when they are not in path order), the root left out. */
  private static matches(entries: readonly Entry[], query: SearchQuery, inOrder: boolean): Entry[] {
    const limit = query.limit ?? 200;
    const needles = needlesOf(query);
    const out: Entry[] = [];
    for (const e of entries) {
      if (inOrder && out.length >= limit) break;
      if (e.hit.path !== "/" && matchesNeedles(e.lowerPath, e.lowerType, needles)) out.push(e);
    }
    return inOrder ? out : out.sort(byPath).slice(0, limit);
  }

  /** The first `limit` hits (default 200) of a query, in path order; the root is never a hit. */
  async search(query: SearchQuery): Promise<SearchHit[]> {
    this.urgent = true;
    const report = query.onPartial;
    const partial = report && (() => report(SearchIndex.matches(this.building, query, false).map((e) => e.hit)));
    if (partial) {
      this.partial = partial;
      this.reported = false;
    }
    try {
      await this.build();
    } finally {
      if (this.partial === partial) this.partial = undefined;
    }
    return SearchIndex.matches(this.entries, query, true).map((e) => e.hit);
  }
}
