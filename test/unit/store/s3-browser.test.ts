/**
 * S3 in the browser bundle: the S3Store exported by the browser entry (src/store/browser.ts) signs
 * with keys given in its access (the S3 documentation's GET example, signature and all), and
 * nothing that entry loads imports a Node built-in (so `aws-config.ts`, which reads ~/.aws, stays
 * out of it).
 */
import assert from "node:assert/strict";
import { builtinModules } from "node:module";
import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, it, mock } from "node:test";
import { S3Store } from "../../../src/store/browser.js";
import { REPO_ROOT } from "../../helpers/repo-paths.js";

/** Every source file the module at `entry` loads, with each import specifier of each. */
function importGraph(entry: string): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    const text = readFileSync(file, "utf8");
    const specifiers = [...text.matchAll(/^\s*(?:import|export)\s[^;]*?\sfrom\s+"([^"]+)"|^\s*import\s+"([^"]+)"|\bimport\(\s*"([^"]+)"\s*\)/gm)].map((m) => m[1] ?? m[2] ?? m[3]);
    seen.set(file, specifiers);
    for (const s of specifiers) if (s.startsWith(".")) visit(resolve(dirname(file), s.replace(/\.js$/, ".ts")));
  };
  visit(entry);
  return seen;
}

describe("S3 in the browser entry", () => {
  it("signs the S3 documentation's GET example (Range bytes=0-9 of examplebucket/test.txt) as published", async () => {
    mock.timers.enable({ apis: ["Date"], now: Date.UTC(2013, 4, 24, 0, 0, 0) });
    try {
      const sent: Record<string, string>[] = [];
      const fetchFn: typeof fetch = async (input, init) => {
        assert.equal(String(input), "https://examplebucket.s3.amazonaws.com/test.txt");
        sent.push(init?.headers as Record<string, string>);
        return new Response(new TextEncoder().encode("0123456789"), { status: 206, headers: { "content-range": "bytes 0-9/100" } });
      };
      const keys = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" };
      const store = new S3Store("s3://examplebucket", { region: "us-east-1", credentials: async () => keys }, { fetch: fetchFn });
      assert.deepEqual(await store.getRange("test.txt", 0, 10), new TextEncoder().encode("0123456789"));
      assert.equal(sent.length, 1);
      assert.equal(sent[0]["x-amz-date"], "20130524T000000Z");
      assert.equal(sent[0]["x-amz-content-sha256"], "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
      assert.equal(
        sent[0].authorization,
        "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, " +
          "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
      );
    } finally {
      mock.timers.reset();
    }
  });

  it("anonymous access (no credentials) sends no signature", async () => {
    const sent: Record<string, string>[] = [];
    const fetchFn: typeof fetch = async (_input, init) => {
      sent.push(init?.headers as Record<string, string>);
      return new Response("x", { status: 200 });
    };
    const store = new S3Store("s3://examplebucket/p", { region: "us-east-1", credentials: async () => undefined }, { fetch: fetchFn });
    assert.deepEqual(await store.get("k"), new TextEncoder().encode("x"));
    assert.deepEqual(Object.keys(sent[0]).filter((h) => /^(authorization|x-amz-)/i.test(h)), []);
  });

  it("imports no Node built-in and leaves aws-config.ts out", () => {
    const graph = importGraph(join(REPO_ROOT, "src/store/browser.ts"));
    const files = [...graph.keys()].map((f) => relative(REPO_ROOT, f));
    assert.ok(files.includes("src/store/s3/s3-store.ts") && files.includes("src/store/s3/sigv4.ts"), files.join(", "));
    assert.ok(!files.includes("src/store/s3/aws-config.ts"));
    const builtins = new Set(builtinModules);
    const nodeImports = [...graph].flatMap(([file, specs]) => specs.filter((s) => s.startsWith("node:") || builtins.has(s.split("/")[0])).map((s) => `${relative(REPO_ROOT, file)}: ${s}`));
    assert.deepEqual(nodeImports, []);
  });
});
