/**
 * What a container output does with the views read from its store: which payloads ask for them
 * (real payloads of an NWB file's root and of a table), and once the read ends whether the views
 * show, whether the payload's preview stays and the note the user reads.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DynamicTable } from "../../../src/build/index.js";
import { NWBFile, loadNwbTypes } from "../../../src/nwb/index.js";
import { toPayload, type ContainerPayload } from "../../../src/repr/index.js";
import { readingNote, storeViewsChoice, wantsStoreViews } from "../../../src/extension/view/model/store-views.js";

const STORE = "sessions/mouse1.nwb.zarr";

describe("the views of a displayed container read from its store", () => {
  it("are read for a table or a series, not for an NWB file's root (its sections are its view)", async () => {
    await loadNwbTypes();
    const file = new NWBFile({ identifier: "S1", sessionDescription: "a session", sessionStartTime: new Date("2024-01-01T00:00:00Z") });
    const root = (await toPayload(file)) as ContainerPayload;
    assert.equal(root.layout, "nwbfile");
    assert.equal(wantsStoreViews(root), false);
    const table = new DynamicTable({ name: "trials", description: "the trials" });
    table.addColumn({ name: "outcome", description: "how it went", data: ["hit", "miss"] });
    const tablePayload = (await toPayload(table)) as ContainerPayload;
    assert.equal(tablePayload.layout, "container");
    assert.equal(wantsStoreViews(tablePayload), true);
  });

  it("replace the preview only once drawn without an error", () => {
    assert.equal(readingNote(STORE), "reading the views of this object from sessions/mouse1.nwb.zarr …");
    assert.deepEqual(storeViewsChoice({ state: "shown", errors: [] }, STORE), { showViews: true, keepPreview: false, note: null });
    assert.deepEqual(storeViewsChoice({ state: "nothing" }, STORE), { showViews: false, keepPreview: true, note: null });
  });

  it("keep the preview with a note naming the store and the reason when the store cannot be read", () => {
    const gone = storeViewsChoice({ state: "unreadable", reason: "HTTP 404 for zarr.json" }, STORE);
    assert.deepEqual(gone, {
      showViews: false,
      keepPreview: true,
      note: "sessions/mouse1.nwb.zarr cannot be read (HTTP 404 for zarr.json): this output shows the preview it holds.",
    });
  });

  it("keep the preview beside views that failed to read, counting them in the note", () => {
    const one = storeViewsChoice({ state: "shown", errors: ["chunk 0.0 is missing"] }, STORE);
    assert.equal(one.showViews, true);
    assert.equal(one.keepPreview, true);
    assert.equal(one.note, "a view of sessions/mouse1.nwb.zarr could not be read (chunk 0.0 is missing): the preview this output holds stays.");
    const two = storeViewsChoice({ state: "shown", errors: ["chunk 0.0 is missing", "no dataset here"] }, STORE);
    assert.equal(two.note, "2 views of sessions/mouse1.nwb.zarr could not be read (chunk 0.0 is missing): the preview this output holds stays.");
  });
});
