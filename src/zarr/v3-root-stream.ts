/**
 * The outline scan of a v3 root `zarr.json` done while its bytes arrive: each piece is decoded and
 * the consolidated entries it completes are recorded (where each one lies, by node path), so that
 * when the last byte is in, only the last piece and the few members around the entries are left
 * to scan (`readV3Root` with the entries scanned). The scan follows the common layout only; a text
 * it cannot follow this way (no consolidated `metadata` object found near the start, a bad member)
 * is left to the whole scan of `readV3Root`, which reports what is wrong as before.
 */
import { JsonScanError, forEachMember, keyText, skipSpace, smallValueEnd, stringEnd } from "./json-scan.js";
import { newEntryMap, recordEntry, V3EntrySpans, type V3EntriesScan } from "./consolidated.js";
import { addChildPath, type ChildLists } from "./child-lists.js";

/** A root document as its scan ends: its whole text, and its entries when they were scanned as they came. */
export interface ScannedV3Root {
  /** The whole text, joined from the decoded pieces on the first call (opening from `entries.apart` needs none). */
  text: () => string;
  /** How many bytes the text was decoded from. */
  bytes: number;
  entries?: V3EntriesScan;
}

/** Thrown inside the head's scan when the entries' object is found: where its `{` is. */
class EntriesFound {
  constructor(readonly at: number) {}
}

/**
 * Where the consolidated `metadata` object of a root document starts in `head` (the text so far):
 * a position, "later" when the text so far does not tell, "none" when the document is whole and
 * has none (then there is nothing to scan as it arrives).
 */
function entriesStart(head: string): number | "later" | "none" {
  const objectAt = (i: number) => head.charCodeAt(i) === 0x7b;
  try {
    forEachMember(head, skipSpace(head, 0), (k0, k1, v) => {
      if (!objectAt(v) || keyText(head, k0, k1) !== "consolidated_metadata") return undefined;
      return forEachMember(head, v, (m0, m1, at) => {
        if (objectAt(at) && keyText(head, m0, m1) === "metadata") throw new EntriesFound(at);
        return undefined;
      });
    });
    return "none";
  } catch (e) {
    if (e instanceof EntriesFound) return e.at;
    if (e instanceof JsonScanError) return "later"; // the text so far ends inside a member
    throw e;
  }
}

/** Text held back before a scan is tried again grows by this factor (a huge member is not rescanned per piece). */
const RETRY_GROWTH = 2;
/** Text is scanned once this much is held (fewer, longer scans than one per network piece). */
const SCAN_CHARS = 256 << 10;

/**
 * Where `bytes` may be cut so that decoding the two parts apart gives the text of the whole: after
 * an ASCII byte or before a lead byte among its last 4, else at its end (no UTF-8 sequence is
 * longer: the last bytes then end a sequence or are stray continuation bytes).
 */
function utf8Cut(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let k = n - 1; k >= Math.max(0, n - 4); k--) {
    const b = bytes[k];
    if (b < 0x80) return k + 1;
    if (b >= 0xc0) return k;
  }
  return n;
}

/**
 * Scans a v3 root `zarr.json` piece by piece: `push` each piece of its bytes as it arrives, `end`
 * after the last. Decoding and most of the outline scan then overlap the download.
 */
export class V3RootStreamScan {
  /** The first piece's decoder drops a byte-order mark, as decoding the whole would; the others keep it. */
  private readonly firstDecoder = new TextDecoder();
  private readonly decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  /** The bytes after the last place a piece could be cut (part of a character), decoded with the next piece. */
  private carry = new Uint8Array(0);
  private decodedBytes = 0;
  /** The decoded pieces, joined at the end. */
  private readonly pieces: string[] = [];
  private bytes = 0;
  /** "head": looking for the entries' object; "entries": recording them; "tail": after them; "rest": given up. */
  private phase: "head" | "entries" | "tail" | "rest" = "head";
  /** The text before the entries' object, and after it. */
  private head = "";
  private tail = "";
  /** The texts the entries were scanned in (`segmentAt`: where each starts in the whole text) and each entry's one, by index. */
  private readonly segments: string[] = [];
  private readonly segmentAt: number[] = [];
  private segmentOf = new Uint32Array(1024);
  /** Text not yet scanned (the head, or the entries from the last one incomplete), and where it starts in the whole text. */
  private held = "";
  private heldAt = 0;
  /** The held text's length below which no new scan is tried. */
  private retryAt = 0;
  /** Whether a member of the entries' object was read (a '}' then ends it only right after a member). */
  private seenMember = false;
  private readonly entries = newEntryMap();
  private readonly spans = new V3EntrySpans();
  /** The entries' paths grouped by parent as they are recorded (the hierarchy's child index, built while the bytes arrive). */
  private readonly childLists: ChildLists = new Map();
  private entriesAt = -1;
  private entriesEnd = -1;
  private ended = false;
  private result?: ScannedV3Root;
  private readonly scanChars: number;

  /** @param scanChars text held before it is scanned (default 256 Ki characters; tests scan each piece). */
  constructor(options: { scanChars?: number } = {}) {
    this.scanChars = options.scanChars ?? SCAN_CHARS;
  }

  /** The next piece of the document's bytes. */
  push(piece: Uint8Array): void {
    if (this.ended) throw new Error("V3RootStreamScan: push after end");
    this.bytes += piece.byteLength;
    let all = piece;
    if (this.carry.length) {
      all = new Uint8Array(this.carry.length + piece.length);
      all.set(this.carry);
      all.set(piece, this.carry.length);
    }
    const cut = utf8Cut(all);
    this.carry = all.slice(cut);
    this.take(this.decode(all.subarray(0, cut)), false);
  }

