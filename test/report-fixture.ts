/**
 * A synthetic run result with every vehicle kind, the programme view, series, targets (one failing) and a metric
 * no renderer knows — built from closed-form quantiles so it is deterministic and independent of the engines.
 * Used by the report tests next to real runs of the shipped scenarios.
 */
import type { CompareReport, SizingReport, SweepReport } from "../src/report/index.ts";
import type { Result, VehicleResult } from "../src/run/result.ts";
import type { MetricSummary, SeriesPoint } from "../src/stats/summary.ts";

/** Standard normal quantiles at 1, 5, 25, 50, 75, 95, 99%. */
const Z = [-2.326348, -1.644854, -0.67449, 0, 0.67449, 1.644854, 2.326348] as const;
const N = 400;

function fromQuantiles(q: number[], mean: number, sd: number, defined = 1): MetricSummary {
  return {
    mean,
    sd,
    se: sd / Math.sqrt(N * defined),
    p01: q[0]!,
    p05: q[1]!,
    p25: q[2]!,
    p50: q[3]!,
    p75: q[4]!,
    p95: q[5]!,
    p99: q[6]!,
    defined,
    n: Math.round(N * defined),
  };
}

/** Normal(mean, sd) summary. */
export function normal(mean: number, sd: number, defined = 1): MetricSummary {
  return fromQuantiles(
    Z.map((z) => mean + sd * z),
    mean,
    sd,
    defined,
  );
}

/** Lognormal summary with the given median and log-sd: mean = median·exp(σ²/2). */
export function lognormal(median: number, sigma: number): MetricSummary {
  const mean = median * Math.exp((sigma * sigma) / 2);
  const sd = mean * Math.sqrt(Math.exp(sigma * sigma) - 1);
  return fromQuantiles(
    Z.map((z) => median * Math.exp(sigma * z)),
    mean,
    sd,
  );
}

/** A 0/1 indicator with probability p: quantiles are 0 or 1. */
export function indicator(p: number): MetricSummary {
  const q = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99].map((x) => (x < 1 - p ? 0 : 1));
  return fromQuantiles(q, p, Math.sqrt(p * (1 - p)));
}

export function constant(x: number): MetricSummary {
  return fromQuantiles([x, x, x, x, x, x, x], x, 0);
}

function series(horizon: number, f: (year: number) => { median: number; spread: number }): SeriesPoint[] {
  return Array.from({ length: horizon }, (_, i) => {
    const { median, spread } = f(i + 1);
    return {
      year: i + 1,
      mean: median,
      p05: median - 1.645 * spread,
      p25: median - 0.674 * spread,
      p50: median,
      p75: median + 0.674 * spread,
      p95: median + 1.645 * spread,
    };
  });
}

function probSeries(horizon: number, f: (year: number) => number): SeriesPoint[] {
  return Array.from({ length: horizon }, (_, i) => {
    const p = f(i + 1);
    return { year: i + 1, mean: p, p05: 0, p25: 0, p50: p > 0.5 ? 1 : 0, p75: p > 0.25 ? 1 : 0, p95: p > 0.05 ? 1 : 0 };
  });
}

const H = 15;

function fund(): VehicleResult {
  return {
    kind: "transformation_fund",
    metrics: {
      tvpi: lognormal(1.55, 0.35),
      dpi: lognormal(1.2, 0.45),
      irr: normal(0.055, 0.045, 0.97),
      moic: lognormal(1.9, 0.4),
      loss_ratio: normal(0.31, 0.06),
      tolerance_breach: indicator(0.07),
      projects_funded: normal(500, 22),
      reached_lab: normal(100, 10),
      reached_poc: normal(230, 15),
      reached_pilot: normal(190, 13),
      reached_growth: normal(96, 9),
      exits: normal(41, 6),
      grants_paid: normal(300, 17),
      grants_converted: normal(96, 9),
      deals_skipped: normal(3.2, 2.1),
      deal_outcomes_lt1x: normal(0.63, 0.02),
      deal_outcomes_1_5x: normal(0.26, 0.02),
      deal_outcomes_5_10x: normal(0.065, 0.01),
      deal_outcomes_ge10x: normal(0.045, 0.01),
      social_capital: constant(1.2e9),
      idle_cash: lognormal(4.1e7, 0.6),
      mystery_metric: normal(12.5, 3),
    },
    series: {
      nav: series(H, (y) => ({
        median: 2e9 * Math.min(1, y / 6) * Math.exp(-Math.max(0, y - 8) / 3),
        spread: 1.5e8 * Math.sqrt(y),
      })),
      gov_cash_flow: series(H, (y) => ({ median: y <= 5 ? -1.6e8 : 1.2e8, spread: 2e7 })),
    },
  };
}

function angel(): VehicleResult {
  return {
    kind: "angel_fof",
    metrics: {
      gov_tvpi: lognormal(1.1, 0.3),
      gov_tvpi_no_concession: lognormal(1.5, 0.45),
      lp_tvpi: lognormal(1.7, 0.5),
      gov_irr: normal(0.012, 0.03, 0.95),
      lp_irr: normal(0.07, 0.06, 0.95),
      gp_carry: lognormal(1.8e7, 1),
      leverage: constant(3),
      companies_backed: normal(80, 4),
      loss_ratio: normal(0.38, 0.08),
      tolerance_breach: indicator(0.02),
      social_capital: constant(4.2e8),
    },
    series: {},
  };
}

