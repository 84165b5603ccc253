/** core ProcessingModule: a named set of processed data (data interfaces and tables). */
import type { ContainerInit } from "../build/container.js";
import { ContainerCollection } from "./container-collection.js";
import { requireArgs, textField } from "./field-values.js";
import { NWBContainer } from "./nwb-container.js";

/** What ProcessingModule constructors accept. */
export interface ProcessingModuleInit extends ContainerInit {
  description?: string;
}

/** Processed data of one kind (`behavior`, `ecephys`, …). */
export class ProcessingModule extends NWBContainer {
  static override typeName = "ProcessingModule";

  constructor(init: ProcessingModuleInit) {
    super(init);
    if (init.fromFile) return;
    requireArgs("ProcessingModule", init.name, init, ["description"]);
    this.set("description", init.description);
  }

  get description(): string | undefined {
    return textField(this, "description");
  }

  /**
   * Everything the module holds, by name; `dataInterfaces.get(name, LFP)` gives a member as that
   * class, checked.
   */
  get dataInterfaces(): ContainerCollection {
    return new ContainerCollection("dataInterfaces", this, undefined, this.children);
  }
}
