/**
 * ObjectMapper: maps one type's spec to container fields, both ways — builder → container fields
 * on read, container fields → builder on write. The default mapper does everything from the spec;
 * a typed class that needs more registers a subclass with `TypeMap.registerMapper`.
 */
import { DatasetBuilder, type GroupBuilder } from "../format/builders.js";
import { DatasetSpec } from "../spec/model/dataset-spec.js";
import type { TypeSpec } from "../spec/model/group-spec.js";
import { buildFields, type BuildContext } from "./build-fields.js";
import { constructFields, type ConstructContext } from "./construct-fields.js";
import type { Container } from "./container.js";
import { Data } from "./data.js";
import { slotsOf, type Slot } from "./field-slots.js";

/** Maps a type spec to container fields and back. */
export class ObjectMapper {
  /** The resolved spec of the type; undefined for types no loaded namespace defines. */
  readonly spec?: TypeSpec;

  constructor(spec: TypeSpec | undefined) {
    this.spec = spec;
  }

  /** Where each part of the spec goes among the fields. */
  get slots(): readonly Slot[] | undefined {
    return this.spec === undefined ? undefined : slotsOf(this.spec);
  }

  /** Fill a new container (already made, named and cached) from its builder. */
  construct(container: Container, builder: GroupBuilder | DatasetBuilder, ctx: ConstructContext): void {
    if (container instanceof Data && builder instanceof DatasetBuilder) container.data = ctx.dataOf(builder, this.spec instanceof DatasetSpec ? this.spec : undefined);
    constructFields(container, container, builder, this.slots, ctx);
    container.completeRead();
  }

  /** Fill a builder (already made, with its data and type attributes) from a container's fields. */
  async build(container: Container, builder: GroupBuilder | DatasetBuilder, ctx: BuildContext): Promise<void> {
    await buildFields(container, container, builder, this.slots, ctx);
  }
}
