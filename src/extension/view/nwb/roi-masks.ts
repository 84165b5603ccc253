/**
 * The ROI view of a PlaneSegmentation: the masks of the ROIs shown (a page of 50 by default, or
 * the ids typed) drawn over the imaging plane — a translucent fill and an outline per ROI, one
 * colour each — on the plane's first reference image when it has one, else on a blank plane, as a
 * plot with pixel axes, zoom, pan and exports (`roi-plot.ts`). Only the masks of the ROIs shown
 * are read (`image_mask` rows, or their `pixel_mask` / `voxel_mask` entries through the index).
 * Masks in 3-d (`voxel_mask`, or `image_mask` of [roi, x, y, z]) are drawn one z plane at a time:
 * a z slider picks it, and the first plane holding voxels of the ROIs shown is drawn at first.
 */
import { childPath, type DataProvider, type Entity } from "../../provider/data-provider.js";
import { el, errorBox, setSlider, slider } from "../dom.js";
import { pageOf } from "../model/paging.js";
import { entriesExtent, entryPlanes, maskBounds, maskEntryOf, planeToShow, rasterizeEntries, rowRuns, rowsForIds, type IdSelection, type MaskEntry, type MaskPlane } from "../model/roi-masks.js";
import { pager } from "../table-view.js";
import { mountRoiPlot, type RoiPlot } from "./roi-plot.js";

/** ROIs drawn at first (a page). */
export const ROI_PAGE = 50;
/** ROIs drawn at most when ids are typed. */
const CHOSEN_MAX = 1000;

/** What the view needs from the Display pane. */
export interface RoiViewContext {
  provider: DataProvider;
  isCurrent(): boolean;
}

async function entityOrNull(provider: DataProvider, path: string): Promise<Entity | null> {
  try {
    const e = await provider.getEntity(path);
    return e.kind === "link" && e.target && !e.target.source ? await provider.getEntity(e.target.path) : e;
  } catch {
    return null;
  }
}

/** Where the masks are and how they are stored. */
interface MaskSource {
  kind: "image" | "pixel" | "voxel";
  data: Entity;
  index?: Entity;
  rows: number;
}

async function maskSourceOf(provider: DataProvider, table: Entity): Promise<MaskSource | null> {
  const image = await entityOrNull(provider, childPath(table.path, "image_mask"));
  if (image?.kind === "dataset" && (image.shape?.length ?? 0) >= 3) return { kind: "image", data: image, rows: image.shape![0] };
  for (const kind of ["pixel", "voxel"] as const) {
    const [data, index] = await Promise.all([entityOrNull(provider, childPath(table.path, `${kind}_mask`)), entityOrNull(provider, childPath(table.path, `${kind}_mask_index`))]);
    if (data?.kind === "dataset" && index?.kind === "dataset") return { kind, data, index, rows: index.shape?.[0] ?? 0 };
  }
  return null;
}

/** The plane's first reference image (frame 0 of the first image series in `reference_images`), as a plane. */
async function referenceImage(provider: DataProvider, table: Entity): Promise<MaskPlane | null> {
  const group = await entityOrNull(provider, childPath(table.path, "reference_images"));
  if (!group || group.kind !== "group") return null;
  const { entries } = await provider.getChildren(group.path, 0, 20);
  for (const child of entries) {
    // The images are links (to series elsewhere in the file) or series: their `data`, or a dataset itself.
    const node = await entityOrNull(provider, child.path);
    const data = node?.kind === "dataset" ? node : node ? await entityOrNull(provider, childPath(node.path, "data")) : null;
    const shape = data?.shape ?? [];
    if (!data || data.kind !== "dataset" || shape.length < 2) continue;
    const sel = shape.length === 2 ? [null, null] : [0, null, null, ...shape.slice(3).map(() => 0)];
    const block = await provider.getValues(data.path, sel);
    const [height, width] = block.shape.slice(-2);
    if (block.numbers && width && height) return { width, height, values: block.numbers };
  }
  return null;
}

/** The masks read, the plane's size, and which z plane they show. */
interface MasksRead {
  masks: Map<number, MaskPlane>;
  width: number;
  height: number;
  /** The z plane drawn, and how many there are (1 for 2-d masks). */
  z: number;
  depth: number;
}

