/**
 * The analytic Vasicek engine against reference values, and the Monte Carlo pool engine against Vasicek's
 * large-pool limit (MODEL.md §2.2, §6).
 */
import { describe, expect, it } from "vitest";
import { vasicekCdf, vasicekExpectedShortfall, vasicekQuantile } from "../src/engine/vasicek.ts";
import { poolScenario, poolVehicle, quantile, runPool, segment } from "./risk-pool-helpers.ts";

// Reference values from scipy 1.17:
//   q(a) = norm.cdf((norm.ppf(pd) + sqrt(rho)*norm.ppf(a)) / sqrt(1-rho))
//   cdf(x) = norm.cdf((sqrt(1-rho)*norm.ppf(x) - norm.ppf(pd)) / sqrt(rho))
//   es(a) = quad(lambda z: p(z)*norm.pdf(z), -inf, norm.ppf(1-a)) / (1-a)
const REFERENCE = [
  {
    pd: 0.025,
    rho: 0.15,
    q50: 0.016756650346995475,
    q95: 0.07565741454850619,
    q99: 0.12535679804907768,
    q999: 0.2039139228648339,
    cdf05: 0.8739100082908621,
    es95: 0.10676221886253914,
    es99: 0.15917409891447587,
  },
  {
    pd: 0.01,
    rho: 0.12,
    q50: 0.00657105077249436,
    q95: 0.030569234757504175,
    q99: 0.0525265921288146,
    q999: 0.09032583132606531,
    cdf05: 0.9881297552104507,
    es95: 0.04446282973085664,
    es99: 0.06870862115821233,
  },
  {
    pd: 0.05,
    rho: 0.3,
    q50: 0.024650684965667163,
    q95: 0.18695676206433542,
    q99: 0.32887421008278406,
    q999: 0.522749631012054,
    cdf05: 0.6881179646338791,
    es95: 0.2740123555454154,
    es99: 0.41339493814167266,
  },
  {
    pd: 0.1,
    rho: 0.05,
    q50: 0.09428114077303484,
    q95: 0.17425357534074998,
    q99: 0.2173590914838598,
    q999: 0.2722918245618556,
    cdf05: 0.07514925147251898,
    es95: 0.20083579887901776,
    es99: 0.24144220699598365,
  },
];

function close(actual: number, expected: number, rel: number, what: string) {
  const err = Math.abs(actual - expected) / Math.abs(expected);
  expect(err, `${what}: expected ${expected}, got ${actual}, relative error ${err} > ${rel}`).toBeLessThanOrEqual(rel);
}

describe("Vasicek large-pool distribution", () => {
  it.each(REFERENCE)("quantiles, CDF and expected shortfall match scipy (pd $pd, rho $rho)", (r) => {
    const p = { pd: r.pd, rho: r.rho };
    close(vasicekQuantile(0.5, p), r.q50, 1e-9, "q50");
    close(vasicekQuantile(0.95, p), r.q95, 1e-9, "q95");
    close(vasicekQuantile(0.99, p), r.q99, 1e-9, "q99");
    close(vasicekQuantile(0.999, p), r.q999, 1e-9, "q999");
    close(vasicekCdf(0.05, p), r.cdf05, 1e-9, "cdf(0.05)");
    close(vasicekExpectedShortfall(0.95, p), r.es95, 1e-7, "ES95");
    close(vasicekExpectedShortfall(0.99, p), r.es99, 1e-7, "ES99");
  });

  it("CDF and quantile are inverse to each other", () => {
    for (const p of [
      { pd: 0.03, rho: 0.2 },
      { pd: 0.2, rho: 0.5 },
    ])
      for (const q of [0.01, 0.3, 0.5, 0.9, 0.999]) close(vasicekCdf(vasicekQuantile(q, p), p), q, 1e-9, `q ${q}`);
  });

  it("degenerate cases: rho 0 is a point mass at pd; pd 0 and 1 are certain", () => {
    expect(vasicekQuantile(0.99, { pd: 0.04, rho: 0 })).toBeCloseTo(0.04, 12);
    expect(vasicekCdf(0.039, { pd: 0.04, rho: 0 })).toBe(0);
    expect(vasicekCdf(0.041, { pd: 0.04, rho: 0 })).toBe(1);
    expect(vasicekQuantile(0.5, { pd: 0, rho: 0.2 })).toBe(0);
    expect(vasicekQuantile(0.5, { pd: 1, rho: 0.2 })).toBe(1);
  });
});

describe("Monte Carlo pool engine against Vasicek (large homogeneous segment, one year)", () => {
  // 2000 fixed loans per path, lgd 1, pool share 1, no caps, a pool that never runs dry: compensation ÷ lending is
  // the default fraction Binomial(2000, p(Z))/2000. Its finite-n distance from the limit was computed exactly with
  // scipy (mixture of binomials over Z): at most 1.3% for these pairs; the Monte Carlo error of a p99 at 20,000 paths
  // is about 1.5%, so 5% is about three standard errors.
  it.each([
    { pd: 0.02, rho: 0.1 },
    { pd: 0.05, rho: 0.15 },
    { pd: 0.1, rho: 0.2 },
  ])("p50/p95/p99 of compensation ÷ lending within 5% (pd $pd, rho $rho)", ({ pd, rho }) => {
    const raw = poolScenario(poolVehicle({ banks: [{ id: "b", loans: [segment({ per_year: 2000, pd, rho })] }] }));
    const run = runPool(raw, { paths: 20_000, seed: 7, sampler: "fast" });
    expect(run.engine.book.draws.fast).toBe(20_000);
    expect(run.engine.book.draws.perLoan).toBe(0);
    const comp = run.scalar("compensation_paid");
    const lent = run.scalar("loans_disbursed");
    const ratio = comp.map((c, i) => c / lent[i]!);
    for (const q of [0.5, 0.95, 0.99])
      close(quantile(ratio, q), vasicekQuantile(q, { pd, rho }), 0.05, `quantile ${q}`);
  });

  it("the engine's analytic block carries the Vasicek summary for an eligible pool, and none otherwise", () => {
    const eligible = runPool(poolScenario(poolVehicle({ compensation: { pool_share: 0.4 } })), { paths: 1 });
    const a = eligible.engine.analytic() as { compensation_per_lending: Record<string, number>; ignores: string[] };
    close(a.compensation_per_lending.p99!, 0.4 * vasicekQuantile(0.99, { pd: 0.02, rho: 0.15 }), 1e-12, "p99");
    expect(a.ignores).toEqual([]);
    const twoBanks = poolVehicle({
      banks: [
        { id: "a", loans: [segment()] },
        { id: "b", loans: [segment()] },
      ],
    });
    expect(runPool(poolScenario(twoBanks), { paths: 1 }).engine.analytic()).toBeUndefined();
    const tenor2 = poolVehicle({ banks: [{ id: "a", loans: [segment({ tenor_years: 2 })] }] });
    expect(runPool(poolScenario(tenor2), { paths: 1 }).engine.analytic()).toBeUndefined();
  });
});
