/**
 * BuildManager: turns builders into containers (read) and containers into builders (write), with a
 * cache each way, so every builder becomes one container and every container one builder — an
 * object linked or referenced from several places is built once and linked or referenced elsewhere.
 */
import type { ErrorLocation } from "../errors.js";
import { DatasetBuilder, GroupBuilder, type Builder } from "../format/builders.js";
import { ZarrDataset } from "../format/zarr-dataset.js";
import type { DatasetSpec } from "../spec/model/dataset-spec.js";
import { storageDtypeName } from "../spec/model/dtype-names.js";
import type { TypeSpec } from "../spec/model/group-spec.js";
import type { TypeKeyStyle } from "../spec/model/type-keys.js";
import { isContainer } from "./brands.js";
import { buildDataset } from "./build-data.js";
import type { BuildContext } from "./build-fields.js";
import { builderObjectId, builderType, typeAttribute } from "./builder-info.js";
import type { ConstructContext } from "./construct-fields.js";
import type { Container } from "./container.js";
import { ConstructError, BuildError } from "./errors.js";
import { LazyData } from "./lazy-data.js";
import { lazyDataOf } from "./reference-data.js";
import type { TypeMap } from "./type-map.js";

/** Options of {@link BuildManager.build}. */
export interface BuildOptions {
  /**
   * Datasets read from another file: link to them (true, hdmf-zarr's default) or copy them. Copied
   * reference datasets are re-pointed at the new tree.
   */
  linkData?: boolean;
  /** The type attribute to write; default: the spelling of the root's namespace (`neurodata_type` for NWB). */
  typeKey?: TypeKeyStyle;
}

type NodeBuilder = GroupBuilder | DatasetBuilder;

/** The builder each container was read from (kept so writes can link to objects of other files). */
const readFrom = new WeakMap<Container, NodeBuilder>();

/** The builder a container was read from, if it was read from a file. */
export function sourceBuilder(container: Container): NodeBuilder | undefined {
  return readFrom.get(container);
}

/** Builders ⇄ containers, with a cache each way. */
export class BuildManager {
  readonly typeMap: TypeMap;
  private readonly containers = new Map<Builder, unknown>();
  private readonly lazy = new WeakMap<ZarrDataset, LazyData>();
  private readonly builders = new Map<Container, NodeBuilder>();
  /** Namespaces of the objects built by the last `build()`. */
  readonly namespacesUsed = new Set<string>();
  private readonly readCtx: ConstructContext;

  constructor(typeMap: TypeMap) {
    this.typeMap = typeMap;
    this.readCtx = {
      hierarchy: (type, namespace) => typeMap.getHierarchy(type, namespace),
      valueOf: (b) => this.valueOf(b),
      dataOf: (b, spec) => this.dataOf(b, spec),
    };
  }

  // ------------------------------------------------------------------ read

  /** The container of a typed builder (made on first call; later calls give the same object). */
  construct(builder: NodeBuilder): Container {
    const cached = this.containers.get(builder);
    if (isContainer(cached)) return cached;
    const bt = builderType(builder);
    if (bt === undefined) {
      throw new ConstructError("has no data_type/neurodata_type attribute, so it is no container", { store: builder.source, path: builder.path });
    }
    const storage = builder instanceof GroupBuilder ? "group" : "dataset";
    const { cls, mapper } = this.typeMap.forBuilder(bt, storage);
    const container = new cls({ name: builder.name, objectId: builderObjectId(builder) ?? null, fromFile: true });
    container.source = builder.source;
    this.containers.set(builder, container);
    readFrom.set(container, builder);
    try {
      mapper.construct(container, builder, this.readCtx);
    } catch (e) {
      if (e instanceof ConstructError) throw e;
      throw new ConstructError(`could not read ${bt.type}: ${(e as Error).message}`, { store: builder.source, path: builder.path }, { cause: e });
    }
    return container;
  }

  /** What a builder stands for: its container when typed, lazy data for an untyped dataset, else the builder. */
  valueOf(builder: NodeBuilder): unknown {
    if (builderType(builder) !== undefined) return this.construct(builder);
    if (builder instanceof DatasetBuilder) return this.dataOf(builder);
    return builder;
  }

