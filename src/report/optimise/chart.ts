/**
 * The frontier chart of an optimisation: the objective against the binding constraint's estimate for every
 * confirmed candidate, each with its confidence band, the limit drawn as a rule, the recommended point and the
 * current plan marked. Depends on field names only; never mutates its input.
 */
import type { TopLevelSpec } from "vega-lite";
import { COLORS, frame, type Layer } from "../charts/theme.ts";

export interface FrontierRow {
  x: number;
  y: number;
  lo: number | null;
  hi: number | null;
  /** "chosen", "current", "feasible" or "other". */
  role: string;
  /** Legend text of the role. */
  label: string;
}

export interface FrontierInput {
  title: string;
  subtitle?: string;
  xTitle: string;
  yTitle: string;
  /** The binding constraint's limit (a vertical rule), if any. */
  limit: number | null;
  rows: readonly FrontierRow[];
}

export function frontierChart(input: Readonly<FrontierInput>): TopLevelSpec {
  const x = { field: "x", type: "quantitative" as const, title: input.xTitle, scale: { zero: false } };
  const y = { field: "y", type: "quantitative" as const, title: input.yTitle, scale: { zero: false } };
  const color = {
    field: "label",
    type: "nominal" as const,
    title: null,
    scale: {
      domain: [...new Set(input.rows.map((r) => r.label))],
      range: [...new Set(input.rows.map((r) => r.label))].map((l) => {
        const role = input.rows.find((r) => r.label === l)!.role;
        return role === "chosen"
          ? COLORS.good
          : role === "current"
            ? COLORS.accent
            : role === "feasible"
              ? COLORS.main
              : COLORS.muted;
      }),
    },
  };
  const layers: Layer[] = [];
  if (input.rows.some((r) => r.lo !== null && r.hi !== null))
    layers.push({
      mark: { type: "rule", strokeWidth: 1.5 },
      transform: [{ filter: "isValid(datum.lo) && isValid(datum.hi)" }],
      encoding: { x, y: { ...y, field: "lo" }, y2: { field: "hi" }, color },
    });
  layers.push({ mark: { type: "point", filled: true, size: 70 }, encoding: { x, y, color } });
  if (input.limit !== null)
    layers.push({
      data: { values: [{ limit: input.limit }] },
      mark: { type: "rule", strokeDash: [4, 3], color: COLORS.bad },
      encoding: { x: { field: "limit", type: "quantitative" } },
    });
  return {
    ...frame(input.title, input.subtitle),
    data: { values: input.rows.map((r) => ({ ...r })) },
    layer: layers,
  };
}
