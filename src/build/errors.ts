/**
 * Typed errors of the build layer (objects ⇄ builders). `store` names the file when one is known;
 * `path` names the object: a builder path (`/acquisition/ts`) on read, a container path on write.
 */
import { HdmfZarrError } from "../errors.js";

/** A builder could not be turned into a container (read direction). */
export class ConstructError extends HdmfZarrError {}

/** A container could not be turned into a builder (write direction). */
export class BuildError extends HdmfZarrError {}
