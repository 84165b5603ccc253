/**
 * Bundles the benchmark page (page.ts) and the decode worker (src/zarr/browser-decode-worker.ts)
 * with esbuild, as ES modules side by side in one folder: the page starts the worker from
 * `new URL("./browser-decode-worker.js", import.meta.url)`, which esbuild leaves as it is.
 */
import { build, type Plugin } from "esbuild";
import { join } from "node:path";

/**
 * numcodecs-wasm.ts loads `numcodecs/${name}` by a template literal, which esbuild cannot follow
 * into a package (webpack and rspack can): give it one literal import per codec module instead.
 */
const numcodecsLiterals: Plugin = {
  name: "numcodecs-literals",
  setup(b) {
    b.onLoad({ filter: /numcodecs-wasm\.ts$/ }, async (args) => {
      const { readFile } = await import("node:fs/promises");
      const text = await readFile(args.path, "utf8");
      const literal = "({ blosc: () => import(\"numcodecs/blosc\"), zstd: () => import(\"numcodecs/zstd\"), lz4: () => import(\"numcodecs/lz4\"), gzip: () => import(\"numcodecs/gzip\"), zlib: () => import(\"numcodecs/zlib\") })[name]()";
      const out = text.replace("import(`numcodecs/${name}`)", literal);
      if (out === text) throw new Error("numcodecs-wasm.ts no longer imports `numcodecs/${name}`: update bench/browser-read/bundle.ts");
      return { contents: out, loader: "ts" };
    });
  },
};

/** Write page.js and browser-decode-worker.js (and their shared chunks) into `outdir`. */
export async function bundlePage(outdir: string): Promise<void> {
  const root = join(__dirname, "..", "..");
  await build({
    entryPoints: { page: join(__dirname, "page.ts"), "browser-decode-worker": join(root, "src/zarr/browser-decode-worker.ts") },
    outdir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "browser",
    target: "chrome120",
    minify: true,
    logLevel: "error",
    plugins: [numcodecsLiterals],
  });
}
