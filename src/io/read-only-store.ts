/** A read-only view of a store, so that files opened in mode `r` cannot be changed by mistake. */
import type { ReadableStore } from "../store/types.js";

export interface ReadOnlyView extends ReadableStore {
  /** The store seen through the view (for display: its type and location). */
  readonly innerStore: ReadableStore;
}

export function readOnlyView(store: ReadableStore): ReadOnlyView {
  const view: ReadOnlyView = {
    description: store.description,
    innerStore: store,
    get: (key, options) => store.get(key, options),
    ...(store.readConcurrency !== undefined ? { readConcurrency: store.readConcurrency } : {}),
  };
  if (store.getRange) view.getRange = (key, offset, length) => store.getRange!(key, offset, length);
  if (store.has) view.has = (key) => store.has!(key);
  if (store.getSize) view.getSize = (key) => store.getSize!(key);
  if (store.list) view.list = (prefix) => store.list!(prefix);
  if (store.close) view.close = () => store.close!();
  return view;
}
