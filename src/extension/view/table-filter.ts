/** The filter box of a DynamicTable: `column op value` rows, combined with AND. */
import { actionButton, el } from "./dom.js";
import { FILTER_OPS, parseFilter, type FilterCondition } from "./model/table-query.js";

/**
 * A filter box over the scalar `columns`: each row picks a column and an operator and takes a
 * value; `onChange` gets the complete, valid rows whenever one changes (Enter or leaving the value).
 */
export function filterBox(columns: readonly string[], onChange: (filters: FilterCondition[]) => void): HTMLElement {
  const box = el("div", "tableFilter");
  const list = el("div", "filterRows");
  const status = el("span", "filterStatus");
  const rows: Array<() => FilterCondition | { error: string } | null> = [];
  const apply = (): void => {
    const parsed = rows.map((r) => r());
    const error = parsed.find((p): p is { error: string } => p !== null && "error" in p);
    status.textContent = error ? `⚠ ${error.error}` : "";
    onChange(parsed.filter((p): p is FilterCondition => p !== null && !("error" in p)));
  };
  const addRow = (): void => {
    const row = el("div", "filterRow");
    const col = el("select", "filterColumn");
    col.setAttribute("aria-label", "filter column");
    for (const c of columns) col.append(new Option(c, c));
    const op = el("select", "filterOp");
    op.setAttribute("aria-label", "filter operator");
    for (const o of FILTER_OPS) op.append(new Option(o, o));
    const value = el("input", "filterValue");
    value.type = "text";
    value.placeholder = "value";
    value.setAttribute("aria-label", "filter value");
    const remove = actionButton("remove-filter", "×", "remove this filter");
    const read = (): FilterCondition | { error: string } | null => (value.value.trim() === "" ? null : parseFilter(`${col.value} ${op.value} ${value.value}`, columns));
    rows.push(read);
    col.addEventListener("change", apply);
    op.addEventListener("change", apply);
    value.addEventListener("change", apply);
    value.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter") apply();
    });
    remove.addEventListener("click", () => {
      rows.splice(rows.indexOf(read), 1);
      row.remove();
      apply();
    });
    row.append(col, op, value, remove);
    list.append(row);
  };
  const add = actionButton("add-filter", "+ filter", "add a filter row (rows combine with AND)");
  add.addEventListener("click", () => {
    addRow();
    list.lastElementChild?.querySelector("input")?.focus();
  });
  box.append(el("span", "filterLabel", "Filter"), list, add, status);
  return box;
}
