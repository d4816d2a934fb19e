/**
 * Quantile chart: the result holds quantiles (p01..p99) and the mean of each metric, not its samples, so a
 * distribution is drawn honestly as what it is — whiskers p01–p99 and p05–p95, a box p25–p75, the median and the
 * mean — one row per metric, with optional reference lines (a 容错 limit, VaR, a target).
 */
import type { TopLevelSpec } from "vega-lite";
import { COLORS, frame, type Layer, WIDTH } from "./theme.ts";

export interface QuantileRow {
  label: string;
  p01: number;
  p05: number;
  p25: number;
  p50: number;
  p75: number;
  p95: number;
  p99: number;
  mean: number | null;
  /** A limit of this row alone (the 容错 limit of a stage), drawn as a red tick across the row. */
  limit?: number | null;
}

export interface ReferenceLine {
  value: number;
  label: string;
}

export interface QuantileInput {
  title: string;
  subtitle: string;
  xTitle: string;
  xFormat: string;
  rows: readonly QuantileRow[];
  references?: readonly ReferenceLine[];
  /** Axis range; whiskers beyond it are clipped and their end values written at the edge. */
  domain?: readonly [number, number];
}

export function quantileChart(input: Readonly<QuantileInput>): TopLevelSpec {
  const y = { field: "label", type: "nominal" as const, title: null, sort: null, axis: { labelLimit: 220 } };
  const domain = input.domain;
  const x = (field: string) => ({
    field,
    type: "quantitative" as const,
    title: input.xTitle,
    axis: { format: input.xFormat },
    scale: domain ? { zero: false, nice: false, domain: [domain[0], domain[1]] } : { zero: false },
  });
  const clip = domain !== undefined;
  // A layer whose filter leaves nothing makes vega warn: the mean marker only when some row has a mean.
  const means: Layer[] = input.rows.some((r) => r.mean !== null)
    ? [
        {
          mark: { type: "point", shape: "diamond", filled: true, color: COLORS.accent, size: 70, clip },
          transform: [{ filter: "isValid(datum.mean)" }],
          encoding: { y, x: x("mean") },
        },
      ]
    : [];
  // Per-row limits (a stage's 容错 limit) as a red tick with its value, only when some row has one.
  const limits: Layer[] = input.rows.some((r) => typeof r.limit === "number")
    ? [
        {
          mark: { type: "tick", color: COLORS.bad, thickness: 3, size: 26, clip },
          transform: [{ filter: "isValid(datum.limit)" }],
          encoding: { y, x: x("limit") },
        },
        {
          mark: {
            type: "text",
            color: COLORS.bad,
            align: "left",
            baseline: "bottom",
            dx: 3,
            dy: -6,
            fontSize: 10,
            clip,
          },
          transform: [
            { filter: "isValid(datum.limit)" },
            { calculate: `format(datum.limit, ${JSON.stringify(input.xFormat)})`, as: "limitText" },
          ],
          encoding: { y, x: x("limit"), text: { field: "limitText", type: "nominal" } },
        },
      ]
    : [];
  const fmt = JSON.stringify(input.xFormat);
  const tails: Layer[] = domain
    ? [
        {
          mark: { type: "text", align: "right", baseline: "bottom", dy: -8, fontSize: 10, color: COLORS.muted },
          transform: [
            { filter: `datum.p99 > ${domain[1]}` },
            { calculate: `'p99 ' + format(datum.p99, ${fmt}) + ' →'`, as: "tail" },
          ],
          encoding: { y, x: { value: WIDTH }, text: { field: "tail", type: "nominal" } },
        },
        {
          mark: { type: "text", align: "left", baseline: "bottom", dy: -8, fontSize: 10, color: COLORS.muted },
          transform: [
            { filter: `datum.p01 < ${domain[0]}` },
            { calculate: `'← p01 ' + format(datum.p01, ${fmt})`, as: "tail" },
          ],
          encoding: { y, x: { value: 0 }, text: { field: "tail", type: "nominal" } },
        },
      ]
    : [];
  // Labels of nearby lines would overlap: each goes one text line lower than the previous.
  const references = (input.references ?? []).map((r, i) => ({ ...r, labelY: i * 12 }));
  // An empty data set in a shared scale draws nothing but makes vega warn about an infinite extent.
  const referenceLayers: Layer[] =
    references.length === 0
      ? []
      : [
          {
            data: { values: references },
            layer: [
              {
                mark: { type: "rule", color: COLORS.bad, strokeDash: [5, 3], strokeWidth: 1.5, clip },
                encoding: { x: x("value") },
              },
              {
                mark: { type: "text", color: COLORS.bad, align: "left", baseline: "top", dx: 3, fontSize: 10, clip },
                encoding: {
                  x: x("value"),
                  y: { field: "labelY", type: "quantitative", scale: null },
                  text: { field: "label", type: "nominal" },
                },
              },
            ],
          },
        ];
  return {
    ...frame(input.title, input.subtitle, Math.max(64, 36 * input.rows.length, 12 * references.length + 24)),
    layer: [
      {
        data: { values: input.rows.map((r) => ({ ...r })) },
        layer: [
          {
            mark: { type: "rule", color: COLORS.muted, strokeWidth: 1, clip },
            encoding: { y, x: x("p01"), x2: { field: "p99" } },
          },
          {
            mark: { type: "rule", color: COLORS.band50, strokeWidth: 4, clip },
            encoding: { y, x: x("p05"), x2: { field: "p95" } },
          },
          {
            mark: { type: "bar", color: COLORS.main, size: 16, opacity: 0.85, clip },
            encoding: { y, x: x("p25"), x2: { field: "p75" } },
          },
          { mark: { type: "tick", color: "#ffffff", thickness: 2.5, size: 16, clip }, encoding: { y, x: x("p50") } },
          ...means,
          ...limits,
          ...tails,
        ],
      },
      ...referenceLayers,
    ],
  };
}
