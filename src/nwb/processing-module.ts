/** core ProcessingModule: a named set of processed data (data interfaces and tables). */
import type { Container, ContainerInit } from "../build/container.js";
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

  /** Everything the module holds, by name. */
  get dataInterfaces(): Map<string, Container> {
    return new Map(this.children.map((c) => [c.name, c]));
  }
}
