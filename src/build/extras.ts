/**
 * Fields a file holds that the spec does not describe (attributes, datasets, groups or links of
 * other names). They are read into fields by their own names; this records what each was on disk,
 * so a write puts it back as the same kind of thing.
 */
import type { FieldHolder } from "./field-holder.js";

/** What a field that no spec member describes was in the file. */
export type ExtraKind = "attribute" | "dataset" | "group" | "link" | "child";

const kinds = new WeakMap<FieldHolder, Map<string, ExtraKind>>();

/** Record what an extra field was in the file. */
export function markExtra(holder: FieldHolder, key: string, kind: ExtraKind): void {
  let m = kinds.get(holder);
  if (m === undefined) kinds.set(holder, (m = new Map()));
  m.set(key, kind);
}

/** What an extra field was in the file, when it was read from one. */
export function extraKind(holder: FieldHolder, key: string): ExtraKind | undefined {
  return kinds.get(holder)?.get(key);
}
