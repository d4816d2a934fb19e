/**
 * Bar charts with value labels (stage funnels, outcome buckets, probabilities) and per-year lines of several
 * series (probabilities of exhaustion and 熔断 by year).
 */
import type { TopLevelSpec } from "vega-lite";
import { COLORS, frame } from "./theme.ts";

export interface BarRow {
  label: string;
  value: number;
  /** A reference value drawn as a tick on the bar (e.g. a published benchmark); null where there is none. */
  benchmark: number | null;
}

export interface BarInput {
  title: string;
  subtitle?: string;
  valueTitle: string;
  valueFormat: string;
  rows: readonly BarRow[];
  /** Legend labels when benchmarks are drawn; without them no legend. */
  legend?: { value: string; benchmark: string };
}

export function barChart(input: Readonly<BarInput>): TopLevelSpec {
  const y = { field: "label", type: "nominal" as const, title: null, sort: null, axis: { labelLimit: 220 } };
  const x = {
    field: "value",
    type: "quantitative" as const,
    title: input.valueTitle,
    axis: { format: input.valueFormat },
  };
  const legend = input.legend;
  // Legends need a field: each layer names its series with a constant (a JSON string is a vega expression).
  const series = (label: string) => ({ calculate: JSON.stringify(label), as: "series" });
  const color = {
    field: "series",
    type: "nominal" as const,
    scale: legend ? { domain: [legend.value, legend.benchmark], range: [COLORS.main, COLORS.accent] } : {},
    legend: { title: null },
  };
  const benchmark = legend
    ? [
        {
          mark: { type: "tick" as const, thickness: 3, size: 22 },
          transform: [{ filter: "isValid(datum.benchmark)" }, series(legend.benchmark)],
          encoding: { y, x: { ...x, field: "benchmark" }, color },
        },
      ]
    : [];
  return {
    ...frame(input.title, input.subtitle, { step: 28 }),
    data: { values: input.rows.map((r) => ({ ...r })) },
    layer: [
      legend
        ? { mark: { type: "bar", size: 18 }, transform: [series(legend.value)], encoding: { y, x, color } }
        : { mark: { type: "bar", size: 18, color: COLORS.main }, encoding: { y, x } },
      {
        mark: { type: "text", align: "left", dx: 4, color: "#2d3748", fontSize: 11 },
        encoding: { y, x, text: { field: "value", type: "quantitative", format: input.valueFormat } },
      },
      ...benchmark,
    ],
  };
}

export interface YearLineRow {
  year: number;
  series: string;
  value: number;
}

export interface YearLinesInput {
  title: string;
  subtitle?: string;
  xTitle: string;
  yTitle: string;
  yFormat: string;
  /** Series names in legend order. */
  series: readonly string[];
  rows: readonly YearLineRow[];
}

export function yearLinesChart(input: Readonly<YearLinesInput>): TopLevelSpec {
  const color = { field: "series", type: "nominal" as const, title: null, scale: { domain: [...input.series] } };
  const x = {
    field: "year",
    type: "quantitative" as const,
    title: input.xTitle,
    axis: { format: "d", tickMinStep: 1 },
  };
  const y = { field: "value", type: "quantitative" as const, title: input.yTitle, axis: { format: input.yFormat } };
  return {
    ...frame(input.title, input.subtitle),
    data: { values: input.rows.map((r) => ({ ...r })) },
    layer: [
      { mark: { type: "line", strokeWidth: 2 }, encoding: { x, y, color } },
      { mark: { type: "point", filled: true, size: 30 }, encoding: { x, y, color } },
    ],
  };
}
