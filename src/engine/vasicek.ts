/**
 * The analytic engine for a loan pool: Vasicek's large-pool limit of the one-factor Gaussian copula (MODEL.md §2.2).
 * For a homogeneous portfolio of many small loans with annual default probability `pd` and factor loading `rho`,
 * the fraction of the portfolio that defaults in a year is L = p(Z) = Φ((Φ⁻¹(pd) − √ρ·Z)/√(1−ρ)), so
 *   P(L ≤ x) = Φ((√(1−ρ)·Φ⁻¹(x) − Φ⁻¹(pd)) / √ρ)    and    x_q = Φ((Φ⁻¹(pd) + √ρ·Φ⁻¹(q)) / √(1−ρ)).
 * It checks the Monte Carlo engine (Vasicek 2002, "The distribution of loan portfolio value"; Basel IRB formula).
 */
import { normCdf, normInv } from "./normal.ts";

export interface VasicekParams {
  /** Annual probability of default of one loan. */
  pd: number;
  /** Asset correlation (factor loading), 0 ≤ rho < 1. */
  rho: number;
}

/** P(L ≤ x) for the default fraction L of a large homogeneous pool. */
export function vasicekCdf(x: number, { pd, rho }: VasicekParams): number {
  if (x < 0) return 0;
  if (x >= 1) return 1;
  if (pd <= 0) return 1;
  if (pd >= 1) return 0;
  if (rho <= 0) return x >= pd ? 1 : 0;
  if (x === 0) return 0;
  return normCdf((Math.sqrt(1 - rho) * normInv(x) - normInv(pd)) / Math.sqrt(rho));
}

/** The q-quantile of L (0 < q < 1). */
export function vasicekQuantile(q: number, { pd, rho }: VasicekParams): number {
  if (pd <= 0) return 0;
  if (pd >= 1) return 1;
  return normCdf((normInv(pd) + Math.sqrt(rho) * normInv(q)) / Math.sqrt(1 - rho));
}

/** E[L] = pd: the copula preserves each loan's default probability. */
export function vasicekMean({ pd }: VasicekParams): number {
  return pd;
}

/**
 * Expected shortfall E[L | L ≥ x_q]: the mean of the worst (1 − q) share of years. L is decreasing in Z, so the worst
 * years are Z < Φ⁻¹(1 − q): ES = (1/(1−q))·∫_{−∞}^{Φ⁻¹(1−q)} p(z)·φ(z) dz, by composite Simpson on [−9, Φ⁻¹(1−q)].
 */
export function vasicekExpectedShortfall(q: number, { pd, rho }: VasicekParams, steps = 2000): number {
  if (pd <= 0) return 0;
  if (pd >= 1) return 1;
  const hi = normInv(1 - q);
  const lo = Math.min(-9, hi - 1);
  const t = normInv(pd);
  const a = Math.sqrt(rho);
  const b = Math.sqrt(1 - rho);
  const f = (z: number) => (normCdf((t - a * z) / b) * Math.exp(-0.5 * z * z)) / Math.sqrt(2 * Math.PI);
  const n = steps % 2 === 0 ? steps : steps + 1;
  const h = (hi - lo) / n;
  let s = f(lo) + f(hi);
  for (let i = 1; i < n; i++) s += (i % 2 === 1 ? 4 : 2) * f(lo + i * h);
  return (s * h) / 3 / (1 - q);
}

/** Summary of the loss fraction for the analytic block of a result. */
export function vasicekSummary(p: VasicekParams, scale = 1): Record<string, number> {
  const out: Record<string, number> = { mean: scale * vasicekMean(p) };
  for (const [key, q] of [
    ["p05", 0.05],
    ["p25", 0.25],
    ["p50", 0.5],
    ["p75", 0.75],
    ["p95", 0.95],
    ["p99", 0.99],
  ] as const)
    out[key] = scale * vasicekQuantile(q, p);
  out.es95 = scale * vasicekExpectedShortfall(0.95, p);
  out.es99 = scale * vasicekExpectedShortfall(0.99, p);
  return out;
}