/**
 * The masks of `rows` as planes of `size` (or of the entries' extent when no size is known), at z
 * plane `asked` (null: the first plane holding any of their voxels; 0 for image masks).
 */
async function readMasks(provider: DataProvider, src: MaskSource, rows: number[], size: { width: number; height: number } | null, asked: number | null): Promise<MasksRead> {
  const masks = new Map<number, MaskPlane>();
  if (src.kind === "image") {
    const shape = src.data.shape!;
    const [height, width] = [shape[1], shape[2]];
    const depth = shape.length > 3 ? Math.max(1, shape[3]) : 1;
    const plane = width * height;
    const readPlane = async (z: number) => {
      const planeSel = shape.length > 3 ? [z, ...shape.slice(4).map(() => 0)] : [];
      masks.clear();
      let any = false;
      for (const [a, b] of rowRuns(rows)) {
        const block = await provider.getValues(src.data.path, [[a, b], null, null, ...planeSel]);
        const v = block.numbers ?? new Float64Array(0);
        any ||= v.some((x) => x > 0);
        for (let r = a; r < b; r++) masks.set(r, { width, height, values: v.subarray((r - a) * plane, (r - a + 1) * plane) });
      }
      return any;
    };
    let z = Math.min(depth - 1, Math.max(0, asked ?? 0));
    // No plane asked for: the first plane holding voxels of the ROIs shown, read one plane at a time until found.
    if (asked === null && depth > 1) {
      for (let k = 0; k < depth; k++) if (await readPlane(k)) return { masks, width, height, z: k, depth };
      z = 0;
    }
    await readPlane(z);
    return { masks, width, height, z, depth };
  }
  const entries = new Map<number, MaskEntry[]>();
  for (const [a, b] of rowRuns(rows)) {
    const idx = await provider.getValues(src.index!.path, [[Math.max(0, a - 1), b]]);
    const stops = idx.numbers ?? new Float64Array(0);
    const first = a === 0 ? 0 : stops[0], offset = a === 0 ? 0 : 1;
    const last = stops[stops.length - 1] ?? first;
    const block = last > first ? await provider.getValues(src.data.path, [[first, last]]) : { values: [] };
    for (let r = a; r < b; r++) {
      const s = (r === 0 ? 0 : stops[r - a - 1 + offset]) - first, e = stops[r - a + offset] - first;
      entries.set(r, block.values.slice(s, e).map((v) => maskEntryOf(v, src.kind === "voxel")).filter((x): x is MaskEntry => x !== null));
    }
  }
  const all = [...entries.values()].flat();
  const extent = size ?? entriesExtent(all);
  const planes = entryPlanes(all);
  const depth = planes.length ? planes[planes.length - 1] + 1 : 1;
  const z = Math.min(depth - 1, Math.max(0, planeToShow(asked, planes)));
  for (const [r, list] of entries) masks.set(r, rasterizeEntries(list, extent.width, extent.height, z));
  return { masks, width: extent.width, height: extent.height, z, depth };
}