function pool(): VehicleResult {
  return {
    kind: "risk_pool",
    metrics: {
      loans_disbursed: normal(4.6e9, 2e8),
      loans_count: normal(1600, 40),
      leverage_realized: normal(9.1, 0.4),
      defaults: normal(52, 12),
      compensation_paid: { ...lognormal(4.2e7, 0.45), es95: 9.8e7, es99: 1.22e8 } as MetricSummary,
      bank_loss: lognormal(6e7, 0.45),
      pool_exhausted: indicator(0.031),
      exhaustion_year: normal(4.1, 0.7, 0.031),
      breaker_tripped: indicator(0.12),
      unpaid_claims: lognormal(1e5, 1.5),
      fiscal_cost: lognormal(3.5e7, 0.4),
    },
    series: {
      pool_balance: series(5, (y) => ({ median: 1e8 - 8e6 * y, spread: 6e6 * Math.sqrt(y) })),
      breaker_on: probSeries(5, (y) => 0.02 * y * y * 0.25),
      exhausted_by_year: probSeries(5, (y) => (y < 3 ? 0 : 0.01 * (y - 2))),
    },
  };
}

/** The synthetic result: three vehicles, programme, targets (2 pass, 1 fails). */
export function syntheticResult(): Result {
  return {
    scenario: { name: "synthetic-programme", hash: "sha256:0123456789abcdef" },
    seed: 42,
    paths: N,
    version: "0.1.0",
    horizon_years: H,
    vehicles: { fund: fund(), angel: angel(), pool: pool() },
    programme: {
      metrics: {
        fiscal_in: normal(1.05e9, 3e7),
        social_capital: constant(1.62e9),
        lending: normal(4.6e9, 2e8),
        social_capital_per_fiscal_yuan: normal(1.54, 0.05),
        lending_per_fiscal_yuan: normal(4.38, 0.2),
        any_tolerance_breach: indicator(0.085),
      },
      series: {
        fiscal_cash_flow: series(H, (y) => ({ median: y <= 5 ? -2.1e8 : 0.9e8, spread: 3e7 })),
        projects_landed: series(H, (y) => ({ median: y <= 5 ? 100 : 0, spread: y <= 5 ? 10 : 0 })),
      },
    },
    targets: [
      { metric: "pool.pool_exhausted.mean", op: "<=", value: 0.05, actual: 0.031, pass: true },
      { metric: "fund.tvpi.p50", op: ">=", value: 1.2, actual: 1.55, pass: true },
      { metric: "angel.gov_tvpi.mean", op: ">=", value: 1.2, actual: 1.1492, pass: false },
    ],
  };
}

/** A minimal scenario object with the 容错 limits the charts mark. */
export const SYNTHETIC_SCENARIO = {
  name: "synthetic-programme",
  horizon_years: H,
  vehicles: [
    { id: "fund", kind: "transformation_fund", size: 2e9, tolerance: { fund_loss_ratio: 0.4 } },
    { id: "angel", kind: "angel_fof", commitment: 2e8, tolerance: { fund_loss_ratio: 0.6 } },
    { id: "pool", kind: "risk_pool", pool: 1e8, leverage: 10 },
  ],
};

/** A two-parameter sweep (reserves × entry share) with standard errors on one metric. */
export function syntheticSweep(): SweepReport {
  const rows: SweepReport["rows"] = [];
  for (const reserves of [0.2, 0.3, 0.4])
    for (const lab of [0.1, 0.3]) {
      const tvpi = 1.4 + reserves - lab;
      rows.push({
        params: { "fund.reserves": reserves, "fund.deal_flow.entry_mix.lab": lab },
        values: {
          "fund.tvpi.mean": tvpi,
          "fund.tolerance_breach.mean": 0.05 + lab / 2,
          "fund.nav.p50": 1e9 * reserves,
        },
        se: { "fund.tvpi.mean": 0.02 + reserves / 100 },
      });
    }
  return {
    params: ["fund.reserves", "fund.deal_flow.entry_mix.lab"],
    metrics: ["fund.tvpi.mean", "fund.tolerance_breach.mean", "fund.nav.p50"],
    rows,
  };
}

/** A paired comparison: one clear difference, one within noise, one without a standard error. */
export function syntheticCompare(): CompareReport {
  return {
    a: "yuhang-2b",
    b: "yuhang-2b+reserves=0.4",
    rows: [
      { metric: "fund.tvpi", a: 1.55, b: 1.62, diff: 0.07, se: 0.01 },
      { metric: "fund.loss_ratio", a: 0.31, b: 0.312, diff: 0.002, se: 0.004 },
      { metric: "fund.social_capital", a: 1.2e9, b: 1.2e9, diff: 0, se: 0 },
    ],
  };
}

/** A pool-sizing curve: P(exhausted) falls with the pool; the answer is ¥120M at alpha 5%. */
export function syntheticSizing(): SizingReport {
  return {
    alpha: 0.05,
    rows: [5e7, 8e7, 1e8, 1.2e8, 1.5e8, 2e8].map((size) => {
      const p = Math.min(1, 0.6 * Math.exp(-size / 4.8e7));
      return { size, probability: p, se: Math.sqrt((p * (1 - p)) / 2000) };
    }),
    chosen: 1.2e8,
    band: { lo: 1.12e8, hi: 1.31e8 },
  };
}
