/** A read-only view of a store, so that files opened in mode `r` cannot be changed by mistake. */
import type { ReadableStore } from "../store/types.js";

export function readOnlyView(store: ReadableStore): ReadableStore {
  const view: ReadableStore = {
    description: store.description,
    get: (key) => store.get(key),
  };
  if (store.getRange) view.getRange = (key, offset, length) => store.getRange!(key, offset, length);
  if (store.has) view.has = (key) => store.has!(key);
  if (store.list) view.list = (prefix) => store.list!(prefix);
  if (store.close) view.close = () => store.close!();
  return view;
}
