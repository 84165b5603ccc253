/**
 * Text from files, made safe to print on a terminal. Names, attribute values and messages read
 * from a store may hold control characters: an escape sequence (ESC, CSI) can recolour or clear
 * the screen or retitle the window, OSC 52 writes the clipboard, a carriage return overwrites what
 * was printed, BEL rings, and bidi overrides make text read differently than it is. Every such
 * character is shown as a visible escape (`\x1b`, `\r`, `\u202e`) instead, and a backslash as `\\`, so
 * that a name holding the four characters `\x1b` never prints like one holding a real ESC.
 */

/**
 * C0 controls (but tab and newline, handled apart), DEL, C1 controls, and the Unicode format
 * characters that reorder or hide text: bidi marks, embeddings, overrides and isolates, the
 * line and paragraph separators, zero-width characters, and the byte-order mark.
 */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

/** What terminalText escapes: the unsafe characters, and the backslash that starts every escape. */
const UNSAFE_OR_BACKSLASH = /[\\\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

const NAMED: Readonly<Record<string, string>> = { "\\": "\\\\", "\r": "\\r", "\t": "\\t", "\n": "\\n", "\b": "\\b", "\f": "\\f", "\v": "\\v" };

function visible(c: string): string {
  const named = NAMED[c];
  if (named) return named;
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

/** Options of {@link terminalText}. */
export interface TerminalTextOptions {
  /** Keep newlines (and tabs) as they are, for multi-line messages; default false (one line). */
  multiline?: boolean;
}

/**
 * `text` with every character that could act on a terminal shown as an escape: C0 and C1 controls
 * (ESC, CSI, OSC, BEL, CR, …), DEL, bidi controls and invisible format characters. A backslash
 * is always doubled, so every escape reads one way only. Newlines and tabs are escaped too unless
 * `multiline`.
 */
export function terminalText(text: string, options: TerminalTextOptions = {}): string {
  const out = text.replace(UNSAFE_OR_BACKSLASH, visible);
  return options.multiline ? out : out.replace(/[\n\t]/g, visible);
}

/**
 * JSON for a terminal: `JSON.stringify` escapes C0 controls itself, but leaves DEL, C1 controls
 * and bidi controls raw; those become `\uXXXX` escapes, so the output is still the same JSON.
 */
export function terminalJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
