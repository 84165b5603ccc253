/** The MIME bundle of an object: the JSON payload, its HTML and its text, built from one payload. */
import { containerPayloadHtml } from "./html/container.js";
import { datasetHtml } from "./html/dataset.js";
import { groupPayloadHtml, type HtmlOptions } from "./html/group.js";
import { toPayload, type ReprOptions, type ReprTarget } from "./payload/to-payload.js";
import { HDMF_ZARR_MIME, type MimeBundle, type ReprPayload } from "./payload/types.js";
import { payloadText } from "./text/text-repr.js";

/** The HTML repr of a payload. */
export function payloadHtml(p: ReprPayload, options: HtmlOptions = {}): string {
  if (p.kind === "container") return containerPayloadHtml(p);
  return p.kind === "dataset" ? datasetHtml(p) : groupPayloadHtml(p, options);
}

/** The bundle of a payload already built (e.g. one received from the kernel). */
export function bundleOf(payload: ReprPayload, options: HtmlOptions = {}): MimeBundle {
  return { [HDMF_ZARR_MIME]: payload, "text/html": payloadHtml(payload, options), "text/plain": payloadText(payload) };
}

/**
 * The MIME bundle of a builder, dataset, array or container: `application/vnd.hdmf-zarr+json` (the payload),
 * `text/html` (inline styles, works in untrusted notebooks) and `text/plain`. Reads a small data
 * preview and lists the array's keys; never a whole array.
 */
export async function toMimeBundle(obj: ReprTarget, options: ReprOptions = {}): Promise<MimeBundle> {
  return bundleOf(await toPayload(obj, options), options);
}

/** The HTML repr of an object (the `text/html` part of its bundle). */
export async function toHtml(obj: ReprTarget, options: ReprOptions = {}): Promise<string> {
  return payloadHtml(await toPayload(obj, options), options);
}

/** The text repr of an object (the `text/plain` part of its bundle). */
export async function toText(obj: ReprTarget, options: ReprOptions = {}): Promise<string> {
  return payloadText(await toPayload(obj, options));
}
