/**
 * Bases of the typed NWB classes: NWBContainer and NWBDataInterface (core), so that every NWB type
 * without a class of its own (made from its spec) still derives from them. `loadFields()` reads the
 * small datasets the typed getters show (see field-values.ts).
 */
import { Container, type ContainerInit } from "../build/container.js";
import { loadScalars } from "./field-values.js";
import { requireSpec } from "./spec-check.js";

/** core NWBContainer. */
export class NWBContainer extends Container {
  static override typeName = "NWBContainer";
  static override namespace = "core";

  constructor(init: ContainerInit) {
    super(init);
    if (!init.fromFile) requireSpec(this.constructor as typeof NWBContainer, init.name);
  }

  /** Read the small datasets of this object (scalars, short text lists) for the typed getters. */
  async loadFields(): Promise<this> {
    await loadScalars(this);
    return this;
  }
}

/** core NWBDataInterface: what acquisition and processing modules hold. */
export class NWBDataInterface extends NWBContainer {
  static override typeName = "NWBDataInterface";
}
