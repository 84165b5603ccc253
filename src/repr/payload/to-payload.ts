/** Build the MIME payload of any displayable object. */
import { InvalidArgumentError } from "../../errors.js";
import { Builder, DatasetBuilder, GroupBuilder, LinkBuilder } from "../../format/builders.js";
import { ZarrDataset } from "../../format/zarr-dataset.js";
import { ZarrArray } from "../../zarr/array.js";
import type { HtmlOptions } from "../html/group.js";
import { datasetPayload, type DatasetReprOptions } from "./dataset.js";
import { groupPayload, type GroupReprOptions } from "./group.js";
import type { ReprPayload } from "./types.js";
import type { Container } from "../../build/container.js";
import { isContainer } from "../../build/brands.js";
import { containerPayload } from "./container.js";
import type { ContainerReprOptions } from "./container-items.js";

/**
 * What can be displayed: builders (read from a file or made in memory: groups, datasets, links,
 * and so whatever `GroupBuilder.get()` returns), datasets read from a file, Zarr arrays, and
 * containers (NWBFile, TimeSeries, DynamicTable, … read with NWBZarrIO or built in code).
 */
export type ReprTarget = Builder | ZarrDataset | ZarrArray | Container;

/** Options of every repr (each applies to the kinds it names). */
export interface ReprOptions extends DatasetReprOptions, GroupReprOptions, HtmlOptions, ContainerReprOptions {
  /**
   * For a group: `store` shows it as a whole file (header with the store), `group` as one group.
   * Default: `store` for the root group of a file (no parent, a `source`), else `group`.
   */
  kind?: "group" | "store";
}

/** Whether `obj` is something {@link toPayload} can show. */
export function isReprTarget(obj: unknown): obj is ReprTarget {
  return obj instanceof GroupBuilder || obj instanceof DatasetBuilder || obj instanceof LinkBuilder
    || obj instanceof ZarrDataset || obj instanceof ZarrArray || isContainer(obj);
}

/** The `application/vnd.hdmf-zarr+json` payload of `obj` (reads a data preview, nothing big). */
export async function toPayload(obj: ReprTarget, options: ReprOptions = {}): Promise<ReprPayload> {
  if (isContainer(obj)) return containerPayload(obj, options);
  const target = obj instanceof LinkBuilder ? obj.builder : obj;
  if (target instanceof GroupBuilder) {
    // A root read from (or bound for) a file is shown as the file; any other group as a group.
    const kind = options.kind ?? (!target.parent && target.source !== undefined ? "store" : "group");
    return groupPayload(target, kind, options);
  }
  if (target instanceof DatasetBuilder || target instanceof ZarrDataset || target instanceof ZarrArray) {
    return datasetPayload(target, options);
  }
  const what = obj === null ? "null" : typeof obj === "object" ? (obj as object).constructor?.name ?? "object" : typeof obj;
  throw new InvalidArgumentError(
    `cannot display ${what}: pass a GroupBuilder, DatasetBuilder, LinkBuilder, ZarrDataset, ZarrArray or a container (e.g. from ZarrIO.readBuilder() or NWBZarrIO.readNwb())`,
  );
}
