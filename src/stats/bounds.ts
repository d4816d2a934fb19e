/**
 * One-sided confidence bounds for a recommendation (MODEL.md §11): a constraint must hold with the stated confidence,
 * so each estimate gets the bound on its bad side. Probabilities (a 0/1 metric's mean) use the exact Clopper–Pearson
 * bound — the binomial tail solved for p by bisection, so it is exact to 1e-12 and never below the truth's coverage;
 * other estimates use the normal bound estimate ± z·se.
 */
import { normInv } from "../engine/normal.ts";

/** P(X ≤ k) for X ~ Binomial(n, p), summed in log space (no underflow for large n). */
export function binomialCdf(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n || p <= 0) return 1;
  if (p >= 1) return 0;
  // log of each term by the ratio recurrence t_{i+1} = t_i · (n − i)/(i + 1) · p/(1 − p), then log-sum-exp.
  const lr = Math.log(p) - Math.log1p(-p);
  let log = n * Math.log1p(-p);
  let max = log;
  const logs = new Float64Array(k + 1);
  logs[0] = log;
  for (let i = 0; i < k; i++) {
    log += Math.log((n - i) / (i + 1)) + lr;
    logs[i + 1] = log;
    if (log > max) max = log;
  }
  let sum = 0;
  for (let i = 0; i <= k; i++) sum += Math.exp(logs[i]! - max);
  return Math.min(1, Math.exp(max + Math.log(sum)));
}

/** The p in [0, 1] where the decreasing function f(p) crosses `target`, by bisection. */
function solveDecreasing(f: (p: number) => number, target: number): number {
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) > target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * Exact one-sided Clopper–Pearson bounds for k successes in n trials at `confidence`: `hi` is the upper bound
 * (P(p ≤ hi) ≥ confidence), `lo` the lower one; each is its own one-sided bound, not a two-sided interval.
 * scipy: `beta.ppf(confidence, k + 1, n - k)` and `beta.ppf(1 - confidence, k, n - k + 1)`.
 */
export function clopperPearson(k: number, n: number, confidence: number): { lo: number; hi: number } {
  const alpha = 1 - confidence;
  const hi = k >= n ? 1 : solveDecreasing((p) => binomialCdf(k, n, p), alpha);
  // P(X ≥ k; p) = 1 − F(k − 1) rises with p: solve 1 − F(k − 1; p) = alpha, i.e. F(k − 1; p) = 1 − alpha.
  const lo = k <= 0 ? 0 : solveDecreasing((p) => binomialCdf(k - 1, n, p), 1 - alpha);
  return { lo, hi };
}

/** The one-sided normal quantile z with P(Z ≤ z) = confidence. */
export function zOneSided(confidence: number): number {
  return normInv(confidence);
}
