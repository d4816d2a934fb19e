/**
 * Fan chart of a per-year series: the 5–95% and 25–75% bands across paths and the median line. Input rows are
 * already in display units (money scaled by the report model).
 */
import type { TopLevelSpec } from "vega-lite";
import { COLORS, frame } from "./theme.ts";

export interface FanRow {
  year: number;
  p05: number;
  p25: number;
  p50: number;
  p75: number;
  p95: number;
}

export interface FanInput {
  title: string;
  subtitle?: string;
  xTitle: string;
  yTitle: string;
  /** Legend labels of the outer band, inner band and median line. */
  labels: { outer: string; inner: string; median: string };
  /** d3 format of the y axis. */
  yFormat: string;
  rows: readonly FanRow[];
}

export function fanChart(input: Readonly<FanInput>): TopLevelSpec {
  const { labels } = input;
  // The legend needs a field: each layer names its band with a constant (a JSON string is a vega expression).
  const band = (label: string) => [{ calculate: JSON.stringify(label), as: "band" }];
  const color = {
    field: "band",
    type: "nominal" as const,
    scale: { domain: [labels.outer, labels.inner, labels.median], range: [COLORS.band90, COLORS.band50, COLORS.main] },
    legend: { title: null },
  };
  const y = (field: string) => ({
    field,
    type: "quantitative" as const,
    title: input.yTitle,
    axis: { format: input.yFormat },
  });
  return {
    ...frame(input.title, input.subtitle),
    data: { values: input.rows.map((r) => ({ ...r })) },
    encoding: {
      x: { field: "year", type: "quantitative", title: input.xTitle, axis: { format: "d", tickMinStep: 1 } },
    },
    layer: [
      {
        mark: { type: "area", opacity: 0.9 },
        transform: band(labels.outer),
        encoding: { y: y("p05"), y2: { field: "p95" }, color },
      },
      {
        mark: { type: "area", opacity: 0.9 },
        transform: band(labels.inner),
        encoding: { y: y("p25"), y2: { field: "p75" }, color },
      },
      { mark: { type: "line", strokeWidth: 2.5 }, transform: band(labels.median), encoding: { y: y("p50"), color } },
    ],
  };
}
