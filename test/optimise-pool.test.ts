/**
 * The bureau's frontier against Vasicek (MODEL.md §2.2, §6): one year of 2000 fixed 1M loans (pd 5%, rho 0.15, lgd
 * 1), the pool paying a share s of each loss. Given the year's factor Z the defaults are Binomial(2000, p(Z)) with
 * Vasicek's conditional p(Z), so P(exhausted) at pool size P is the exact mixture ∫ P(D > P / (s·1M) | z) φ(z) dz.
 * For each loss share the smallest pool with P(exhausted) ≤ 5% must be found within the Monte Carlo error.
 */
import { describe, expect, it } from "vitest";
import { normCdf, normInv } from "../src/engine/normal.ts";
import { runOptimise } from "../src/run/optimise/optimise.ts";
import { binomialCdf } from "../src/stats/bounds.ts";
import { poolScenario, poolVehicle, segment } from "./risk-pool-helpers.ts";

const N = 2000;
const PD = 0.05;
const RHO = 0.15;

/** Exact P(exhausted) for pool size `pool` and loss share `share` (trapezoid over z on [-8, 8], 3201 points). */
function exhaustion(pool: number, share: number): number {
  const k = Math.floor(pool / (share * 1e6) + 1e-9);
  const a = normInv(PD);
  let sum = 0;
  const h = 16 / 3200;
  for (let i = 0; i <= 3200; i++) {
    const z = -8 + i * h;
    const p = normCdf((a - Math.sqrt(RHO) * z) / Math.sqrt(1 - RHO));
    const f = ((1 - binomialCdf(k, N, p)) * Math.exp((-z * z) / 2)) / Math.sqrt(2 * Math.PI);
    sum += (i === 0 || i === 3200 ? 0.5 : 1) * f * h;
  }
  return sum;
}

describe("pool frontier against Vasicek", () => {
  it.each([0.4, 0.8])("smallest pool with P(exhausted) ≤ 5% at loss share %s", async (share) => {
    const raw = poolScenario(
      poolVehicle({
        pool: 1e8,
        banks: [{ id: "b", loans: [segment({ per_year: N, pd: PD, rho: RHO })] }],
        compensation: { pool_share: share },
      }),
    );
    const r = await runOptimise(raw, {
      decide: ["pool.pool=log(2e7..1e9)"],
      minimise: "programme.fiscal_in.mean",
      subject_to: ["pool.pool_exhausted.mean <= 0.05"],
      paths: 2000,
      seed: 3,
      budget: 24,
      confirm_paths: 8000,
      frontier: 0,
    });
    expect(r.best).not.toBeNull();
    const pool = r.best!.set["pool.pool"] as number;
    const se = (n: number) => Math.sqrt((0.05 * 0.95) / n);
    const p = exhaustion(pool, share);
    // Within the limit up to the confirmation's error; no more conservative than the two confidence margins (search
    // and confirmation) plus three standard errors of the two samples together.
    const slack = 1.645 * se(2000) + 1.645 * se(8000) + 3 * Math.hypot(se(2000), se(8000));
    expect(p, `pool ${pool}`).toBeLessThanOrEqual(0.05 + 2 * se(8000));
    expect(p, `pool ${pool}`).toBeGreaterThanOrEqual(0.05 - slack);
    // The Monte Carlo estimate agrees with the exact probability at the recommended size.
    const c = r.best!.constraints[0]!;
    expect(Math.abs(c.estimate! - p)).toBeLessThanOrEqual(4 * se(8000));
  });
});
