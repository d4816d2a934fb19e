/**
 * The run result — the output contract of MODEL.md §10 — and its assembly from per-path arrays.
 */
import type { VehicleEngine } from "../engine/vehicle.ts";
import type { Target } from "../scenario/schema.ts";
import { type MetricSummary, type SeriesPoint, summarize, summarizeSeries } from "../stats/summary.ts";
import { derivedMetrics, derivedSeries } from "./derived-series.ts";

export interface VehicleResult {
  kind: string;
  metrics: Record<string, MetricSummary>;
  series: Record<string, SeriesPoint[]>;
  analytic?: Record<string, unknown>;
}

export interface TargetResult extends Target {
  actual: number | null;
  pass: boolean;
}

export interface Result {
  scenario: { name: string; hash: string };
  seed: number;
  paths: number;
  version: string;
  horizon_years: number;
  vehicles: Record<string, VehicleResult>;
  programme: { metrics: Record<string, MetricSummary>; series?: Record<string, SeriesPoint[]> };
  targets: TargetResult[];
}

/** Per-path values of a whole run, kept for paired comparisons and the programme view. */
export interface PathData {
  paths: number;
  horizon: number;
  vehicles: {
    id: string;
    kind: string;
    scalarNames: readonly string[];
    seriesNames: readonly string[];
    /** scalars[m] has one value per path. */
    scalars: Float64Array[];
    /** series[s] has `horizon` values per path, path-major. */
    series: Float64Array[];
  }[];
}

export function vehicleResult(
  engine: VehicleEngine,
  data: PathData["vehicles"][number],
  paths: number,
  horizon: number,
): VehicleResult {
  const metrics: Record<string, MetricSummary> = {};
  engine.scalarNames.forEach((name, m) => {
    metrics[name] = summarize(data.scalars[m]!);
  });
  Object.assign(metrics, engine.extraMetrics?.(data), derivedMetrics(data));
  const series: Record<string, SeriesPoint[]> = {};
  engine.seriesNames.forEach((name, s) => {
    series[name] = summarizeSeries(data.series[s]!, paths, horizon);
  });
  Object.assign(series, derivedSeries(data, paths, horizon));
  const out: VehicleResult = { kind: engine.kind, metrics, series };
  const analytic = engine.analytic?.();
  if (analytic) out.analytic = analytic;
  return out;
}

/** Looks a metric path `<vehicle id>.<metric>.<statistic>` up in a result (null where absent or undefined). */
export function lookupMetric(result: Pick<Result, "vehicles" | "programme">, path: string): number | null | undefined {
  const [id, metric, stat] = path.split(".");
  const metrics = id === "programme" ? result.programme.metrics : result.vehicles[id!]?.metrics;
  const m = metrics?.[metric!];
  if (!m || !stat || !(stat in m)) return undefined;
  return (m as unknown as Record<string, number | null>)[stat] ?? null;
}

export function compare(actual: number, op: Target["op"], value: number): boolean {
  switch (op) {
    case "<":
      return actual < value;
    case "<=":
      return actual <= value;
    case ">":
      return actual > value;
    case ">=":
      return actual >= value;
    case "==":
      return actual === value;
    case "!=":
      return actual !== value;
  }
}

export function evaluateTargets(result: Pick<Result, "vehicles" | "programme">, targets: Target[]): TargetResult[] {
  return targets.map((t) => {
    const actual = lookupMetric(result, t.metric) ?? null;
    return { ...t, actual, pass: actual !== null && compare(actual, t.op, t.value) };
  });
}
