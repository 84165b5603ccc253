/**
 * `obj.display()` on containers without the build layer depending on the display layer: adds a
 * `display(options?)` method to `Container.prototype` (once; idempotent).
 */
import { Container } from "../../build/container.js";
import { Builder } from "../../format/builders.js";
import { ZarrDataset } from "../../format/zarr-dataset.js";
import type { ReprOptions } from "../payload/to-payload.js";
import { display } from "./tslab-display.js";

declare module "../../build/container.js" {
  interface Container {
    /** Show the object in a tslab notebook (or print its text). Installed by the package entry point. */
    display(options?: ReprOptions): Promise<void>;
  }
}
declare module "../../format/builders.js" {
  interface Builder {
    /** Show the group, dataset or link in a tslab notebook (or print its text). */
    display(options?: ReprOptions): Promise<void>;
  }
}
declare module "../../format/zarr-dataset.js" {
  interface ZarrDataset {
    /** Show the dataset (facts and a small preview) in a tslab notebook (or print its text). */
    display(options?: ReprOptions): Promise<void>;
  }
}

/** Give containers, builders and datasets a `display()` method: `await nwbfile.display()` in a notebook cell. */
export function installDisplayMethods(): void {
  for (const proto of [Container.prototype, Builder.prototype, ZarrDataset.prototype]) {
    if (Object.prototype.hasOwnProperty.call(proto, "display")) continue;
    Object.defineProperty(proto, "display", {
      configurable: true, writable: true, enumerable: false,
      value: function (this: Container | Builder | ZarrDataset, options: ReprOptions = {}): Promise<void> {
        return display(this, options);
      },
    });
  }
}
