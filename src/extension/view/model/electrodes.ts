/**
 * Labels of the channels of an ElectricalSeries: its `electrodes` region gives, per channel, a row
 * of the electrodes table, whose `id` and `location` name the electrode. Only the region's and the
 * table's rows of the channels shown are read. Either may be a link (a SoftLink to a region
 * elsewhere, or a table reached through a link): links inside the store are followed.
 */
import type { DataProvider, Entity } from "../../provider/data-provider.js";
import { childPath } from "../../provider/data-provider.js";
import { channelLabel, channelSpan } from "./channels.js";

/** Links followed at most (a chain longer than this is a loop). */
const MAX_HOPS = 8;

/** The entity at `path`, links inside the store followed; null for a link into another file. */
export async function followLinks(provider: DataProvider, path: string): Promise<Entity | null> {
  let e = await provider.getEntity(path);
  for (let hop = 0; e.kind === "link"; hop++) {
    if (!e.target || e.target.source || hop >= MAX_HOPS) return null;
    e = await provider.getEntity(e.target.path);
  }
  return e;
}

/** Per channel listed, its label (`ch 3 · e12 · CA1`, or `ch 3` when the series has no electrodes). */
export async function electrodeLabels(provider: DataProvider, seriesPath: string, channels: readonly number[]): Promise<string[]> {
  const plain = channels.map((c) => channelLabel(c));
  if (!channels.length) return plain;
  try {
    const region = await followLinks(provider, childPath(seriesPath, "electrodes"));
    const tableRef = region?.references.find((r) => r.name === "table")?.target;
    if (!region || !tableRef || tableRef.source) return plain;
    const table = await followLinks(provider, tableRef.path);
    if (!table) return plain;
    const [c0, c1] = channelSpan(channels);
    const rowsBlock = await provider.getValues(region.path, [[c0, Math.min(c1, region.readable?.[0] ?? region.shape?.[0] ?? c1)]]);
    const rows = channels.map((c) => rowsBlock.numbers?.[c - c0]);
    const known = rows.filter((r): r is number => r !== undefined && Number.isInteger(r) && r >= 0);
    if (!known.length) return plain;
    const span: [number, number] = [Math.min(...known), Math.max(...known) + 1];
    const column = async (name: string) => {
      try {
        const e = await followLinks(provider, childPath(table.path, name));
        if (!e) return [];
        const stop = Math.min(span[1], e.readable?.[0] ?? e.shape?.[0] ?? 0);
        return stop > span[0] ? (await provider.getValues(e.path, [[span[0], stop]])).values : [];
      } catch {
        return [];
      }
    };
    const [ids, locations] = await Promise.all([column("id"), column("location")]);
    return channels.map((c, i) => {
      const r = rows[i];
      if (r === undefined || !Number.isInteger(r)) return plain[i];
      const id = ids[r - span[0]], loc = locations[r - span[0]];
      return channelLabel(c, {
        id: typeof id === "number" || typeof id === "string" ? id : null,
        location: typeof loc === "string" ? loc : null,
      });
    });
  } catch {
    return plain;
  }
}

/**
 * A note when the series' `electrodes` region does not list one electrode per channel (NWB asks for
 * one per column of `data`); the labels then follow the region's first entries. Null when they agree
 * or the series has no region.
 */
export async function electrodeRegionMismatch(provider: DataProvider, seriesPath: string, channelCount: number): Promise<string | null> {
  const region = await followLinks(provider, childPath(seriesPath, "electrodes")).catch(() => null);
  const listed = region?.kind === "dataset" ? region.shape?.[0] : undefined;
  if (listed === undefined || listed === channelCount) return null;
  return `⚠ the electrodes region lists ${listed} electrodes for ${channelCount} channels: channel c is labelled by its entry c`;
}
