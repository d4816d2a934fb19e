/**
 * The contract between the run loop and a vehicle's Monte Carlo engine. A vehicle engine is compiled once per run
 * from its validated parameters (one version per year when rule `changes` apply) and then simulates paths: it reads
 * the shared macro factor and its own stream, and writes one number per scalar metric and one per series metric and
 * year into reused typed arrays. It never allocates per path what it can reuse, and never does I/O.
 */
import type { MetricSummary } from "../stats/summary.ts";
import type { Stream } from "./rng.ts";

export interface PathContext {
  /** Global path index (0-based). */
  readonly path: number;
  readonly horizon: number;
  /** Macro factor: z[t] for years t = 1..horizon; z[0] = 0. Shared by every vehicle of the path. */
  readonly z: Float64Array;
  /** This vehicle's stream for this path, derived from (seed, path, vehicle id) only. */
  readonly rng: Stream;
}

export interface PathOutput {
  /** One slot per scalar metric, in `scalarNames` order; NaN where the metric is undefined on this path. */
  readonly scalars: Float64Array;
  /** Series metric s, year t (1-based) at `s * horizon + (t - 1)`. */
  readonly series: Float64Array;
}

/**
 * Names every vehicle may emit so the programme view (MODEL.md §7) can add vehicles up per path:
 * - scalars `fiscal_in` (fiscal money paid in), `social_capital`, `lending` (loans disbursed),
 *   `tolerance_breach` (0/1)
 * - series `fiscal_cash_flow` (fiscal net cash flow by year, money paid in negative), `projects_landed`.
 */
export const PROGRAMME_INPUTS = {
  scalars: ["fiscal_in", "social_capital", "lending", "tolerance_breach"],
  series: ["fiscal_cash_flow", "projects_landed"],
} as const;

export interface VehicleEngine {
  readonly id: string;
  readonly kind: string;
  readonly scalarNames: readonly string[];
  readonly seriesNames: readonly string[];
  simulatePath(ctx: PathContext, out: PathOutput): void;
  /** Extra facts shown next to the Monte Carlo result (e.g. an analytic cross-check), computed once per run. */
  analytic?(): Record<string, unknown> | undefined;
  /** Names of the metrics `extraMetrics` adds (known before the run, so targets on them can be checked). */
  readonly extraMetricNames?: readonly string[];
  /**
   * Run-level metrics that need every path (e.g. expected shortfall), computed from the merged per-path scalars and
   * added to the vehicle's `metrics` next to the per-path summaries.
   */
  extraMetrics?(data: { scalarNames: readonly string[]; scalars: Float64Array[] }): Record<string, MetricSummary>;
}