/** Fill `host` with the ROI view of the PlaneSegmentation `table` (the table itself is shown by the caller). */
export async function roiMasksView(host: HTMLElement, table: Entity, ctx: RoiViewContext): Promise<void> {
  const wrap = el("div", "view");
  wrap.setAttribute("data-view", "roi-masks");
  const title = el("h4", "sectionTitle", "ROI masks");
  const controls = el("div", "controls");
  const body = el("div", "viewBody");
  wrap.append(title, controls, body);
  host.append(wrap);
  try {
    const src = await maskSourceOf(ctx.provider, table);
    if (!src) {
      body.append(el("div", "note", "no image_mask, pixel_mask or voxel_mask to draw"));
      return;
    }
    const rows = Math.min(src.rows, (src.index ?? src.data).readable?.[0] ?? src.rows);
    const idEntity = await entityOrNull(ctx.provider, childPath(table.path, "id"));
    // The ids are one small integer column: read whole, to select ROIs by id.
    const ids = idEntity?.kind === "dataset" ? Array.from((await ctx.provider.getValues(idEntity.path, [[0, rows]])).numbers ?? []) : [];
    const idOf = (r: number) => ids[r] ?? r;
    // A reference image that cannot be read leaves a blank plane, and a note saying why.
    let refError = "";
    const ref = await referenceImage(ctx.provider, table).catch((e: unknown) => ((refError = e instanceof Error ? e.message : String(e)), null));
    title.textContent = `ROI masks (${src.kind}_mask, ${rows} ROIs)`;
    let page = 0;
    let chosen: IdSelection | null = null;
    // The z plane asked for with the slider (null: the view picks it).
    let zAsked: number | null = null;
    const zSlider = slider("z plane", 0, 0, 0, (v) => ((zAsked = v), void draw()));
    zSlider.hidden = true;
    const input = el("input", "roiInput");
    input.type = "text";
    input.placeholder = `ROI ids, e.g. ${idOf(0)}-${idOf(Math.min(rows, ROI_PAGE) - 1)}`;
    input.setAttribute("aria-label", "ROI ids to show");
    input.addEventListener("change", () => {
      chosen = input.value.trim() ? rowsForIds(input.value, ids.length ? ids : Array.from({ length: rows }, (_, i) => i), CHOSEN_MAX) : null;
      void draw();
    });
    controls.append(el("label", "roiPicker", "ROIs "), input, zSlider);
    // The plot stays while pages, ids and z planes change (its zoom with it); made again when the plane's size changes.
    let plot: RoiPlot | null = null;
    const notes = el("div", "roiNotes");
    body.append(notes);
    let ticket = 0;
    const draw = async () => {
      const mine = ++ticket;
      try {
        const p = pageOf(rows, ROI_PAGE, page);
        const showRows = chosen?.rows ?? Array.from({ length: p.stop - p.start }, (_, i) => p.start + i);
        const size = src.kind === "image" ? null : ref ? { width: ref.width, height: ref.height } : null;
        const { masks, width, height, z, depth } = await readMasks(ctx.provider, src, showRows, size, zAsked);
        if (mine !== ticket || !ctx.isCurrent()) return;
        // One scan of each mask for its box; outlines and the label plane stay inside it.
        const shown = showRows.flatMap((row) => {
          const mask = masks.get(row);
          return mask ? [{ row, id: idOf(row), mask, bounds: maskBounds(mask) }] : [];
        });
        if (plot && plot.width === width && plot.height === height) await plot.show(shown);
        else {
          plot = await mountRoiPlot(width, height, ref, `${table.name}-rois`, shown);
          if (mine !== ticket || !ctx.isCurrent()) return;
          body.replaceChildren(plot.element, notes);
        }
        if (mine !== ticket || !ctx.isCurrent()) return;
        const threeD = src.kind === "voxel" || depth > 1;
        plot.element.setAttribute("data-z", String(z));
        zSlider.hidden = depth <= 1;
        setSlider(zSlider, z, depth - 1);
        const onPlane = shown.filter((s) => s.bounds).length;
        const where = threeD ? ` · z plane ${z} of 0–${depth - 1} (${onPlane} of the ROIs shown have voxels in it)` : "";
        const note = `${shown.length} of ${rows} ROIs shown · plane ${height} x × ${width} y (rows x, columns y)${where}${plot.overReference ? " · over the first reference image" : ""}`;
        const nodes: Node[] = [el("div", "note roiNote", note)];
        if (chosen?.rows.length === CHOSEN_MAX) nodes.push(el("div", "note", `the first ${CHOSEN_MAX} ROIs typed are drawn`));
        if (refError) nodes.push(el("div", "note roiReference", `the reference image was not read: ${refError}`));
        if (chosen?.unknown.length) nodes.push(el("div", "note roiUnknown", `no ROI with id ${chosen.unknown.join(", ")}`));
        if (!chosen) nodes.push(pager(p, rows, (next) => ((page = next), void draw()), "ROIs"));
        notes.replaceChildren(...nodes);
      } catch (e) {
        if (mine === ticket && ctx.isCurrent()) notes.replaceChildren(errorBox(e));
      }
    };
    await draw();
  } catch (e) {
    if (ctx.isCurrent()) body.replaceChildren(errorBox(e));
  }
}
