/**
 * The `{{ … }}` expressions of kerchunk reference files (spec version 1): template names in URLs
 * (`"{{u}}"`) and, in `gen` entries, integer arithmetic on the dimension variables
 * (`"{{(i + 1) * 1000}}"`). fsspec renders them with jinja2; this evaluates the subset the spec's
 * examples and kerchunk's writers use — names, integers, quoted strings, `+ - * // %`, unary minus
 * and parentheses — and refuses anything else (a call, `/`, a filter) with an error rather than
 * guessing. No Node imports.
 */

/** A value an expression can take. */
export type TemplateValue = number | string;

/** Thrown for an expression outside the supported subset or a name that is not defined. */
export class TemplateError extends Error {}

type Token = { kind: "num"; value: number } | { kind: "str"; value: string } | { kind: "name"; value: string } | { kind: "op"; value: string };

function tokenize(expr: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < expr.length) {
    const c = expr[i];
    if (/\s/.test(c)) {
      i++;
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+/.exec(expr.slice(i))![0];
      if (/^[.eE]/.test(expr.slice(i + m.length))) throw new TemplateError(`only whole numbers are supported in '${expr}'`);
      tokens.push({ kind: "num", value: Number(m) });
      i += m.length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(expr.slice(i))![0];
      tokens.push({ kind: "name", value: m });
      i += m.length;
    } else if (c === "'" || c === '"') {
      const close = expr.indexOf(c, i + 1);
      if (close < 0) throw new TemplateError(`unterminated string in '${expr}'`);
      tokens.push({ kind: "str", value: expr.slice(i + 1, close) });
      i = close + 1;
    } else if (expr.startsWith("//", i)) {
      tokens.push({ kind: "op", value: "//" });
      i += 2;
    } else if ("+-*%()".includes(c)) {
      tokens.push({ kind: "op", value: c });
      i++;
    } else {
      throw new TemplateError(`'${c}' is not supported in the expression '${expr}' (supported: names, integers, strings, + - * // % and parentheses)`);
    }
  }
  return tokens;
}

/** Python's floor division and modulo, which jinja2 follows. */
function floorDiv(a: number, b: number): number {
  return Math.floor(a / b);
}
function floorMod(a: number, b: number): number {
  return a - b * Math.floor(a / b);
}

/** Evaluate one expression (the text between `{{` and `}}`) with `vars`. */
export function evaluateExpression(expr: string, vars: ReadonlyMap<string, TemplateValue>): TemplateValue {
  const tokens = tokenize(expr);
  let pos = 0;
  const peek = () => tokens[pos];
  const isOp = (t: Token | undefined, ...ops: string[]) => t?.kind === "op" && ops.includes(t.value);

  const arith = (op: string, a: TemplateValue, b: TemplateValue): TemplateValue => {
    if (op === "+" && typeof a === "string" && typeof b === "string") return a + b;
    if (typeof a !== "number" || typeof b !== "number") throw new TemplateError(`'${op}' needs two numbers (or, for '+', two strings) in '${expr}'`);
    if ((op === "//" || op === "%") && b === 0) throw new TemplateError(`division by zero in '${expr}'`);
    const r = op === "+" ? a + b : op === "-" ? a - b : op === "*" ? a * b : op === "//" ? floorDiv(a, b) : floorMod(a, b);
    if (!Number.isSafeInteger(r)) throw new TemplateError(`'${expr}' leaves the range of exact integers`);
    return r;
  };
  const primary = (): TemplateValue => {
    const t = tokens[pos++];
    if (!t) throw new TemplateError(`the expression '${expr}' ends too soon`);
    if (t.kind === "num" || t.kind === "str") return t.value;
    if (t.kind === "name") {
      if (isOp(peek(), "(")) throw new TemplateError(`calls such as '${t.value}(…)' are not supported in '${expr}'`);
      const v = vars.get(t.value);
      if (v === undefined) throw new TemplateError(`'${t.value}' is not defined (in '${expr}')`);
      return v;
    }
    if (t.value === "(") {
      const v = sum();
      if (!isOp(tokens[pos++], ")")) throw new TemplateError(`missing ')' in '${expr}'`);
      return v;
    }
    if (t.value === "-") {
      const v = primary();
      if (typeof v !== "number") throw new TemplateError(`'-' needs a number in '${expr}'`);
      return -v;
    }
    throw new TemplateError(`unexpected '${t.value}' in '${expr}'`);
  };
  const product = (): TemplateValue => {
    let v = primary();
    while (isOp(peek(), "*", "//", "%")) v = arith(tokens[pos++].value as string, v, primary());
    return v;
  };
  const sum = (): TemplateValue => {
    let v = product();
    while (isOp(peek(), "+", "-")) v = arith(tokens[pos++].value as string, v, product());
    return v;
  };
  const value = sum();
  if (pos < tokens.length) throw new TemplateError(`unexpected text after the value in '${expr}'`);
  return value;
}

/** `text` with every `{{ expression }}` replaced by its value. */
export function renderTemplate(text: string, vars: ReadonlyMap<string, TemplateValue>): string {
  if (!text.includes("{{")) return text;
  let out = "";
  let i = 0;
  for (;;) {
    const open = text.indexOf("{{", i);
    if (open < 0) return out + text.slice(i);
    const close = text.indexOf("}}", open + 2);
    if (close < 0) throw new TemplateError(`'{{' without '}}' in '${text}'`);
    out += text.slice(i, open) + String(evaluateExpression(text.slice(open + 2, close), vars));
    i = close + 2;
  }
}
