/** WCAG 2 contrast of text on the page, from computed styles (for the theme tests). */
import type { Page } from "playwright-core";

/**
 * Contrast ratios of the text of the elements `selector` matches inside `within` (the visible browser), as
 * WCAG 2 defines them: the text colour (its alpha composited) against the background found by
 * composing the backgrounds of the element and its ancestors, from computed styles.
 */
export async function contrasts(page: Page, selector: string, within = ".jp-HdmfZarr-panel:not(.lm-mod-hidden) .jp-HdmfZarr-browser"): Promise<{ text: string; ratio: number; color: string; background: string }[]> {
  // A string, not a function: the TypeScript loader would add helpers the page does not have.
  return (await page.evaluate(`(() => {
    const parse = (c) => { const m = c.match(/[\\d.]+/g).map(Number); return { r: m[0], g: m[1], b: m[2], a: m.length > 3 ? m[3] : 1 }; };
    const over = (top, below) => ({ r: top.r * top.a + below.r * (1 - top.a), g: top.g * top.a + below.g * (1 - top.a), b: top.b * top.a + below.b * (1 - top.a), a: 1 });
    const lum = (c) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
    const backgroundOf = (node) => {
      const layers = [];
      for (let n = node; n; n = n.parentElement) {
        const bg = parse(getComputedStyle(n).backgroundColor);
        if (bg.a > 0) layers.push(bg);
        if (bg.a >= 1) break;
      }
      let out = { r: 255, g: 255, b: 255, a: 1 };
      for (let i = layers.length - 1; i >= 0; i--) out = over(layers[i], out);
      return out;
    };
    const root = document.querySelector(${JSON.stringify(within)});
    return [...root.querySelectorAll(${JSON.stringify(selector)})].filter((n) => n.textContent.trim() && n.getClientRects().length).map((n) => {
      const bg = backgroundOf(n);
      const fg = over(parse(getComputedStyle(n).color), bg);
      const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
      return { text: n.textContent.trim().slice(0, 40), ratio: (hi + 0.05) / (lo + 0.05), color: getComputedStyle(n).color, background: JSON.stringify(bg) };
    });
  })()`)) as { text: string; ratio: number; color: string; background: string }[];
}
