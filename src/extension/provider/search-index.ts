/**
 * A store's search index, built off the critical path: a source adds hits a batch at a time and
 * calls `pause()` between batches, which yields to the page once a slice of work has run — unless
 * a search is already waiting, which then gets the rest at full speed. Hits are kept lowercased,
 * so a query over 100,000 paths is one substring test per path.
 */
import type { SearchHit, SearchQuery } from "./data-provider.js";
import { matchesNeedles, needlesOf } from "./search.js";

/** Work done before the builder yields to the page, milliseconds. */
const SLICE_MS = 8;

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

  /** Start building the index (once); settles when it is complete. */
  build(): Promise<void> {
    this.built ??= (async () => {
      const entries: Entry[] = [];
      this.sliceStart = performance.now();
      await this.source(
        (hits) => {
          for (const hit of hits) entries.push({ hit, lowerPath: hit.path.toLowerCase(), lowerType: hit.type?.name.toLowerCase() ?? null });
        },
        () => this.pause(),
      );
      this.entries = entries.sort(byPath);
    })();
    return this.built;
  }

  private async pause(): Promise<void> {
    if (this.urgent || performance.now() - this.sliceStart < SLICE_MS) return;
    await new Promise((resolve) => setTimeout(resolve, 0));
    this.sliceStart = performance.now();
  }

  /** The first `limit` hits (default 200) of a query, in path order; the root is never a hit. */
  async search(query: SearchQuery): Promise<SearchHit[]> {
    this.urgent = true;
    await this.build();
    const limit = query.limit ?? 200;
    const needles = needlesOf(query);
    const out: SearchHit[] = [];
    for (const e of this.entries) {
      if (out.length >= limit) break;
      if (e.hit.path !== "/" && matchesNeedles(e.lowerPath, e.lowerType, needles)) out.push(e.hit);
    }
    return out;
  }
}