  /**
   * The value of a dataset builder's data as a field: a LazyData over a file's dataset (a
   * ContainerZarrReferenceDataset or ContainerZarrTableDataset when it holds references; one per
   * dataset; byte strings decoded when `spec` says text or date-time).
   */
  dataOf(builder: DatasetBuilder, spec?: DatasetSpec): unknown {
    if (!(builder.data instanceof ZarrDataset)) return builder.data;
    let lazy = this.lazy.get(builder.data);
    if (lazy === undefined) {
      const stored = typeof spec?.dtype === "string" ? storageDtypeName(spec.dtype) : undefined;
      const decodeText = stored === "utf8" || stored === "isodatetime";
      lazy = lazyDataOf(builder.data, (b) => this.valueOf(b), { decodeText });
      this.lazy.set(builder.data, lazy);
    }
    return lazy;
  }

  /** The container made from a builder, if any. */
  getContainer(builder: NodeBuilder): Container | undefined {
    const c = this.containers.get(builder);
    return isContainer(c) ? c : undefined;
  }

  // ------------------------------------------------------------------ write

  /** The builder made for a container, if any. */
  getBuilder(container: Container): NodeBuilder | undefined {
    return this.builders.get(container);
  }

  /** Forget every builder made so far (containers read stay cached). */
  clearBuilders(): void {
    this.builders.clear();
  }

  /**
   * Build the builder tree of a container and everything below it. References are set once every
   * object has its builder. The root builder is named `root`, as files name it.
   */
  async build(root: Container, options: BuildOptions = {}): Promise<NodeBuilder> {
    this.namespacesUsed.clear();
    const queue: (() => Promise<void>)[] = [];
    const typeKey = typeAttribute(options.typeKey ?? this.typeMap.typeKeyFor(root.namespace));
    const ctx: BuildContext = {
      linkData: options.linkData ?? true,
      defer: (task) => queue.push(task),
      where: (c) => ({ path: c.containerPath }),
      build: (c, memberSpec) => this.buildOne(c, memberSpec, ctx, typeKey),
      targetOf: async (c) => {
        const built = this.builders.get(c);
        if (built !== undefined) return built;
        if (c.root === root) return this.buildOne(c, undefined, ctx, typeKey);
        const read = readFrom.get(c);
        if (read !== undefined) return read; // an object of another file: link or refer to it there
        throw new BuildError(`${c.typeName} '${c.name}' is linked or referenced, but it is not part of the tree being written (its root is '${c.root.name}') and was not read from a file`, where(c));
      },
    };
    const builder = await this.buildOne(root, undefined, ctx, typeKey);
    builder.name = "root";
    while (queue.length) await queue.shift()!();
    return builder;
  }

  private async buildOne(c: Container, memberSpec: TypeSpec | undefined, ctx: BuildContext, typeKey: string): Promise<NodeBuilder> {
    const cached = this.builders.get(c);
    if (cached !== undefined) return cached;
    const known = this.typeMap.hasType(c.typeName, c.namespace || undefined);
    const spec = known ? this.typeMap.getSpec(c.namespace, c.typeName) : undefined;
    const mapper = this.typeMap.getMapper(c.namespace, c.typeName);
    let builder: NodeBuilder;
    if ((c.constructor as { storage?: string }).storage === "dataset") {
      const dsSpec = (memberSpec ?? spec) as DatasetSpec | undefined;
      builder = await buildDataset(c.name, (c as unknown as { data: unknown }).data, dsSpec, ctx);
    } else {
      builder = new GroupBuilder(c.name);
    }
    this.builders.set(c, builder);
    this.namespacesUsed.add(c.namespace);
    builder.setAttribute(typeKey, c.typeName);
    if (c.namespace) builder.setAttribute("namespace", c.namespace);
    if (c.objectId !== undefined) builder.setAttribute("object_id", c.objectId);
    try {
      await mapper.build(c, builder, ctx);
    } catch (e) {
      if (e instanceof BuildError) throw e;
      throw new BuildError(`could not build ${c.typeName} '${c.name}': ${(e as Error).message}`, where(c), { cause: e });
    }
    return builder;
  }
}

function where(c: Container): ErrorLocation {
  return { path: c.containerPath };
}
