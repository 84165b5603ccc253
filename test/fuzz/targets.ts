/** Every fuzz target by name (the child runs one per batch). */
import { codecsTarget } from "./targets/codecs.js";
import type { Target } from "./targets/common.js";
import { httpTarget } from "./targets/http.js";
import { pickleTarget } from "./targets/pickle.js";
import { metadataTarget, storeTarget } from "./targets/store.js";
import { shardingTarget } from "./targets/sharding.js";
import { zipTarget } from "./targets/zip.js";

export const TARGETS: Record<string, Target> = {
  codecs: codecsTarget,
  pickle: pickleTarget,
  sharding: shardingTarget,
  zip: zipTarget,
  metadata: metadataTarget,
  store: storeTarget,
  http: httpTarget,
};
