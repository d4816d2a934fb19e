/**
 * Metrics and per-year series derived from a vehicle's per-path values after a run, for questions the engines'
 * outputs answer only per path: a pool records the year it ran out (`exhaustion_year`, NaN when it never did) and
 * the report's "P(exhausted) by year" needs the share of paths exhausted by each year; a fund records calls and
 * distributions per year and its J-curve is their cumulative difference; "P(TVPI ≥ 2×)" is a share of paths, not a
 * quantile. Derived here, from the same per-path values the summaries use, so the engines' hot loops stay as they are.
 */
import { type MetricSummary, type SeriesPoint, summarize, summarizeSeries } from "../stats/summary.ts";

interface VehicleData {
  scalarNames: readonly string[];
  scalars: Float64Array[];
  seriesNames: readonly string[];
  series: Float64Array[];
}

/** Multiples whose P(metric ≥ k×) is reported, for each TVPI-like metric a vehicle has. */
const MULTIPLE_THRESHOLDS = [1, 2] as const;
const TVPI_METRICS = ["tvpi", "gov_tvpi"] as const;

/** `<tvpi>_ge_<k>x`: the share of paths whose TVPI reaches k (NaN paths — TVPI undefined — stay undefined). */
export function derivedMetrics(data: VehicleData): Record<string, MetricSummary> {
  const out: Record<string, MetricSummary> = {};
  for (const name of TVPI_METRICS) {
    const m = data.scalarNames.indexOf(name);
    const values = data.scalars[m];
    if (m < 0 || !values) continue;
    for (const k of MULTIPLE_THRESHOLDS) {
      const hit = values.map((v) => (Number.isNaN(v) ? Number.NaN : v >= k ? 1 : 0));
      out[`${name}_ge_${k}x`] = summarize(hit);
    }
  }
  return out;
}

/** Per path, the running sum over years of `distributions − calls` (the LPs' net cash position: the J-curve). */
function cumulativeNet(calls: Float64Array, distributions: Float64Array, paths: number, horizon: number) {
  const out = new Float64Array(paths * horizon);
  for (let i = 0; i < paths; i++) {
    let sum = 0;
    for (let t = 0; t < horizon; t++) {
      const k = i * horizon + t;
      sum += distributions[k]! - calls[k]!;
      out[k] = sum;
    }
  }
  return out;
}

/** A 0/1 per-path, per-year series: 1 from the year in `yearOf` (1-based) on, 0 before and where it is NaN. */
function cumulativeIndicator(yearOf: Float64Array, paths: number, horizon: number): Float64Array {
  const out = new Float64Array(paths * horizon);
  for (let i = 0; i < paths; i++) {
    const y = yearOf[i]!;
    if (Number.isNaN(y)) continue;
    for (let t = Math.max(0, Math.ceil(y) - 1); t < horizon; t++) out[i * horizon + t] = 1;
  }
  return out;
}

/**
 * `exhausted_by_year` (P(the pool has run out by the end of year t)) for a vehicle that records `exhaustion_year`;
 * `net_cash_flow_cumulative` (the J-curve) for one that records `calls` and `distributions` by year.
 */
export function derivedSeries(data: VehicleData, paths: number, horizon: number): Record<string, SeriesPoint[]> {
  const out: Record<string, SeriesPoint[]> = {};
  const ex = data.scalars[data.scalarNames.indexOf("exhaustion_year")];
  if (ex) out.exhausted_by_year = summarizeSeries(cumulativeIndicator(ex, paths, horizon), paths, horizon);
  const calls = data.series[data.seriesNames.indexOf("calls")];
  const dist = data.series[data.seriesNames.indexOf("distributions")];
  if (calls && dist)
    out.net_cash_flow_cumulative = summarizeSeries(cumulativeNet(calls, dist, paths, horizon), paths, horizon);
  return out;
}
