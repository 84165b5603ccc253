/**
 * The ROI plane as a plot: the heatmap view (index axes in pixels, zoom, pan, Reset, resize, PNG
 * and SVG export) shows the plane's reference image in gray — or a blank plane — as its cells,
 * and the ROIs shown as its overlay: each a translucent fill and an outline in its colour, the
 * same closed paths on the canvas and, with the ROI's id as `<title>`, in the SVG. Hovering names
 * the pixel (x, y) and the ROI under the pointer.
 */
import { mountHeatmap, type HeatmapHandle, type HeatmapSource } from "../heatmap.js";
import type { HeatmapOverlay } from "../heatmap/view.js";
import { el, svg } from "../dom.js";
import { cornerPoint, type CellFrame } from "../model/cell-frame.js";
import { labelPlane, maskRings, ringsPath, roiColour, type MaskBounds, type MaskPlane } from "../model/roi-masks.js";

/** One ROI drawn: its row in the table, its id, its mask on the plane and the mask's box. */
export interface RoiShown {
  row: number;
  id: number;
  mask: MaskPlane;
  bounds: MaskBounds | null;
}

/** A mounted ROI plot of one plane size. */
export interface RoiPlot {
  /** `div.jp-HdmfZarr-roiPlane` holding the heatmap view. */
  element: HTMLElement;
  width: number;
  height: number;
  /** Whether the plane shows the reference image (else a blank plane: no image, or one of another size). */
  overReference: boolean;
  /** Draw these ROIs instead (zoom and look kept). */
  show(shown: readonly RoiShown[]): Promise<void>;
}

/** Opacity of an ROI's fill over the image. */
const FILL_OPACITY = 0.4;

/** The ROIs as the overlay draws them: closed rings per ROI, colours, ids, and who covers each pixel. */
interface RoiLayer {
  rings: number[][][];
  colours: [number, number, number][];
  ids: number[];
  labels: Int32Array;
}

function layerOf(shown: readonly RoiShown[], width: number, height: number): RoiLayer {
  return {
    rings: shown.map((s) => maskRings(s.mask, s.bounds)),
    colours: shown.map((_, k) => roiColour(k)),
    ids: shown.map((s) => s.id),
    labels: labelPlane(shown.map((s) => s.mask), width, height, shown.map((s) => s.bounds)),
  };
}

/** The theme's colour `css` as RGB bytes (the blank plane is a byte image). */
function cssRgb(css: string): [number, number, number] {
  const c = document.createElement("canvas").getContext("2d");
  if (!c) return [238, 238, 238];
  c.fillStyle = css;
  c.fillRect(0, 0, 1, 1);
  const [r, g, b] = c.getImageData(0, 0, 1, 1).data;
  return [r, g, b];
}

/**
 * Mount the plot of a `height` (x, rows) × `width` (y, columns) plane over `ref` (the reference
 * image, used when its size is the plane's) with `shown` drawn; `name` names exported files.
 */
export async function mountRoiPlot(width: number, height: number, ref: MaskPlane | null, name: string, shown: readonly RoiShown[]): Promise<RoiPlot> {
  const root = el("div", "roiPlane");
  const image = ref && ref.width === width && ref.height === height ? ref : null;
  root.setAttribute("data-plane", `${width} ${height}`);
  root.setAttribute("data-background", image ? "reference" : "blank");
  let layer = layerOf(shown, width, height);
  const describe = (s: readonly RoiShown[]) =>
    root.setAttribute("data-rois", JSON.stringify(s.map((r, k) => ({ id: r.id, row: r.row, colour: `rgb(${roiColour(k).join(",")})`, ...r.bounds }))));
  describe(shown);

  const overlay: HeatmapOverlay = {
    paint(ctx, frame, px) {
      ctx.lineWidth = 1.5 * px;
      layer.rings.forEach((rings, k) => {
        if (!rings.length) return;
        const [r, g, b] = layer.colours[k];
        ctx.beginPath();
        for (const ring of rings) {
          for (let i = 0; i < ring.length; i += 2) {
            const [x, y] = cornerPoint(frame, ring[i], ring[i + 1]);
            if (i) ctx.lineTo(x, y);
            else ctx.moveTo(x, y);
          }
          ctx.closePath();
        }
        ctx.fillStyle = `rgba(${r},${g},${b},${FILL_OPACITY})`;
        ctx.fill("evenodd");
        ctx.strokeStyle = `rgb(${r},${g},${b})`;
        ctx.stroke();
      });
    },
    svg(frame: CellFrame) {
      const at = (x: number, y: number) => cornerPoint(frame, x, y);
      return layer.rings.flatMap((rings, k) => {
        if (!rings.length) return [];
        const colour = `rgb(${layer.colours[k].join(",")})`;
        const path = svg("path", { d: ringsPath(rings, at), fill: colour, "fill-opacity": FILL_OPACITY, "fill-rule": "evenodd", stroke: colour, "stroke-width": 1.5, "data-roi-id": layer.ids[k] });
        const title = svg("title");
        title.textContent = `ROI ${layer.ids[k]}`;
        path.append(title);
        return [path];
      });
    },
    describe(row, col, value) {
      const k = layer.labels[row * width + col] ?? -1;
      return `x ${row}, y ${col}${image ? `: ${value}` : ""}${k >= 0 ? ` · ROI ${layer.ids[k]}` : ""}`;
    },
  };

  const blank = image ? null : cssRgb(getComputedStyle(document.body).getPropertyValue("--jp-layout-color2").trim() || "#eeeeee");
  const source: HeatmapSource = {
    rows: height,
    cols: width,
    name,
    // Rows are x and columns y, as the masks are stored.
    axisTitles: { x: "y (pixels)", y: "x (pixels)" },
    overlay,
    ...(image ? {} : { channels: 3, paintNote: "no reference image: a blank plane" }),
    async read(w) {
      const n = (w.r1 - w.r0) * (w.c1 - w.c0);
      if (!image) {
        const out = new Uint8Array(n * 3);
        for (let i = 0; i < n; i++) out.set(blank!, i * 3);
        return out;
      }
      const out = new Float64Array(n);
      for (let r = w.r0; r < w.r1; r++) out.set(image.values.subarray(r * width + w.c0, r * width + w.c1), (r - w.r0) * (w.c1 - w.c0));
      return out;
    },
  };
  // The whole plane is read at once: the masks drawn over it are whole planes already.
  const handle: HeatmapHandle = await mountHeatmap(source, { colormap: "gray", window: Math.max(width, height, 1) });
  root.append(handle.element);
  return {
    element: root,
    width,
    height,
    overReference: image !== null,
    async show(next) {
      layer = layerOf(next, width, height);
      await handle.reload();
      // Said once the plot shows them.
      describe(next);
    },
  };
}
