/**
 * Showing a bundle in a tslab notebook. The package never loads tslab itself (a second copy of
 * tslab is "Not ready"); it uses the kernel's own instance, which tslab publishes to cell code as
 * `globalThis.__tslab__.require("tslab")`.
 *
 * tslab's public `display.raw(type, data)` sends one MIME type per output. To send the whole
 * bundle as one output (so the notebook picks the best type it can render), we call the function
 * tslab's public display uses internally, `lastWriteDisplayData` of `tslab/dist/jupyter.js`,
 * found in the module cache. Without it: one output per type; outside tslab: the text, printed.
 */
import { toMimeBundle } from "../bundle.js";
import type { ReprOptions, ReprTarget } from "../payload/to-payload.js";
import { HDMF_ZARR_MIME, type MimeBundle } from "../payload/types.js";
import { tslabKernel, tslabModule, type TslabKernel } from "../../tslab-kernel.js";

/** How a bundle was shown. */
export type DisplayRoute = "bundle" | "per-type" | "text";

type WriteDisplayData = (message: { data: Record<string, unknown>; metadata: Record<string, unknown>; transient: Record<string, unknown> }, update: boolean) => void;

interface TslabDisplay {
  raw(contentType: string, data: unknown): unknown;
}

/** The kernel's tslab display, or undefined outside a tslab kernel. */
function kernelDisplay(k: TslabKernel): TslabDisplay | undefined {
  const display = tslabModule<{ display: TslabDisplay }>(k)?.display;
  return typeof display?.raw === "function" ? display : undefined;
}

const JUPYTER_MODULE = /[\\/]tslab[\\/]dist[\\/]jupyter\.js$/;

/** The kernel's display writer for the cell being run, from the module cache (tslab internals). */
function kernelWriter(k: TslabKernel): WriteDisplayData | undefined {
  const cache = k.require?.cache;
  if (!cache || typeof cache !== "object") return undefined;
  for (const [file, mod] of Object.entries(cache)) {
    if (!JUPYTER_MODULE.test(file)) continue;
    const write = (mod?.exports as { lastWriteDisplayData?: unknown } | undefined)?.lastWriteDisplayData;
    if (typeof write === "function") return write as WriteDisplayData;
  }
  return undefined;
}

/**
 * Show a bundle: as one output with every MIME type through the kernel's tslab, else one output
 * per type through `display.raw`, else (outside tslab) print its text. Returns the route taken.
 */
export function sendMimeBundle(bundle: MimeBundle): DisplayRoute {
  const k = tslabKernel();
  const display = k ? kernelDisplay(k) : undefined;
  if (k && display) {
    const write = kernelWriter(k);
    if (write) {
      write({ data: { ...bundle }, metadata: {}, transient: {} }, false);
      return "bundle";
    }
    // The payload object goes out as JSON (what nbformat expects for a +json type), not a string.
    display.raw(HDMF_ZARR_MIME, bundle[HDMF_ZARR_MIME]);
    display.raw("text/html", bundle["text/html"]);
    display.raw("text/plain", bundle["text/plain"]);
    return "per-type";
  }
  console.log(bundle["text/plain"]);
  return "text";
}

/**
 * Show a builder, dataset or array in the notebook (tslab), or print its text elsewhere.
 * `await display(x)` in a cell; it resolves to nothing so that tslab prints nothing after it.
 */
export async function display(obj: ReprTarget, options: ReprOptions = {}): Promise<void> {
  sendMimeBundle(await toMimeBundle(obj, options));
}
