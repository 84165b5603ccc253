/**
 * The store browser panel: a Lumino widget that opens a store and mounts the browser view
 * (`mountBrowser`) in it, and a MainAreaWidget around it for the main area.
 */
import { MainAreaWidget } from "@jupyterlab/apputils";
import { Widget } from "@lumino/widgets";
import type { BrowserSettings } from "./browser-settings.js";
import type { DataProvider } from "./provider/data-provider.js";
import { mountBrowser, type BrowserHandle } from "./view/browser.js";
import { storeIcon } from "./plugins/file-type.js";

/** Performance marks the benchmark reads: metadata arrived (provider open), first view shown. */
export const PerfMarks = { metadata: "hdmf-zarr:metadata", firstRender: "hdmf-zarr:first-render" } as const;

/** Options of {@link StoreBrowserPanel}. */
export interface StoreBrowserPanelOptions {
  /** Opens the data provider (reads the store's metadata). */
  open: () => Promise<DataProvider>;
  /** Where the store is, shown while it opens and in errors. */
  location: string;
  /** What it is, for errors. Default "a Zarr store". */
  kind?: string;
  settings: BrowserSettings;
  initialPath?: string;
  /** Put `text` on the clipboard (copy-path and copy-snippet buttons). */
  copyText?: (text: string) => void;
}

/** What a failed open says: where, and the reason (the reason names the store's URL itself). */
export function openFailureMessage(location: string, err: unknown, kind = "a Zarr store"): string {
  return `Cannot open ${location} as ${kind}: ${err instanceof Error ? err.message : String(err)}`;
}

/** Shows an error message as text (messages may quote names from the store). */
export function showError(host: HTMLElement, message: string): void {
  const box = document.createElement("div");
  box.className = "jp-HdmfZarr-error";
  box.textContent = message;
  host.replaceChildren(box);
}

/** A panel that opens a store and shows the browser over it. */
export class StoreBrowserPanel extends Widget {
  /**
   * Settles when the first view is shown, or the store could not be opened: then it rejects with
   * the reason, which the panel also shows (the store browser command closes the tab instead).
   */
  readonly ready: Promise<void>;
  private handle?: BrowserHandle;

  constructor(options: StoreBrowserPanelOptions) {
    super();
    this.addClass("jp-HdmfZarr-panel");
    const body = document.createElement("div");
    body.className = "jp-HdmfZarr-panelBody";
    body.textContent = `Opening ${options.location}…`;
    this.node.appendChild(body);
    this.ready = this.mount(body, options);
    // Failures show in the panel's text (and callers may watch `ready`): keep the rejection handled.
    this.ready.catch(() => undefined);
  }

  private async mount(body: HTMLElement, options: StoreBrowserPanelOptions): Promise<void> {
    let provider: DataProvider;
    try {
      provider = await options.open();
    } catch (err) {
      showError(body, openFailureMessage(options.location, err, options.kind));
      throw err;
    }
    performance.mark(PerfMarks.metadata);
    if (this.isDisposed) return;
    body.replaceChildren();
    this.handle = mountBrowser(body, provider, { settings: options.settings, initialPath: options.initialPath, copyText: options.copyText });
    await this.handle.ready;
    performance.mark(PerfMarks.firstRender);
  }

  /** Show another node of the store. */
  async navigate(path: string): Promise<void> {
    await this.ready;
    await this.handle?.navigate(path);
  }

  override dispose(): void {
    this.handle?.dispose();
    super.dispose();
  }
}

let panelCount = 0;

/** A main-area widget holding a store browser panel, titled with the store's name. */
export function createStorePanel(name: string, options: StoreBrowserPanelOptions): MainAreaWidget<StoreBrowserPanel> {
  const content = new StoreBrowserPanel(options);
  const widget = new MainAreaWidget({ content });
  widget.id = `hdmf-zarr-browser-${++panelCount}`;
  widget.title.label = name;
  widget.title.caption = options.location;
  widget.title.icon = storeIcon;
  widget.title.closable = true;
  widget.addClass("jp-HdmfZarr-mainArea");
  return widget;
}
