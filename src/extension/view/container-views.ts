/**
 * The "Views" block of a container output: the Display pane's views of the container's path
 * (`mountDisplay`: a Units raster and table, stacked traces, a trajectory, ROI masks, …), read from
 * its store a window or a page at a time. The block fills out of sight and shows once drawn, so the
 * payload's preview stays on screen while the store opens; `storeViewsChoice` says what then stays.
 */
import type { BrowserSettings } from "../browser-settings.js";
import type { DataProvider, Entity } from "../provider/data-provider.js";
import { mountDisplay, type DisplayMount } from "./display.js";
import { PREFIX, el } from "./dom.js";
import { displayKindOf } from "./model/display-kind.js";
import { readingNote, storeViewsChoice, type StoreViewsOutcome } from "./model/store-views.js";

/** What the views read with and where they lead. */
export interface StoreViewsOptions {
  /** The store, opened (or opening) for this output. */
  provider: Promise<DataProvider>;
  /** Where the store is, as the notes name it. */
  location: string;
  settings: BrowserSettings;
  /** Reveal a path the views link to. */
  navigate(path: string): void;
}

/** Views being read into an output. */
export interface StoreViewsHandle {
  /** Settles once the read ended and the output shows what `storeViewsChoice` says. */
  readonly done: Promise<StoreViewsOutcome>;
  /** Drops late answers and removes the block and its note. */
  dispose(): void;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Read the views of the node at `path` into `slot` (an element under the output's header);
 * `preview` is the payload's plot they replace once drawn.
 */
export function mountStoreViews(slot: HTMLElement, preview: HTMLElement | undefined, path: string, options: StoreViewsOptions): StoreViewsHandle {
  let live = true;
  let views: DisplayMount | undefined;
  const note = el("div", "note storeViewsNote", readingNote(options.location));
  note.setAttribute("data-store-views", "reading");
  const block = el("div", "storeViews");
  block.hidden = true;
  block.append(el("h4", "sectionTitle storeViewsTitle", "Views"), el("div", "note storeViewsSource", `read from ${options.location}`));
  slot.replaceChildren(note, block);

  const read = async (): Promise<StoreViewsOutcome> => {
    let provider: DataProvider, entity: Entity;
    try {
      provider = await options.provider;
      entity = await provider.getEntity(path);
      if ((await displayKindOf(provider, entity)).kind === "none") return { state: "nothing" };
    } catch (err) {
      return { state: "unreadable", reason: messageOf(err) };
    }
    if (!live) return { state: "nothing" };
    views = mountDisplay(block, entity, { provider, settings: options.settings, navigate: options.navigate });
    await views.ready;
    const errors = [...views.element.querySelectorAll(`.${PREFIX}error`)].map((e) => e.textContent ?? "");
    return { state: "shown", errors };
  };

  const done = read().then((outcome) => {
    if (!live) return outcome;
    const choice = storeViewsChoice(outcome, options.location);
    if (choice.showViews) block.hidden = false;
    else {
      views?.dispose();
      block.remove();
    }
    if (!choice.keepPreview) preview?.remove();
    note.setAttribute("data-store-views", outcome.state);
    note.textContent = choice.note ?? "";
    note.hidden = choice.note === null;
    return outcome;
  });

  return {
    done,
    dispose() {
      live = false;
      views?.dispose();
      note.remove();
      block.remove();
    },
  };
}
