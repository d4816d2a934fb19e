/**
 * The programme view (MODEL.md §7): figures across all vehicles of a scenario — what the finance bureau sees. They
 * are computed per path from each vehicle's standard programme inputs (`PROGRAMME_INPUTS` in
 * `src/engine/vehicle.ts`) and only then summarised, so ratios are ratios of the same path's totals, quantiles are
 * quantiles of the programme (not sums of the vehicles' quantiles), and paired comparisons can difference them.
 *
 * A vehicle that does not emit an input contributes nothing to it; an undefined value (NaN) on a path counts as 0.
 */
import { summarize, summarizeSeries } from "../stats/summary.ts";
import {
  PROGRAMME_METRICS,
  PROGRAMME_SERIES,
  type ProgrammeMetric,
  type ProgrammeSeries,
} from "./programme-metrics.ts";
import type { PathData, Result } from "./result.ts";

/** Per-path programme values: one array per scalar (length `paths`), series path-major (`paths × horizon`). */
export interface ProgrammePaths {
  scalars: Record<ProgrammeMetric, Float64Array>;
  series: Record<ProgrammeSeries, Float64Array>;
}

/** Per-path sum over vehicles of one scalar input (NaN counted as 0). */
function sumScalar(data: PathData, name: string): Float64Array {
  const out = new Float64Array(data.paths);
  for (const v of data.vehicles) {
    const m = v.scalarNames.indexOf(name);
    if (m < 0) continue;
    const arr = v.scalars[m]!;
    for (let i = 0; i < data.paths; i++) {
      const x = arr[i]!;
      if (!Number.isNaN(x)) out[i]! += x;
    }
  }
  return out;
}

/**
 * Per-path, per-year sum over vehicles of one series input (NaN counted as 0). When a single vehicle has the series
 * and it has no NaN, that vehicle's own array is returned (read-only: callers never write to it), which saves a
 * paths × horizon copy.
 */
function sumSeries(data: PathData, name: string): Float64Array {
  const sources = data.vehicles.flatMap((v) => {
    const s = v.seriesNames.indexOf(name);
    return s < 0 ? [] : [v.series[s]!];
  });
  if (sources.length === 1 && !sources[0]!.some(Number.isNaN)) return sources[0]!;
  const out = new Float64Array(data.paths * data.horizon);
  for (const arr of sources)
    for (let i = 0; i < out.length; i++) {
      const x = arr[i]!;
      if (!Number.isNaN(x)) out[i]! += x;
    }
  return out;
}

/** 1 on a path where any vehicle has one of the named indicators equal to 1, else 0. */
function anyIndicator(data: PathData, names: readonly string[]): Float64Array {
  const out = new Float64Array(data.paths);
  for (const v of data.vehicles)
    for (const name of names) {
      const m = v.scalarNames.indexOf(name);
      if (m < 0) continue;
      const arr = v.scalars[m]!;
      for (let i = 0; i < data.paths; i++) if (arr[i] === 1) out[i] = 1;
    }
  return out;
}

/** Per-path totals over the years, the deepest cumulative point, and (when asked) the cumulative sums. */
function overYears(series: Float64Array, paths: number, H: number, withCumulative: boolean) {
  const total = new Float64Array(paths);
  const cumulative = withCumulative ? new Float64Array(paths * H) : undefined;
  const peakExposure = new Float64Array(paths);
  for (let i = 0; i < paths; i++) {
    let acc = 0;
    let low = 0;
    for (let t = 0; t < H; t++) {
      acc += series[i * H + t]!;
      if (cumulative) cumulative[i * H + t] = acc;
      if (acc < low) low = acc;
    }
    total[i] = acc;
    peakExposure[i] = -low;
  }
  return { total, cumulative: cumulative ?? new Float64Array(0), peakExposure };
}

/**
 * The programme's per-path values. Ratios are NaN (undefined) on paths where no fiscal money was paid in.
 * `fiscal_peak_exposure` is the deepest point of the cumulative fiscal cash flow (money paid in is negative): the
 * most fiscal money outstanding at any year end. `any_breach_or_pool_exhausted` also counts a risk pool's
 * exhaustion, since a pool has no 容错 limit of its own and exhaustion is its failure to hold.
 */
export function programmePaths(data: PathData): ProgrammePaths {
  const { paths, horizon: H } = data;
  const fiscalIn = sumScalar(data, "fiscal_in");
  const social = sumScalar(data, "social_capital");
  const lending = sumScalar(data, "lending");
  const ratio = (num: (i: number) => number) => {
    const out = new Float64Array(paths);
    for (let i = 0; i < paths; i++) out[i] = fiscalIn[i]! > 0 ? num(i) / fiscalIn[i]! : Number.NaN;
    return out;
  };
  const fiscalFlow = sumSeries(data, "fiscal_cash_flow");
  const landed = sumSeries(data, "projects_landed");
  const flow = overYears(fiscalFlow, paths, H, true);
  return {
    scalars: {
      fiscal_in: fiscalIn,
      social_capital: social,
      lending,
      social_capital_per_fiscal_yuan: ratio((i) => social[i]!),
      lending_per_fiscal_yuan: ratio((i) => lending[i]!),
      mobilised_per_fiscal_yuan: ratio((i) => social[i]! + lending[i]!),
      fiscal_net_cash_flow: flow.total,
      fiscal_peak_exposure: flow.peakExposure,
      projects_landed: overYears(landed, paths, H, false).total,
      any_tolerance_breach: anyIndicator(data, ["tolerance_breach", "tolerance_breach_any"]),
      any_breach_or_pool_exhausted: anyIndicator(data, ["tolerance_breach", "tolerance_breach_any", "pool_exhausted"]),
    },
    series: { fiscal_cash_flow: fiscalFlow, fiscal_cash_flow_cumulative: flow.cumulative, projects_landed: landed },
  };
}

/** The programme part of the §10 result, from the run's programme paths (`programmePaths`). */
export function programmeResult(p: ProgrammePaths, paths: number, horizon: number): Result["programme"] {
  const metrics: Result["programme"]["metrics"] = {};
  for (const name of PROGRAMME_METRICS) metrics[name] = summarize(p.scalars[name]);
  const series: NonNullable<Result["programme"]["series"]> = {};
  for (const name of PROGRAMME_SERIES) series[name] = summarizeSeries(p.series[name], paths, horizon);
  return { metrics, series };
}
