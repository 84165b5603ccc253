/** The check typed constructors make that their class knows its spec (see load-types.ts). */
import { InvalidArgumentError } from "../errors.js";

/** Throw when a class built in code does not know its spec yet (loadNwbTypes not awaited). */
export function requireSpec(cls: { typeName: string; spec?: unknown }, name: string): void {
  if (cls.spec === undefined) {
    throw new InvalidArgumentError(`${cls.typeName} '${name}': the NWB schema is not loaded yet; call \`await loadNwbTypes()\` once before building NWB objects`, { path: name });
  }
}
