/**
 * Charts of results that come from other commands: a parameter sweep (a metric across parameter values), a paired
 * comparison of two scenarios (each difference in units of its standard error), and a pool-sizing curve
 * (P(exhausted) against pool size, with α and the chosen size marked).
 */
import type { TopLevelSpec } from "vega-lite";
import { COLORS, frame, type Layer, WIDTH } from "./theme.ts";

export interface SweepRow {
  x: number | string;
  group: string;
  value: number;
  lo: number | null;
  hi: number | null;
}

export interface SweepInput {
  title: string;
  subtitle?: string;
  xTitle: string;
  /** quantitative when the swept parameter is one number, else ordinal (combinations in run order). */
  xType: "quantitative" | "ordinal";
  yTitle: string;
  yFormat: string;
  groupTitle: string;
  rows: readonly SweepRow[];
}

export function sweepChart(input: Readonly<SweepInput>): TopLevelSpec {
  const x =
    input.xType === "quantitative"
      ? { field: "x", type: "quantitative" as const, title: input.xTitle, scale: { zero: false } }
      : {
          field: "x",
          type: "ordinal" as const,
          title: input.xTitle,
          sort: null,
          axis: { labelAngle: -30, labelLimit: 160 },
        };
  const y = {
    field: "value",
    type: "quantitative" as const,
    title: input.yTitle,
    axis: { format: input.yFormat },
    scale: { zero: false },
  };
  const color = { field: "group", type: "nominal" as const, title: input.groupTitle };
  // A layer whose filter leaves nothing makes vega warn, so error bars are drawn only when some row has them.
  const bands: Layer[] = input.rows.some((r) => r.lo !== null && r.hi !== null)
    ? [
        {
          mark: { type: "rule", strokeWidth: 1.5 },
          transform: [{ filter: "isValid(datum.lo) && isValid(datum.hi)" }],
          encoding: { x, y: { ...y, field: "lo" }, y2: { field: "hi" }, color },
        },
      ]
    : [];
  return {
    ...frame(input.title, input.subtitle),
    data: { values: input.rows.map((r) => ({ ...r })) },
    layer: [
      ...bands,
      { mark: { type: "line", strokeWidth: 2 }, encoding: { x, y, color } },
      { mark: { type: "point", filled: true, size: 40 }, encoding: { x, y, color } },
    ],
  };
}

export interface CompareRow {
  label: string;
  z: number;
}

export interface CompareInput {
  title: string;
  subtitle: string;
  xTitle: string;
  rows: readonly CompareRow[];
}

export function compareChart(input: Readonly<CompareInput>): TopLevelSpec {
  const x = { field: "z", type: "quantitative" as const, title: input.xTitle };
  const y = { field: "label", type: "nominal" as const, title: null, sort: null, axis: { labelLimit: 260 } };
  return {
    ...frame(input.title, input.subtitle, { step: 26 }),
    layer: [
      {
        data: { values: [{ z: -1.96 }, { z: 1.96 }] },
        mark: { type: "rule", color: COLORS.muted, strokeDash: [5, 3] },
        encoding: { x },
      },
      { data: { values: [{ z: 0 }] }, mark: { type: "rule", color: "#4a5568" }, encoding: { x } },
      {
        data: { values: input.rows.map((r) => ({ ...r, lo: r.z - 1.96, hi: r.z + 1.96 })) },
        layer: [
          {
            mark: { type: "rule", color: COLORS.band50, strokeWidth: 3 },
            encoding: { y, x: { ...x, field: "lo" }, x2: { field: "hi" } },
          },
          {
            mark: { type: "point", filled: true, size: 60 },
            encoding: {
              y,
              x,
              color: {
                condition: { test: "abs(datum.z) > 1.96", value: COLORS.accent },
                value: COLORS.main,
              },
            },
          },
        ],
      },
    ],
  };
}

export interface SizingRow {
  size: number;
  probability: number;
  lo: number | null;
  hi: number | null;
}

export interface SizingInput {
  title: string;
  subtitle?: string;
  xTitle: string;
  yTitle: string;
  rows: readonly SizingRow[];
  alpha: { value: number; label: string };
  /** The chosen size in display units, or null when none qualifies. */
  chosen: { value: number; label: string } | null;
}

export function sizingChart(input: Readonly<SizingInput>): TopLevelSpec {
  const x = { field: "size", type: "quantitative" as const, title: input.xTitle, scale: { zero: false } };
  const y = { field: "probability", type: "quantitative" as const, title: input.yTitle, axis: { format: ".1~%" } };
  const marks = [{ ...input.alpha, kind: "alpha" }];
  const bands: Layer[] = input.rows.some((r) => r.lo !== null && r.hi !== null)
    ? [
        {
          mark: { type: "area", color: COLORS.band90, opacity: 0.8 },
          transform: [{ filter: "isValid(datum.lo) && isValid(datum.hi)" }],
          encoding: { x, y: { ...y, field: "lo" }, y2: { field: "hi" } },
        },
      ]
    : [];
  const chosenLayers: Layer[] =
    input.chosen === null
      ? []
      : [
          {
            data: { values: [{ ...input.chosen }] },
            layer: [
              {
                mark: { type: "rule", color: COLORS.good, strokeWidth: 2 },
                encoding: { x: { ...x, field: "value" } },
              },
              {
                mark: { type: "text", color: COLORS.good, align: "left", baseline: "top", dx: 4 },
                encoding: { x: { ...x, field: "value" }, y: { value: 0 }, text: { field: "label", type: "nominal" } },
              },
            ],
          },
        ];
  return {
    ...frame(input.title, input.subtitle),
    layer: [
      {
        data: { values: input.rows.map((r) => ({ ...r })) },
        layer: [
          ...bands,
          { mark: { type: "line", color: COLORS.main, strokeWidth: 2 }, encoding: { x, y } },
          { mark: { type: "point", color: COLORS.main, filled: true, size: 36 }, encoding: { x, y } },
        ],
      },
      {
        data: { values: marks },
        layer: [
          { mark: { type: "rule", color: COLORS.bad, strokeDash: [5, 3] }, encoding: { y: { ...y, field: "value" } } },
          {
            mark: { type: "text", color: COLORS.bad, align: "right", baseline: "bottom", dy: -2 },
            encoding: { y: { ...y, field: "value" }, x: { value: WIDTH }, text: { field: "label", type: "nominal" } },
          },
        ],
      },
      ...chosenLayers,
    ],
  };
}
