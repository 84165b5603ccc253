/**
 * The renderer of `application/vnd.hdmf-zarr+json` outputs (what `display()` of hdmf-zarr objects
 * sends from a tslab kernel). A container payload (an NWBFile, a TimeSeries, a table) shows as its
 * sections with the payload's preview, then the store browser's views of it read from its store;
 * a dataset, group or store payload in the browser view over what the payload holds.
 *
 * The renderer is registered as safe, so it also runs on outputs of notebooks the user has not
 * trusted, whose payloads are data from someone else. The store a payload names is read through
 * the server only when it lies under the server root (a normalized path, never with `..`), and
 * only on its own for a trusted store or container output; anywhere else it is read when the user asks.
 */
import type { JupyterFrontEnd, JupyterFrontEndPlugin } from "@jupyterlab/application";
import { Clipboard } from "@jupyterlab/apputils";
import { PageConfig } from "@jupyterlab/coreutils";
import { IRenderMimeRegistry } from "@jupyterlab/rendermime";
import type { IRenderMime } from "@jupyterlab/rendermime-interfaces";
import { Widget } from "@lumino/widgets";
import { HDMF_ZARR_MIME, type ContainerPayload, type ReprPayload } from "../../repr/payload/types.js";
import type { BrowserSettings } from "../browser-settings.js";
import { PACKAGE_NAME } from "../ids.js";
import { JupyterStore } from "../jupyter-store.js";
import { showError } from "../panel.js";
import type { DataProvider } from "../provider/data-provider.js";
import { PayloadProvider } from "../provider/payload-provider.js";
import { ZarrStoreProvider } from "../provider/zarr-provider.js";
import { mountBrowser } from "../view/browser.js";
import { mountContainerView, type ContainerViewHandle } from "../view/container-view.js";
import { actionButton, el } from "../view/dom.js";
import { normalizeServerPath, serverRelative } from "../view/model/server-path.js";
import { wantsStoreViews } from "../view/model/store-views.js";
import type { SnippetContext } from "../view/model/snippet.js";
import { IBrowserSettingsSource } from "./settings.js";

/** Rank of the renderer: below text/html's 50, so the interactive view wins where it is installed. */
export const RENDERER_RANK = 30;

/** The payload of a MIME bundle entry: stored as JSON, or (from some writers) as a JSON string. */
export function payloadOf(data: unknown): ReprPayload {
  return (typeof data === "string" ? JSON.parse(data) : data) as ReprPayload;
}

/** What the output's notebook tells: its folder (a server path) through the resolver JupyterLab gives it. */
async function notebookDir(resolver: IRenderMime.IResolver | null): Promise<string | null> {
  if (!resolver) return null;
  try {
    const dir = decodeURI(await resolver.resolveUrl("."));
    // A drive prefix (`RTC:`) is not part of the path the kernel sees.
    return normalizeServerPath(dir.replace(/^[A-Za-z0-9_-]+:/, ""));
  } catch {
    return null;
  }
}

/** What the bar above an untrusted output says. */
const UNTRUSTED_NOTE = "This notebook is not trusted: the view shows only what the output holds.";

/** What a container output is drawn with (made once per `renderModel`). */
interface ContainerOutput {
  host: HTMLElement;
  bar: HTMLElement;
  trusted: boolean;
  /** Where the store is, as the notes name it. */
  location: string;
  /** Opens the store on this server (the same open for every caller); undefined when it cannot be read here. */
  openStore: (() => Promise<DataProvider>) | undefined;
  browseButton(action: string, label: string): HTMLButtonElement;
  copyText(text: string): void;
  snippet: SnippetContext;
  settings: BrowserSettings;
}

/** Renders one output. */
class PayloadRenderer extends Widget implements IRenderMime.IRenderer {
  private dispose_?: () => void;

  constructor(
    private readonly settings: () => BrowserSettings,
    private readonly resolver: IRenderMime.IResolver | null,
  ) {
    super();
    this.addClass("jp-HdmfZarr-output");
  }

