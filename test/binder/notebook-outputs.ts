/** Reading an executed notebook's saved outputs (nbformat 4 JSON) in the demo tests. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { HDMF_ZARR_MIME, type ReprPayload } from "../../src/index.js";

type MultiLine = string | string[];

export interface NbOutput {
  output_type: string;
  name?: string;
  text?: MultiLine;
  data?: Record<string, unknown>;
}

export interface NbCell {
  id: string;
  cell_type: string;
  source: MultiLine;
  outputs?: NbOutput[];
}

export interface Notebook {
  cells: NbCell[];
  metadata: { kernelspec?: { name?: string; language?: string } };
}

/** nbformat stores text either whole or as a list of lines. */
export const joined = (s: MultiLine | undefined): string => (Array.isArray(s) ? s.join("") : s ?? "");

export function readNotebook(path: string): Notebook {
  return JSON.parse(readFileSync(path, "utf8")) as Notebook;
}

export function cellById(nb: Notebook, id: string): NbCell {
  const c = nb.cells.find((x) => x.id === id);
  assert.ok(c, `cell ${id} exists`);
  return c;
}

/** Problems of the code cells: no output (tslab aborts the cell after a failure), an error, stderr. */
export function cellProblems(nb: Notebook): string[] {
  const problems: string[] = [];
  for (const c of nb.cells.filter((x) => x.cell_type === "code")) {
    const outs = c.outputs ?? [];
    if (outs.length === 0) problems.push(`${c.id}: no output`);
    for (const o of outs) {
      if (o.output_type === "error") problems.push(`${c.id}: error output`);
      if (o.output_type === "stream" && o.name === "stderr") problems.push(`${c.id}: stderr: ${joined(o.text).trim()}`);
    }
  }
  return problems;
}

/** The stdout of a cell, line by line. */
export function stdoutOf(nb: Notebook, id: string): string[] {
  const text = (cellById(nb, id).outputs ?? [])
    .filter((o) => o.output_type === "stream" && o.name === "stdout")
    .map((o) => joined(o.text))
    .join("");
  return text.replace(/\n$/, "").split("\n");
}

/** The hdmf-zarr payload of a cell's display_data, which must also carry HTML and plain text. */
export function payloadOf(nb: Notebook, id: string): { payload: ReprPayload; html: string } {
  const shown = (cellById(nb, id).outputs ?? []).filter((o) => o.output_type === "display_data");
  assert.equal(shown.length, 1, `${id}: one display_data`);
  const data = shown[0].data ?? {};
  assert.ok(joined(data["text/plain"] as MultiLine).length > 0, `${id}: text/plain present`);
  const payload = data[HDMF_ZARR_MIME] as ReprPayload | undefined;
  assert.ok(payload && typeof payload === "object", `${id}: ${HDMF_ZARR_MIME} holds a JSON object`);
  return { payload, html: joined(data["text/html"] as MultiLine) };
}
