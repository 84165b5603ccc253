/**
 * The few S3 XML documents read here (ListObjectsV2 pages, error documents), read with regular
 * expressions: they are flat, machine-written, and a DOM parser is not in Node.
 */

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** XML text with its entities and character references decoded. */
export function xmlText(raw: string): string {
  return raw.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === "#") return String.fromCodePoint(name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : Number(name.slice(1)));
    return ENTITIES[name] ?? whole;
  });
}

/** The decoded text of each `<tag>…</tag>` in `xml` (an empty `<tag/>` gives ""). */
export function xmlAll(xml: string, tag: string): string[] {
  const out: string[] = [];
  for (const m of xml.matchAll(new RegExp(`<${tag}(?:\\s[^>]*)?(?:/>|>([\\s\\S]*?)</${tag}>)`, "g"))) out.push(m[1] ?? "");
  return out;
}

/** The decoded text of the first `<tag>` in `xml`, or undefined. */
export function xmlOne(xml: string, tag: string): string | undefined {
  const raw = xmlAll(xml, tag)[0];
  return raw === undefined ? undefined : xmlText(raw);
}