  async renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    this.dispose_?.();
    this.dispose_ = undefined;
    let payload: ReprPayload;
    let fromPayload: PayloadProvider;
    try {
      payload = payloadOf(model.data[HDMF_ZARR_MIME]);
      fromPayload = new PayloadProvider(payload);
    } catch (err) {
      showError(this.node, `hdmf-zarr output cannot be shown: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    const settings = this.settings();
    const serverRoot = PageConfig.getOption("serverRoot");
    const snippet: SnippetContext = { serverRoot, notebookDir: await notebookDir(this.resolver), allowPickle: settings.allowPickle };
    // Only a store on this server, by a path that stays under its root, can be read here.
    const serverPath = serverRelative(payload.store?.location, serverRoot);
    const location = payload.store?.location ?? serverPath ?? "";
    // One open of the store serves the views and the browser; an open that failed is tried again when asked again.
    let opening: Promise<DataProvider> | undefined;
    const openStore = serverPath === null ? undefined : (): Promise<DataProvider> =>
      (opening ??= ZarrStoreProvider.open(new JupyterStore(serverPath), { location, allowPickle: settings.allowPickle }).catch((err: unknown) => {
        opening = undefined;
        throw err;
      }));

    const host = el("div", "outputBody");
    const bar = el("div", "outputBar");
    bar.hidden = true;
    this.node.replaceChildren(bar, host);
    const copyText = (text: string) => Clipboard.copyToSystem(text);
    const mountProvider = async (provider: DataProvider) => {
      this.dispose_?.();
      host.replaceChildren();
      const handle = mountBrowser(host, provider, { settings, initialPath: fromPayload.rootPath, compact: true, copyText, snippet });
      this.dispose_ = () => handle.dispose();
      await handle.ready;
    };
    const showReadError = (err: unknown) => {
      bar.hidden = false;
      bar.append(el("div", "error", `${location} cannot be read: ${err instanceof Error ? err.message : String(err)}`));
    };

    // Browsing the store on request: a button whose click shows the store itself in place of the output.
    const browseButton = (action: string, label: string) => {
      const b = actionButton(action, label, `browse ${location} through the Jupyter server`);
      b.addEventListener("click", () => {
        b.disabled = true;
        void openStore!().then(
          async (provider) => {
            bar.hidden = true;
            await mountProvider(provider);
          },
          (err: unknown) => {
            b.disabled = false;
            showReadError(err);
          },
        );
      });
      return b;
    };

    if (payload.kind === "container") {
      this.renderContainer(payload, { host, bar, trusted: model.trusted, location, openStore, browseButton, copyText, snippet, settings });
      return;
    }

    if (!model.trusted) {
      bar.hidden = false;
      bar.setAttribute("data-trusted", "false");
      bar.append(el("span", "note", UNTRUSTED_NOTE));
      if (openStore) bar.append(browseButton("read-store", "Read the store from the server"));
    } else if (openStore && (payload.kind === "dataset" || payload.kind === "group")) {
      // The payload holds a preview; the store on this server holds the rest.
      bar.hidden = false;
      bar.setAttribute("data-trusted", "true");
      bar.append(el("span", "note", "This output holds a preview."), browseButton("read-store", "Browse the store"));
    }
    // A trusted whole store on this server: browse the store itself rather than the payload's summary.
    if (model.trusted && payload.kind === "store" && openStore) {
      try {
        await mountProvider(await openStore());
        return;
      } catch {
        // Moved, deleted or unreadable since the output was made: the payload still shows what it holds.
      }
    }
    await mountProvider(fromPayload);
  }

  /**
   * A container: its header, preview and sections at once; then, trusted (or when the user asks),
   * the views of its path read from the store, which replace the preview once drawn.
   */
  private renderContainer(payload: ContainerPayload, c: ContainerOutput): void {
    const actions = c.openStore ? [c.browseButton("browse-store", "Browse the store")] : [];
    let handle: ContainerViewHandle;
    try {
      handle = mountContainerView(c.host, payload, { copyText: c.copyText, snippet: c.snippet, actions });
    } catch (err) {
      // A payload that does not have the shape its version promises (edited, or from elsewhere).
      showError(c.host, `hdmf-zarr output cannot be shown: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    this.dispose_ = () => handle.dispose();
    const openStore = c.openStore;
    const views = openStore && wantsStoreViews(payload)
      ? () => handle.showStoreViews({ provider: openStore(), location: c.location, settings: c.settings })
      : undefined;
    if (c.trusted) {
      if (views) void views();
      return;
    }
    c.bar.hidden = false;
    c.bar.setAttribute("data-trusted", "false");
    c.bar.append(el("span", "note", UNTRUSTED_NOTE));
    if (!openStore) return;
    if (!views) {
      // Nothing to show beyond the sections (an NWB file's root): the button browses the store.
      c.bar.append(c.browseButton("read-store", "Read the store from the server"));
      return;
    }
    const read = actionButton("read-store", "Read the store from the server", `read the views of ${payload.path} from ${c.location} through the Jupyter server`);
    read.addEventListener("click", () => {
      read.disabled = true;
      void views().then((outcome) => {
        // Read: the bar's word that only the payload shows is no longer true. Unreadable: the note says why, and a retry is allowed.
        if (outcome.state === "unreadable") read.disabled = false;
        else c.bar.hidden = true;
      });
    });
    c.bar.append(read);
  }

  override dispose(): void {
    this.dispose_?.();
    super.dispose();
  }
}

/** Registers the renderer with the application's rendermime registry. */
export const mimeRendererPlugin: JupyterFrontEndPlugin<void> = {
  id: `${PACKAGE_NAME}:renderer`,
  description: `Interactive view of ${HDMF_ZARR_MIME} outputs.`,
  autoStart: true,
  requires: [IRenderMimeRegistry, IBrowserSettingsSource],
  activate: (_app: JupyterFrontEnd, rendermime: IRenderMimeRegistry, settings: IBrowserSettingsSource): void => {
    rendermime.addFactory(
      {
        safe: true,
        mimeTypes: [HDMF_ZARR_MIME],
        defaultRank: RENDERER_RANK,
        createRenderer: (options) => new PayloadRenderer(() => settings.current, options.resolver),
      },
      RENDERER_RANK,
    );
  },
};
