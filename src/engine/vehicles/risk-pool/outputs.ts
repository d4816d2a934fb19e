/**
 * The metrics a risk pool emits (MODEL.md §6 and the programme inputs of §7), their slots in the output arrays, and
 * the run-level expected shortfall of compensation (which needs every path, so it is computed after the run).
 */
import { emptySummary, type MetricSummary } from "../../../stats/summary.ts";

export const SCALARS = [
  "loans_disbursed",
  "loans_count",
  "leverage_realized",
  "leverage_peak",
  "defaults",
  "compensation_paid",
  "recoveries_received",
  "recoveries_pending",
  "bank_loss",
  "guarantor_loss",
  "guarantee_fees",
  "bank_interest_income",
  "pool_exhausted",
  "exhaustion_year",
  "breaker_tripped",
  "bank_breaker_tripped",
  "unpaid_claims",
  "replenishment_paid",
  "final_balance",
  "loans_blocked",
  "fiscal_in",
  "fiscal_cost",
  "social_capital",
  "lending",
] as const;

/** Per-year series; flows are of the year, `pool_balance` at its end, `outstanding` after its new loans. */
export const SERIES = [
  "pool_balance",
  "fiscal_cash_flow", // fiscal money paid in, negative
  "loans_disbursed_by_year",
  "compensation_by_year",
  "defaults_by_year",
  "breaker_on", // 1 when the pool's breaker stopped the year's lending
  "outstanding", // principal outstanding once the year's loans are granted
  "paid_in_by_year",
  "interest_by_year",
  "recoveries_by_year",
] as const;

type Index<T extends readonly string[]> = { [K in T[number]]: number };
function indexOf<T extends readonly string[]>(names: T): Index<T> {
  return Object.fromEntries(names.map((n, i) => [n, i])) as Index<T>;
}
export const S = indexOf(SCALARS);
export const Y = indexOf(SERIES);

/**
 * Expected shortfall at each level q: the mean of the worst ⌈n·(1−q)⌉ values (the defined values are sorted once for
 * all levels). Reported like a metric so reports and targets can read `compensation_es95.mean`; its `se` is the tail
 * sample's standard error, a rough guide (the tail threshold is itself estimated).
 */
export function expectedShortfalls(values: Float64Array, levels: readonly number[]): MetricSummary[] {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort();
  return levels.map((q) => tailSummary(sorted, values.length, q));
}

/** Expected shortfall at one level (see `expectedShortfalls`). */
export function expectedShortfall(values: Float64Array, q: number): MetricSummary {
  return expectedShortfalls(values, [q])[0]!;
}

/** The tail summary at level q of `sorted`, the defined values among `total`. */
function tailSummary(sorted: Float64Array, total: number, q: number): MetricSummary {
  const n = sorted.length;
  const s = emptySummary();
  if (n === 0) return s;
  const m = Math.max(1, Math.ceil(n * (1 - q) - 1e-9));
  let sum = 0;
  for (let i = n - m; i < n; i++) sum += sorted[i]!;
  const mean = sum / m;
  let ss = 0;
  for (let i = n - m; i < n; i++) ss += (sorted[i]! - mean) ** 2;
  const sd = m > 1 ? Math.sqrt(ss / (m - 1)) : 0;
  s.mean = mean;
  s.sd = sd;
  s.se = sd / Math.sqrt(m);
  s.defined = n / total;
  s.n = m;
  return s;
}
