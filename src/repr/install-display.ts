/**
 * `obj.display()` on containers without the build layer depending on the display layer: adds a
 * `display(options?)` method to `Container.prototype` (once; idempotent).
 */
import { Container } from "../build/container.js";
import type { ReprOptions } from "./payload.js";
import { display } from "./tslab-display.js";

declare module "../build/container.js" {
  interface Container {
    /** Show the object in a tslab notebook (or print its text). Installed by the package entry point. */
    display(options?: ReprOptions): Promise<void>;
  }
}

/** Give every container a `display()` method: `await nwbfile.display()` in a notebook cell. */
export function installDisplayMethods(): void {
  const proto = Container.prototype;
  if (Object.prototype.hasOwnProperty.call(proto, "display")) return;
  Object.defineProperty(proto, "display", {
    configurable: true, writable: true, enumerable: false,
    value: function (this: Container, options: ReprOptions = {}): Promise<void> {
      return display(this, options);
    },
  });
}
