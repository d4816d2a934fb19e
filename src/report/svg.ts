/**
 * Phase 3 helper: a vega-lite spec → vega → static SVG, in Node, with no network and no canvas. Warnings of both
 * compilers are collected (not printed) so tests can require none and renderers can decide what to do.
 */
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

/** A logger with vega's interface that keeps warnings and errors in a list. */
export function collectingLogger(sink: string[]): vega.LoggerInterface {
  let lvl = vega.Warn;
  const logger: vega.LoggerInterface = {
    level(l?: number) {
      if (l === undefined) return lvl as never;
      lvl = l;
      return logger;
    },
    error(...args: readonly unknown[]) {
      sink.push(`error: ${args.map(String).join(" ")}`);
      return logger;
    },
    warn(...args: readonly unknown[]) {
      sink.push(`warn: ${args.map(String).join(" ")}`);
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
  } as vega.LoggerInterface;
  return logger;
}

/**
 * Width of a text in pixels without a canvas. vega's own estimate (0.8 em per character) is too narrow for Chinese
 * and too wide for digits, so axis labels and legends were laid out wrongly; this one uses per-character classes of
 * a sans-serif font. vega documents replacing `textMetrics.width` for exactly this (as vl-convert does).
 */
export function estimateTextWidth(
  item: { fontSize?: number; fontWeight?: string | number; text?: unknown },
  text?: string,
): number {
  const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
  const s = String(text ?? item.text ?? "").trim();
  let em = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if ((c >= 0x2e80 && c <= 0x9fff) || (c >= 0xff00 && c <= 0xffef) || (c >= 0x3000 && c <= 0x303f)) em += 1;
    else if (/[il.,:;|!'ijt ()[\]]/.test(ch)) em += 0.3;
    else if (/[A-Z%@WMm]/.test(ch)) em += 0.72;
    else em += 0.56;
  }
  const bold = item.fontWeight === "bold" || Number(item.fontWeight) >= 600 ? 1.06 : 1;
  return em * size * bold;
}

export function compileSpec(spec: TopLevelSpec, warnings: string[] = []): vega.Spec {
  return compile(spec, { logger: collectingLogger(warnings) }).spec;
}

/** Renders a vega-lite spec to an SVG string; warnings from compile and from the vega runtime go to `warnings`. */
export async function renderSvg(spec: TopLevelSpec, warnings: string[] = []): Promise<string> {
  (vega as unknown as { textMetrics: { width: typeof estimateTextWidth } }).textMetrics.width = estimateTextWidth;
  const vg = compileSpec(spec, warnings);
  const view = new vega.View(vega.parse(vg), {
    renderer: "none",
    logger: collectingLogger(warnings),
    logLevel: vega.Warn,
  });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
