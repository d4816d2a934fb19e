/**
 * Chart inputs used by several vehicle kinds: a fan chart of a series, a quantile chart of several metrics that
 * share a unit, and the loss ratio against its 容错 limit.
 */
import type { ChartInput } from "../charts/index.ts";
import type { QuantileRow, ReferenceLine } from "../charts/quantiles.ts";
import { formatValue, unitOf } from "../format.ts";
import { type DictKey, type Lang, metricLabel, t } from "../i18n.ts";
import {
  axisFor,
  compact,
  fanRows,
  type Metrics,
  num,
  quantileRow,
  quantileValues,
  type Series,
  seriesValues,
} from "./common.ts";

/** Fan chart of series `name` (unit from its name), or null when the series is absent or empty. */
export function fanOf(lang: Lang, id: string, series: Series, name: string, titleKey: DictKey): ChartInput | null {
  const points = series[name];
  if (!points || points.length === 0) return null;
  const axis = axisFor(lang, unitOf(name), seriesValues(points));
  const rows = fanRows(points, axis.scale);
  // A series that is zero on every path and year (no projects landed by a lone pool) says nothing: no chart.
  if (rows.length === 0 || rows.every((r) => r.p05 === 0 && r.p95 === 0)) return null;
  return {
    id: `${id}-${name}-fan`,
    type: "fan",
    input: {
      title: t(lang, titleKey),
      xTitle: t(lang, "chart.year"),
      yTitle: axis.title || metricLabel(lang, name),
      yFormat: axis.format,
      labels: { outer: t(lang, "chart.band90"), inner: t(lang, "chart.band50"), median: t(lang, "chart.median") },
      rows,
    },
  };
}

export interface QuantilesOptions {
  /** Chart id, unique in the report. */
  id: string;
  title: string;
  metrics: Metrics;
  /** Metrics to draw, one row each; they share the unit of the first. Absent ones are left out. */
  names: string[];
  /** Lines to mark, in raw units (yuan for money). */
  references?: ReferenceLine[];
  /** Row label of a metric (default: its display name). */
  label?: (name: string) => string;
  /** A limit of one row (raw units), e.g. a stage's 容错 limit; null where there is none. */
  limit?: (name: string) => number | null;
}

/**
 * Quantile chart of metrics sharing a unit; null when no metric has quantiles with spread. A long tail (p01 or
 * p99 far beyond the p05–p95 range, common for TVPI) would squash the boxes, so the axis then stops a little past
 * p05/p95 and the clipped whiskers are labelled with their values.
 */
export function quantilesOf(lang: Lang, o: QuantilesOptions): ChartInput | null {
  const present = o.names.filter((n) => o.metrics[n]);
  if (present.length === 0) return null;
  const unit = unitOf(present[0]!);
  const references = o.references ?? [];
  const axis = axisFor(lang, unit, [
    ...quantileValues(present.map((n) => o.metrics[n])),
    ...references.map((r) => r.value),
  ]);
  const label = o.label ?? ((n: string) => metricLabel(lang, n));
  const rows = compact(
    present.map((n) => {
      const row = quantileRow(label(n), o.metrics[n], axis.scale);
      const limit = o.limit?.(n) ?? null;
      return row && limit !== null ? { ...row, limit: limit / (axis.scale?.divisor ?? 1) } : row;
    }),
  );
  if (rows.length === 0) return null;
  const d = axis.scale?.divisor ?? 1;
  const refs = references.map((r) => ({ value: r.value / d, label: r.label }));
  const domain = tailDomain(rows, [
    ...refs.map((r) => r.value),
    ...rows.flatMap((r) => (typeof r.limit === "number" ? [r.limit] : [])),
  ]);
  return {
    id: o.id,
    type: "quantiles",
    input: {
      title: o.title,
      subtitle: t(lang, "chart.quantileNote"),
      xTitle: axis.title,
      xFormat: axis.format,
      rows,
      references: refs,
      ...(domain && { domain }),
    },
  };
}

/** An axis range that clips long tails, or undefined when p01–p99 fit comfortably. */
export function tailDomain(rows: QuantileRow[], marks: number[]): [number, number] | undefined {
  const lo5 = Math.min(...rows.map((r) => r.p05));
  const hi95 = Math.max(...rows.map((r) => r.p95));
  const lo1 = Math.min(...rows.map((r) => r.p01));
  const hi99 = Math.max(...rows.map((r) => r.p99));
  const body = hi95 - lo5;
  if (!(body > 0)) return undefined;
  const clipLo = lo5 - lo1 > 1.5 * body;
  const clipHi = hi99 - hi95 > 1.5 * body;
  if (!clipLo && !clipHi) return undefined;
  const lo = Math.min(clipLo ? lo5 - 0.25 * body : lo1, ...marks);
  const hi = Math.max(clipHi ? hi95 + 0.25 * body : hi99, ...marks);
  return [lo, hi];
}

/** The 容错 limit of a vehicle: the scenario's `tolerance.fund_loss_ratio`, else an `analytic` entry, else null. */
export function lossLimit(scenarioVehicle: unknown, analytic: Record<string, unknown> | undefined): number | null {
  const tol = (scenarioVehicle as { tolerance?: { fund_loss_ratio?: unknown } } | undefined)?.tolerance;
  return num(tol?.fund_loss_ratio) ?? num(analytic?.fund_loss_ratio) ?? num(analytic?.loss_limit);
}

/** Loss-ratio chart with the limit marked, and notes on P(breach). */
export function lossRatioOf(
  lang: Lang,
  id: string,
  metrics: Metrics,
  limit: number | null,
): { chart: ChartInput | null; notes: string[] } {
  const refs =
    limit === null
      ? []
      : [{ value: limit, label: t(lang, "chart.lossLimit", { value: formatValue(limit, "ratio", lang) }) }];
  const chart = quantilesOf(lang, {
    id: `${id}-loss-ratio`,
    title: t(lang, "chart.lossRatio"),
    metrics,
    names: ["loss_ratio"],
    references: refs,
  });
  const notes: string[] = [];
  const breach = num(metrics.tolerance_breach?.mean);
  if (breach !== null) notes.push(t(lang, "note.breach", { value: formatValue(breach, "probability", lang) }));
  if (chart && limit === null) notes.push(t(lang, "note.lossLimitUnknown"));
  return { chart, notes };
}
