/**
 * The running tslab kernel, when there is one: its own `tslab` module (a second copy of tslab in
 * node_modules is "not ready") and its module cache. Used by the display layer and by progress.
 */

/** What the kernel exposes on `globalThis.__tslab__`. */
export interface TslabKernel {
  require?: ((id: string) => unknown) & { cache?: Record<string, { exports?: unknown } | undefined> };
}

/** The kernel, or undefined outside a tslab kernel. */
export function tslabKernel(): TslabKernel | undefined {
  const g = (globalThis as { __tslab__?: unknown }).__tslab__;
  return typeof g === "object" && g !== null ? (g as TslabKernel) : undefined;
}

/** The kernel's `tslab` module (its public API), or undefined outside a kernel or when it fails to load. */
export function tslabModule<T>(kernel: TslabKernel | undefined = tslabKernel()): Partial<T> | undefined {
  try {
    return kernel?.require?.("tslab") as Partial<T> | undefined;
  } catch {
    return undefined;
  }
}
