/**
 * Inline styles of the HTML repr. No `<style>` element and no classes are needed: everything is
 * in `style` attributes, so the markup looks the same wherever it lands (JupyterLab, VS Code,
 * nbviewer, a plain page).
 *
 * Theme: each colour or font is declared twice, first as a plain value that reads on light and
 * dark backgrounds alike (greys with alpha, inherited text colour), then as a JupyterLab `--jp-*`
 * variable with the same fallback. A trusted notebook uses the variable (so the repr follows the
 * light or dark theme); an untrusted one has its `var()` declarations removed by JupyterLab's
 * sanitizer, which keeps the plain ones.
 */

/**
 * A declaration with a plain value, then the same property through a `--jp-*` variable;
 * `prefix` goes before the value (`1px solid ` for a border colour).
 */
function themed(property: string, variable: string, plain: string, prefix = ""): string {
  return `${property}: ${prefix}${plain}; ${property}: ${prefix}var(${variable}, ${plain})`;
}

const UI_FONT = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";
const CODE_FONT = "Menlo, Consolas, 'DejaVu Sans Mono', monospace";
const MUTED = "gray";
const BORDER = "rgba(128, 128, 128, 0.3)";
const SOFT_BG = "rgba(128, 128, 128, 0.08)";
const ACCENT = "rgb(25, 118, 210)";

const muted = themed("color", "--jp-content-font-color2", MUTED);
// Set on containers (tables, blocks): cells inherit it, which keeps the markup small.
const code = `${themed("font-family", "--jp-code-font-family", CODE_FONT)}; font-size: 12px`;
const border = (side: string) => themed(`border-${side}`, "--jp-border-color2", BORDER, "1px solid ");
const cellPad = "padding: 1px 14px 1px 0; vertical-align: top";

/** Style strings, by role. */
export const S = {
  root: [
    themed("font-family", "--jp-ui-font-family", UI_FONT),
    "font-size: 13px", "line-height: 1.4", "color: inherit", "max-width: 980px",
    themed("border", "--jp-border-color2", BORDER, "1px solid "),
    "border-radius: 4px", "margin: 4px 0", "padding: 0", "overflow-x: auto",
  ].join("; "),
  header: [themed("background-color", "--jp-layout-color2", SOFT_BG), "padding: 8px 12px", border("bottom")].join("; "),
  kind: [muted, "font-size: 11px", "text-transform: uppercase", "letter-spacing: 1px", "margin-right: 8px"].join("; "),
  name: ["font-size: 14px", "font-weight: 600", "margin-right: 8px"].join("; "),
  badge: [
    themed("color", "--jp-brand-color1", ACCENT), themed("border", "--jp-brand-color1", ACCENT, "1px solid "),
    "border-radius: 3px", "padding: 0 5px", "font-size: 11px", "font-weight: 600", "white-space: nowrap",
  ].join("; "),
  badgeNamespace: [muted, "font-weight: normal", "margin-left: 4px"].join("; "),
  path: [code, muted, "margin-top: 2px", "word-break: break-all"].join("; "),
  facts: "margin-top: 4px",
  factSep: [muted, "margin: 0 6px"].join("; "),
  strong: "font-weight: 600",
  muted,
  code,
  section: ["padding: 6px 12px", border("bottom")].join("; "),
  lastSection: "padding: 6px 12px",
  summary: ["cursor: pointer", "font-weight: 600", "padding: 2px 0"].join("; "),
  count: [muted, "font-weight: normal", "margin-left: 4px"].join("; "),
  table: [code, "border-collapse: collapse", "margin: 4px 0 4px 14px", "text-align: left"].join("; "),
  keyCell: [muted, cellPad, "white-space: nowrap", "font-weight: normal", "text-align: left"].join("; "),
  valueCell: [cellPad, "word-break: break-word"].join("; "),
  gridHead: [muted, "padding: 1px 8px", "text-align: right", "font-weight: normal", border("bottom")].join("; "),
  gridIndex: [muted, "padding: 1px 8px", "text-align: right", "font-weight: normal", border("right")].join("; "),
  gridCell: "padding: 1px 8px; text-align: right; white-space: nowrap",
  gridText: "padding: 1px 8px; text-align: left; white-space: pre-wrap; word-break: break-word",
  note: [muted, "font-size: 12px", "margin: 2px 0 4px 14px"].join("; "),
  error: [themed("color", "--jp-error-color1", "rgb(211, 47, 47)"), "font-size: 12px", "margin: 2px 0 4px 14px"].join("; "),
  treeBox: "margin: 2px 0 2px 14px",
  treeChildren: ["margin-left: 6px", "padding-left: 12px", border("left")].join("; "),
  treeSummary: "cursor: pointer; padding: 1px 0",
  treeLeaf: "padding: 1px 0 1px 14px",
  treeTable: [code, "border-collapse: collapse", "margin: 1px 0"].join("; "),
  treeName: "padding-right: 14px; white-space: nowrap",
  treeCell: [muted, "padding-right: 14px", "white-space: nowrap"].join("; "),
  treeValue: "word-break: break-word",
  linkTarget: themed("color", "--jp-brand-color1", ACCENT),
  groupName: [code, "font-weight: 600"].join("; "),
} as const;
