/**
 * The settings plugin: loads schema/settings.json through the settings registry and provides the
 * current BrowserSettings to the other plugins. A view reads them when it opens, so changes apply
 * to views opened afterwards.
 */
import type { JupyterFrontEnd, JupyterFrontEndPlugin } from "@jupyterlab/application";
import { ISettingRegistry } from "@jupyterlab/settingregistry";
import { Token } from "@lumino/coreutils";
import { DEFAULT_SETTINGS, type BrowserSettings } from "../browser-settings.js";
import { SETTINGS_PLUGIN_ID } from "../ids.js";
import { toBrowserSettings } from "../settings-values.js";

/** The current settings of the store browser and the renderer. */
export interface IBrowserSettingsSource {
  /** The settings as they are now (defaults until the registry has answered). */
  readonly current: BrowserSettings;
}

/** Token of {@link IBrowserSettingsSource}. */
export const IBrowserSettingsSource = new Token<IBrowserSettingsSource>(
  `${SETTINGS_PLUGIN_ID}:IBrowserSettingsSource`,
  "The settings of the hdmf-zarr store browser and output renderer.",
);

/** The plugin that owns schema/settings.json. */
export const settingsPlugin: JupyterFrontEndPlugin<IBrowserSettingsSource> = {
  id: SETTINGS_PLUGIN_ID,
  description: "Settings of the hdmf-zarr store browser and output renderer.",
  autoStart: true,
  provides: IBrowserSettingsSource,
  optional: [ISettingRegistry],
  activate: (_app: JupyterFrontEnd, registry: ISettingRegistry | null): IBrowserSettingsSource => {
    const source = { current: { ...DEFAULT_SETTINGS } };
    if (registry) {
      registry
        .load(SETTINGS_PLUGIN_ID)
        .then((settings) => {
          const update = () => {
            source.current = toBrowserSettings(settings.composite as Record<string, unknown>);
          };
          update();
          settings.changed.connect(update);
        })
        .catch((reason: unknown) => console.warn(`hdmf-zarr: settings not loaded, using defaults: ${String(reason)}`));
    }
    return source;
  },
};