  /** The document is complete: its text and its entries, when they were scanned (the same answer when asked again). */
  end(): ScannedV3Root {
    if (!this.result) {
      this.take(this.decode(this.carry), true);
      this.ended = true;
      let whole: string | undefined;
      const text = () => {
        if (whole === undefined) {
          whole = this.pieces.length === 1 ? this.pieces[0] : this.pieces.join("");
          this.pieces.length = 0; // the joined text holds them now
          this.segments.length = 0; // and entries are sliced from it (readV3Root stops asking entryText)
        }
        return whole;
      };
      const { segments, segmentAt, segmentOf, spans } = this;
      const entryText = (i: number) => {
        const k = segmentOf[i];
        return segments[k].slice(spans.starts[i] - segmentAt[k], spans.ends[i] - segmentAt[k]);
      };
      const apart = this.phase === "tail" ? { skeleton: `${this.head}{}${this.tail}`, at: this.head.length, entryText } : undefined;
      const entries = this.entriesEnd >= 0 ? { start: this.entriesAt, end: this.entriesEnd, entries: this.entries, spans, childLists: this.childLists, apart } : undefined;
      this.result = { text, bytes: this.bytes, entries };
    }
    return this.result;
  }

  /**
   * Decoded apart, as a non-streaming decode: Node's streaming decode is several times slower, and
   * the pieces are cut between characters (`utf8Cut`).
   */
  private decode(bytes: Uint8Array): string {
    const text = (this.decodedBytes === 0 ? this.firstDecoder : this.decoder).decode(bytes);
    this.decodedBytes += bytes.length;
    return text;
  }

  /** Take the next decoded text; `last`: the document is complete (what is held is scanned now). */
  private take(piece: string, last: boolean): void {
    if (piece) this.pieces.push(piece);
    if (this.phase === "rest") return;
    if (this.phase === "tail") {
      this.tail += piece;
      return;
    }
    this.held += piece;
    if (!last && this.held.length < Math.max(this.retryAt, this.scanChars)) return;
    if (this.phase === "head") {
      const at = entriesStart(this.held);
      if (at === "later") return this.holdBack(0);
      if (at === "none") return this.giveUp();
      this.phase = "entries";
      this.entriesAt = this.heldAt + at;
      this.head = this.held.slice(0, at);
      this.held = this.held.slice(at + 1);
      this.heldAt += at + 1;
    }
    this.scanEntries();
  }

  /** Keep the held text from `from` on for the next piece, and try again once enough has come. */
  private holdBack(from: number): void {
    if (from > 0) {
      this.held = this.held.slice(from);
      this.heldAt += from;
    }
    this.retryAt = this.held.length * RETRY_GROWTH;
  }

  /** Leave the whole text to `readV3Root`'s scan. */
  private giveUp(): void {
    this.phase = "rest";
    this.held = "";
  }

  /**
   * Record the members of the entries' object that the held text holds whole (a member counts once
   * the ',' or '}' after it has come), as `v3Outline` records them.
   */
  private scanEntries(): void {
    const t = this.held;
    const n = t.length;
    const segment = this.segments.push(t) - 1;
    this.segmentAt.push(this.heldAt);
    let p = 0;
    for (;;) {
      const q = skipSpace(t, p);
      if (q >= n) return this.holdBack(p);
      const c = t.charCodeAt(q);
      if (c === 0x7d && !this.seenMember) return this.close(q);
      if (c !== 0x22) return this.giveUp();
      let end: number;
      let keyEnd: number;
      let d: number;
      try {
        keyEnd = stringEnd(t, q);
        const colon = skipSpace(t, keyEnd);
        if (colon >= n) return this.holdBack(p);
        if (t.charCodeAt(colon) !== 0x3a) return this.giveUp();
        const v = skipSpace(t, colon + 1);
        if (v >= n) return this.holdBack(p);
        end = smallValueEnd(t, v);
        d = skipSpace(t, end);
        if (d >= n) return this.holdBack(p); // a number or word may go on in the next piece
        const after = t.charCodeAt(d);
        if (after !== 0x2c && after !== 0x7d) return this.giveUp();
        const path = recordEntry(this.entries, this.spans, t, q + 1, keyEnd - 1, v, end, this.heldAt);
        this.noteSegment(this.spans.length - 1, segment);
        if (path !== "") addChildPath(this.childLists, path);
        if (after === 0x7d) return this.close(d);
      } catch (e) {
        if (e instanceof JsonScanError) return this.holdBack(p); // the member goes on in the next piece (or is bad: the whole scan says so)
        throw e;
      }
      this.seenMember = true;
      p = d + 1;
    }
  }

  /** Entry `i` was scanned in segment `k`. */
  private noteSegment(i: number, k: number): void {
    if (i === this.segmentOf.length) {
      const grown = new Uint32Array(i * 2);
      grown.set(this.segmentOf);
      this.segmentOf = grown;
    }
    this.segmentOf[i] = k;
  }

  /** The entries' object ends at the held text's `}` at `at`: what follows is the tail. */
  private close(at: number): void {
    this.entriesEnd = this.heldAt + at + 1;
    this.tail = this.held.slice(at + 1);
    this.held = "";
    this.phase = "tail";
  }
}
