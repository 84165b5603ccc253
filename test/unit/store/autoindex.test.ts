import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseDirectoryIndex } from "../../../src/store/autoindex.js";

const PAGE = "http://host:8080/data/a%20b.zarr/";
const enc = (text: string) => new TextEncoder().encode(text);
const parse = (body: string, type: string | null, page = PAGE) => parseDirectoryIndex(enc(body), type, page);

// What nginx "autoindex on" shows (long names are cut in the text, never in the href).
const NGINX_HTML = `<html>
<head><title>Index of /data/a b.zarr/</title></head>
<body>
<h1>Index of /data/a b.zarr/</h1><hr><pre><a href="../">../</a>
<a href="acquisition/">acquisition/</a>                                       27-Nov-2024 20:47                   -
<a href="a_very_long_file_name_that_nginx_cuts_in_the_link_text_0.0">a_very_long_file_name_that_nginx_cuts_in_the_..&gt;</a> 27-Nov-2024 20:47     179
<a href="x%20y%23z">x y#z</a>                                              27-Nov-2024 20:47      24
</pre><hr></body>
</html>
`;

// Apache mod_autoindex with FancyIndexing: sort links, icons, an absolute parent link.
const APACHE_HTML = `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 3.2 Final//EN">
<html>
 <head>
  <title>Index of /data/a b.zarr</title>
 </head>
 <body>
<h1>Index of /data/a b.zarr</h1>
  <table>
   <tr><th valign="top"><img src="/icons/blank.gif" alt="[ICO]"></th><th><a href="?C=N;O=D">Name</a></th><th><a href="?C=M;O=A">Last modified</a></th></tr>
<tr><td valign="top"><img src="/icons/back.gif" alt="[PARENTDIR]"></td><td><a href="/data/">Parent Directory</a></td></tr>
<tr><td valign="top"><a href="acquisition/"><img src="/icons/folder.gif" alt="[DIR]"></a></td><td><A HREF='acquisition/'>acquisition/</A></td></tr>
<tr><td valign="top"><img src="/icons/unknown.gif" alt="[   ]"></td><td><a href=.zattrs>.zattrs</a></td></tr>
<tr><td><a href="a&amp;b">a&amp;b</a></td><td><a href="/data/a%20b.zarr/abs">abs</a></td><td><a href="http://host:8080/data/a b.zarr/full/">full/</a></td></tr>
<tr><td><a href="#top">top</a> <a href="http://other.example/data/a%20b.zarr/elsewhere">x</a> <a href="sub/deeper">x</a> <a data-href="fake" title="t">x</a></td></tr>
</table>
</body></html>
`;

const NGINX_JSON = `[
{ "name":"acquisition", "type":"directory", "mtime":"Wed, 27 Nov 2024 20:47:00 GMT" },
{ "name":".zgroup", "type":"file", "mtime":"Wed, 27 Nov 2024 20:47:00 GMT", "size":24 },
{ "name":"link", "type":"other", "mtime":"Wed, 27 Nov 2024 20:47:00 GMT" },
{ "name":"..", "type":"directory", "mtime":"Wed, 27 Nov 2024 20:47:00 GMT" }
]`;

describe("parseDirectoryIndex", () => {
  it("reads nginx HTML pages: folders by trailing '/', full names from href, URL-decoded", () => {
    assert.deepEqual(parse(NGINX_HTML, "text/html"), {
      keys: ["a_very_long_file_name_that_nginx_cuts_in_the_link_text_0.0", "x y#z"],
      prefixes: ["acquisition"],
    });
  });

  it("reads Apache pages: drops sort, parent, anchor, off-site and deeper links; decodes entities", () => {
    assert.deepEqual(parse(APACHE_HTML, "text/html;charset=UTF-8"), {
      keys: [".zattrs", "a&b", "abs"],
      prefixes: ["acquisition", "full"],
    });
  });

  it("reads nginx JSON indexes, keeping only files and directories", () => {
    assert.deepEqual(parse(NGINX_JSON, "application/json"), { keys: [".zgroup"], prefixes: ["acquisition"] });
    assert.deepEqual(parse(NGINX_JSON, null), { keys: [".zgroup"], prefixes: ["acquisition"] });
    assert.deepEqual(parse("[]", "application/json"), { keys: [], prefixes: [] });
  });

  it("accepts an empty folder's page and a page served without a content type", () => {
    const empty = "<!DOCTYPE HTML><html><head><title>Directory listing for /x/</title></head><body><ul></ul></body></html>";
    assert.deepEqual(parse(empty, "text/html"), { keys: [], prefixes: [] });
    assert.deepEqual(parse(NGINX_HTML, null), parse(NGINX_HTML, "text/html"));
  });

  it("says 'not an index' for other answers", () => {
    assert.equal(parse("\x89HDF\r\n", "application/octet-stream"), undefined);
    assert.equal(parse('{"zarr_format": 2}', "application/json"), undefined);
    assert.equal(parse('[{"no_name": 1}]', "application/json"), undefined);
    assert.equal(parse("[1, 2", "application/json"), undefined);
    assert.equal(parse('<?xml version="1.0"?><ListBucketResult><Contents><Key>a</Key></Contents></ListBucketResult>', "application/xml"), undefined);
    // An app page answering every URL: links, but none to a child, and no index title.
    const app = '<!doctype html><html><body><a href="/">home</a><a href="https://example.org/">docs</a></body></html>';
    assert.equal(parse(app, "text/html"), undefined);
    assert.equal(parse("<a href=", "text/plain"), undefined);
  });

  it("stays linear on hostile pages", () => {
    const hostile = "<html>" + "<a ".repeat(200_000) + "<a href='" + "x".repeat(100_000);
    const t0 = performance.now();
    assert.equal(parse(hostile, "text/html"), undefined);
    assert.ok(performance.now() - t0 < 1000, `took ${performance.now() - t0} ms`);
  });
});
