/**
 * What a container output does with the views read from its store: which payloads ask for them,
 * and once the read ends, whether the views show, whether the payload's preview stays, and the
 * note that tells why. The preview gives way only to views that were drawn without an error, so
 * the output never shows two plots of one series, nor a blank where a preview was.
 */
import type { ContainerPayload } from "../../../repr/payload/types.js";

/** How reading a container's views from its store ended. */
export type StoreViewsOutcome =
  /** The store, or the container's path in it, could not be read (moved, deleted, rewritten). */
  | { state: "unreadable"; reason: string }
  /** The container has no view beyond its sections (a plain group such as a Device). */
  | { state: "nothing" }
  /** The views were drawn; `errors` holds the messages of those that failed to read. */
  | { state: "shown"; errors: string[] };

/** What the output shows once the read ended. */
export interface StoreViewsChoice {
  /** The "Views" block stays on screen. */
  showViews: boolean;
  /** The payload's preview (its series plot) stays on screen. */
  keepPreview: boolean;
  /** The note under the header, or null for none. */
  note: string | null;
}

/**
 * Whether a container's store is read for views: not for an NWB file's root, whose sections
 * (session, acquisition, tables, …) are its view and which the Display pane shows nothing for.
 */
export function wantsStoreViews(p: Pick<ContainerPayload, "layout">): boolean {
  return p.layout !== "nwbfile";
}

/** The note while the store is read. */
export function readingNote(location: string): string {
  return `reading the views of this object from ${location} …`;
}

/** What to show once reading the views from the store at `location` ended as `outcome`. */
export function storeViewsChoice(outcome: StoreViewsOutcome, location: string): StoreViewsChoice {
  switch (outcome.state) {
    case "unreadable":
      return { showViews: false, keepPreview: true, note: `${location} cannot be read (${outcome.reason}): this output shows the preview it holds.` };
    case "nothing":
      return { showViews: false, keepPreview: true, note: null };
    case "shown":
      if (outcome.errors.length === 0) return { showViews: true, keepPreview: false, note: null };
      return {
        showViews: true,
        keepPreview: true,
        note: `${outcome.errors.length === 1 ? "a view" : `${outcome.errors.length} views`} of ${location} could not be read (${outcome.errors[0]}): the preview this output holds stays.`,
      };
  }
}
