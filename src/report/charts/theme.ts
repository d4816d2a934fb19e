/**
 * One look for every chart: fonts that cover Chinese, quiet axes, a small palette. Kept in each spec's `config` so
 * a spec renders the same anywhere (the HTML embeds the specs next to their SVGs).
 */
import type { Config, TopLevelSpec } from "vega-lite";

export const FONT =
  "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei','WenQuanYi Micro Hei',system-ui,-apple-system,'Segoe UI',Helvetica,Arial,sans-serif";

export const COLORS = {
  main: "#2b6cb0",
  band90: "#bcd4ee",
  band50: "#7fa9d9",
  muted: "#8a94a6",
  accent: "#dd6b20",
  bad: "#c53030",
  good: "#2f855a",
  second: "#805ad5",
} as const;

export const CATEGORY = [COLORS.main, COLORS.accent, COLORS.good, COLORS.second, COLORS.bad, "#d69e2e", "#319795"];

export const WIDTH = 480;
export const HEIGHT = 200;
export const SCHEMA_URL = "https://vega.github.io/schema/vega-lite/v5.json";

export const THEME: Config = {
  font: FONT,
  background: "#ffffff",
  padding: 8,
  view: { stroke: null },
  title: {
    fontSize: 14,
    fontWeight: 600,
    anchor: "start",
    color: "#1a202c",
    subtitleFontSize: 11,
    subtitleColor: "#4a5568",
    offset: 10,
  },
  axis: {
    labelFontSize: 11,
    titleFontSize: 11,
    titleFontWeight: 500,
    titleColor: "#2d3748",
    labelColor: "#2d3748",
    gridColor: "#edf0f4",
    domainColor: "#a0aec0",
    tickColor: "#a0aec0",
  },
  legend: { labelFontSize: 11, titleFontSize: 11, orient: "top", symbolSize: 120, labelLimit: 320 },
  range: { category: CATEGORY },
};

/** One entry of a layered spec's `layer` list. */
export type Layer = Extract<TopLevelSpec, { layer: unknown }>["layer"][number];

/**
 * The head every chart spec starts with: schema, title (with the subtitle when there is one), size and theme — in
 * this key order, which the golden specs pin.
 */
export function frame(title: string, subtitle: string | undefined, height: number | { step: number } = HEIGHT) {
  return {
    $schema: SCHEMA_URL,
    title: subtitle ? { text: title, subtitle } : { text: title },
    width: WIDTH,
    height,
    config: THEME,
  };
}
