/**
 * Stores that let a caller see a key's bytes as they arrive (`JupyterStore`): the provider scans
 * the root `zarr.json` while it downloads, so that little is left to do once its last byte is in.
 * The read itself is unchanged: its caller still gets the whole value, under the same cap.
 */

/** Sees one response body of a watched key, piece by piece. */
export interface BodyWatcher {
  /** The next piece of the body, in order. */
  piece(bytes: Uint8Array): void;
  /** The body is complete (not called when the read failed or was cancelled). */
  end(): void;
}

/** A store whose reads of a key can be watched. */
export interface WatchesReads {
  /**
   * Pass each later response body of `key` to a new `watcher()` as it arrives (one per response:
   * a retried read gets a fresh one). Returns what stops the watching.
   */
  watchReads(key: string, watcher: () => BodyWatcher): () => void;
}

/** Whether `store` lets its reads be watched. */
export function watchesReads(store: unknown): store is WatchesReads {
  return typeof (store as Partial<WatchesReads> | null)?.watchReads === "function";
}

/**
 * The response `response` with its body passed through `watcher` as it is read (status and headers
 * kept). A watcher that throws is dropped (the read goes on, unwatched).
 */
export function watchedResponse(response: Response, watcher: BodyWatcher): Response {
  if (!response.body) return response;
  let watching = true;
  const guard = (f: () => void) => {
    if (!watching) return;
    try {
      f();
    } catch {
      watching = false; // the watcher's own failure; the value is still read whole
    }
  };
  const body = response.body.pipeThrough(new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      guard(() => watcher.piece(chunk));
      controller.enqueue(chunk);
    },
    flush() {
      guard(() => watcher.end());
    },
  }));
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}
