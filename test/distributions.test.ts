/**
 * Samplers tested statistically from one table (NumPyro style): the compiled sampler's analytic mean against the
 * closed form, the sample mean and variance against the analytic moments (within 4.5 standard errors), and a
 * goodness-of-fit test — Kolmogorov–Smirnov for continuous laws, chi-square for discrete ones. Every law but the
 * degenerate one has a CDF or a probability mass function (checked below), taken from test/stats-helpers.ts where
 * there is no closed form: those reference functions are themselves checked against scipy values.
 */
import { describe, expect, it } from "vitest";
import { normCdf } from "../src/engine/normal.ts";
import { makeStream } from "../src/engine/rng.ts";
import { compile } from "../src/engine/sampler.ts";
import type { Dist } from "../src/scenario/distribution.ts";
import { betaCdf, lnGamma, poissonPmf } from "./stats-helpers.ts";

interface Case {
  name: string;
  dist: Dist;
  mean: number;
  variance: number;
  cdf?: (x: number) => number;
  pmf?: (k: number) => number;
}

const lnCdf = (mu: number, s: number) => (x: number) => (x <= 0 ? 0 : normCdf((Math.log(x) - mu) / s));
const fact = (k: number): number => (k <= 1 ? 1 : k * fact(k - 1));
/** Beta(mean m, sd s) by the method of moments, as the sampler parameterises it: k = m(1 − m)/s² − 1. */
const betaShape = (m: number, sd: number) => {
  const k = (m * (1 - m)) / (sd * sd) - 1;
  return { a: m * k, b: (1 - m) * k };
};
const BETA = betaShape(0.8, 0.15);

const CASES: Case[] = [
  { name: "fixed", dist: 7, mean: 7, variance: 0 },
  {
    name: "uniform",
    dist: { dist: "uniform", min: 2, max: 5 },
    mean: 3.5,
    variance: 9 / 12,
    cdf: (x) => Math.min(1, Math.max(0, (x - 2) / 3)),
  },
  {
    name: "uniform_int",
    dist: { dist: "uniform_int", min: 1, max: 4 },
    mean: 2.5,
    variance: (16 - 1) / 12,
    pmf: (k) => (k >= 1 && k <= 4 ? 0.25 : 0),
  },
  { name: "normal", dist: { dist: "normal", mean: 3, sd: 2 }, mean: 3, variance: 4, cdf: (x) => normCdf((x - 3) / 2) },
  {
    // Truncated at 0: mean = μ + σ φ(α)/(1 − Φ(α)), α = −μ/σ = −1 ⇒ 1 + 0.2419707/0.8413447 = 1.2875999;
    // variance = σ²[1 + αφ(α)/(1−Φ(α)) − (φ(α)/(1−Φ(α)))²] = 1 − 0.2875999 − 0.0827137 = 0.6296864.
    name: "normal truncated",
    dist: { dist: "normal", mean: 1, sd: 1, min: 0 },
    mean: 1.2875999709391783,
    variance: 0.6296863723,
    cdf: (x) => (x <= 0 ? 0 : (normCdf(x - 1) - normCdf(-1)) / (1 - normCdf(-1))),
  },
  {
    name: "lognormal median/sigma",
    dist: { dist: "lognormal", median: 10, sigma: 0.5 },
    mean: 10 * Math.exp(0.125),
    variance: 100 * Math.exp(0.25) * (Math.exp(0.25) - 1),
    cdf: lnCdf(Math.log(10), 0.5),
  },
  {
    name: "lognormal mean/sd",
    dist: { dist: "lognormal", mean: 3.1, sd: 2 },
    mean: 3.1,
    variance: 4,
    cdf: lnCdf(Math.log(3.1) - Math.log(1 + 4 / 9.61) / 2, Math.sqrt(Math.log(1 + 4 / 9.61))),
  },
  {
    // Beta(mean 0.8, sd 0.15): k = 0.16/0.0225 − 1 = 6.111, a = 4.889, b = 1.222.
    name: "beta",
    dist: { dist: "beta", mean: 0.8, sd: 0.15 },
    mean: 0.8,
    variance: 0.0225,
    cdf: betaCdf(BETA.a, BETA.b),
  },
  {
    name: "pareto",
    dist: { dist: "pareto", scale: 2, alpha: 5 },
    mean: 2.5,
    variance: (4 * 5) / (16 * 3),
    cdf: (x) => (x < 2 ? 0 : 1 - (2 / x) ** 5),
  },
  {
    name: "poisson small",
    dist: { dist: "poisson", mean: 4 },
    mean: 4,
    variance: 4,
    pmf: (k) => (Math.exp(-4) * 4 ** k) / fact(k),
  },
  {
    // Mean ≥ 30: the sampler's rejection branch (Atkinson 1979), not the multiplication one.
    name: "poisson large",
    dist: { dist: "poisson", mean: 100 },
    mean: 100,
    variance: 100,
    pmf: poissonPmf(100),
  },
  {
    name: "empirical",
    dist: { dist: "empirical", values: [1, 2, 10], weights: [0.5, 0.3, 0.2] },
    mean: 0.5 + 0.6 + 2,
    variance: 0.5 + 1.2 + 20 - 3.1 * 3.1,
    pmf: (k) => ({ 1: 0.5, 2: 0.3, 10: 0.2 })[k] ?? 0,
  },
];

const N = 40_000;

/**
 * Chi-square 0.999 quantile: scipy.stats.chi2.ppf(0.999, df) for df ≤ 20; above, the Wilson–Hilferty form
 * df·(1 − 2/(9df) + z·√(2/(9df)))³ with z = Φ⁻¹(0.999) = 3.0902323, which is within 0.3% of scipy there
 * (df 21: 46.92 vs 46.80; df 60: 99.68 vs 99.61; df 100: 149.50 vs 149.45).
 */
function chiSquare999(df: number): number {
  const table = [
    0, 10.83, 13.82, 16.27, 18.47, 20.52, 22.46, 24.32, 26.12, 27.88, 29.59, 31.26, 32.91, 34.53, 36.12, 37.7, 39.25,
    40.79, 42.31, 43.82, 45.31,
  ];
  if (df < 1) throw new Error(`chi-square test with ${df} degrees of freedom`);
  if (df <= 20) return table[df]!;
  const v = 2 / (9 * df);
  return df * (1 - v + 3.090232306167813 * Math.sqrt(v)) ** 3;
}

describe("reference distribution functions (test/stats-helpers.ts) against scipy", () => {
  // scipy.special.gammaln / scipy.stats.beta.cdf / scipy.stats.poisson.pmf (scipy 1.17).
  it.each([
    ["lnΓ(0.5)", () => lnGamma(0.5), 0.5723649429247],
    ["lnΓ(100.5)", () => lnGamma(100.5), 361.43554046777757],
    ["lnΓ(0.001)", () => lnGamma(1e-3), 6.907178885383853],
    ["beta.cdf(0.3, a, b)", () => betaCdf(BETA.a, BETA.b)(0.3), 0.00417182127430942],
    ["beta.cdf(0.5, a, b)", () => betaCdf(BETA.a, BETA.b)(0.5), 0.04790671963640654],
    ["beta.cdf(0.8, a, b)", () => betaCdf(BETA.a, BETA.b)(0.8), 0.4182154559459501],
    ["beta.cdf(0.95, a, b)", () => betaCdf(BETA.a, BETA.b)(0.95), 0.8521929782581363],
    ["beta.cdf(0.999, a, b)", () => betaCdf(BETA.a, BETA.b)(0.999), 0.9986232745888808],
    ["beta.cdf(0.3, 0.5, 0.5)", () => betaCdf(0.5, 0.5)(0.3), 0.36901011956554536],
    ["beta.cdf(0.9, 30, 2)", () => betaCdf(30, 2)(0.9), 0.1695646331008649],
    ["poisson.pmf(0, 100)", () => poissonPmf(100)(0), 3.720075976020836e-44],
    ["poisson.pmf(70, 100)", () => poissonPmf(100)(70), 0.00031056089812003264],
    ["poisson.pmf(100, 100)", () => poissonPmf(100)(100), 0.03986099680914883],
    ["poisson.pmf(130, 100)", () => poissonPmf(100)(130), 0.0005752526838154963],
  ] as const)("%s", (_what, f, expected) => {
    const actual = f();
    // Relative tolerance 1e-10: far below any KS or chi-square resolution at n = 40 000.
    expect(Math.abs(actual / expected - 1), `expected ${expected}, got ${actual}`).toBeLessThan(1e-10);
  });
  it("beta(a, b) shape of mean 0.8, sd 0.15 is a = 4.889, b = 1.222", () => {
    expect(BETA.a).toBeCloseTo(44 / 9, 12);
    expect(BETA.b).toBeCloseTo(11 / 9, 12);
  });
});

it("every non-degenerate law in the table has a goodness-of-fit test (a CDF or a pmf)", () => {
  const without = CASES.filter((c) => c.variance > 0 && c.cdf === undefined && c.pmf === undefined).map((c) => c.name);
  expect(without).toEqual([]);
  // Exactly one law is degenerate, and it is the fixed value.
  expect(CASES.filter((c) => c.variance === 0).map((c) => c.name)).toEqual(["fixed"]);
});

function sample(d: Dist, n: number, key: string): Float64Array {
  const s = compile(d);
  const rng = makeStream(key);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = s.sample(rng);
  return out;
}

describe.each(CASES)("$name", (c) => {
  it("analytic mean of the compiled sampler", () => {
    expect(compile(c.dist).mean).toBeCloseTo(c.mean, 9);
  });

  it("sample mean and variance within 4.5 standard errors", () => {
    const x = sample(c.dist, N, `moments:${c.name}`);
    const mean = x.reduce((a, b) => a + b, 0) / N;
    const variance = x.reduce((a, b) => a + (b - mean) ** 2, 0) / (N - 1);
    const seMean = Math.sqrt(c.variance / N);
    expect(Math.abs(mean - c.mean), `mean ${mean} vs ${c.mean} (se ${seMean})`).toBeLessThanOrEqual(
      4.5 * seMean + 1e-12,
    );
    // se of the sample variance ≈ σ²·√(2/(n−1)) for light tails; allow 6 of them (beta/pareto have some kurtosis).
    const seVar = c.variance * Math.sqrt(2 / (N - 1)) * 2;
    expect(Math.abs(variance - c.variance), `variance ${variance} vs ${c.variance}`).toBeLessThanOrEqual(
      4.5 * seVar + 1e-12,
    );
  });

  if (c.cdf !== undefined)
    it("Kolmogorov–Smirnov against the CDF (α = 0.001)", () => {
      const x = sample(c.dist, N, `ks:${c.name}`).sort();
      let d = 0;
      for (let i = 0; i < N; i++) {
        const f = c.cdf!(x[i]!);
        d = Math.max(d, Math.abs((i + 1) / N - f), Math.abs(f - i / N));
      }
      // Critical value 1.949/√n at α = 0.001.
      expect(d, `KS statistic`).toBeLessThan(1.949 / Math.sqrt(N));
    });

  if (c.pmf !== undefined)
    it("chi-square against the probability mass function (α = 0.001)", () => {
      const x = sample(c.dist, N, `chi2:${c.name}`);
      const counts = new Map<number, number>();
      for (const v of x) counts.set(v, (counts.get(v) ?? 0) + 1);
      // A draw outside the support (a non-integer, a negative count, a value the law cannot take) fails outright:
      // the pooled rest below would otherwise absorb it.
      const impossible = [...counts.keys()].filter((k) => !(c.pmf!(k) > 0));
      expect(impossible, "draws where the pmf is 0").toEqual([]);
      // Bins with expected count ≥ 5; the rest pooled.
      let chi2 = 0;
      let bins = 0;
      let restObs = N;
      let restExp = N;
      for (const k of [...counts.keys()].sort((a, b) => a - b)) {
        const e = N * c.pmf!(k);
        if (e < 5) continue;
        const o = counts.get(k)!;
        chi2 += (o - e) ** 2 / e;
        bins++;
        restObs -= o;
        restExp -= e;
      }
      if (restExp >= 5) {
        chi2 += (restObs - restExp) ** 2 / restExp;
        bins++;
      }
      // df = bins − 1.
      const crit = chiSquare999(bins - 1);
      expect(chi2, `chi2 ${chi2} with ${bins - 1} df, critical value ${crit}`).toBeLessThan(crit);
    });
});

describe("lognormal with a Pareto tail", () => {
  const d: Dist = { dist: "lognormal", median: 100, sigma: 1, tail: { quantile: 0.9, alpha: 2.5 } };
  it("keeps the body below the quantile and follows the Pareto law above it", () => {
    const x = sample(d, N, "tail");
    const q = 100 * Math.exp(1.2815515655446004); // body's 90% quantile
    const above = x.filter((v) => v > q);
    // 10% of draws above q (binomial se 0.0015).
    expect(Math.abs(above.length / N - 0.1)).toBeLessThan(0.006);
    // Above q: P(X > 2q | X > q) = 2^−2.5 = 0.1768.
    const frac = above.filter((v) => v > 2 * q).length / above.length;
    expect(Math.abs(frac - 0.1767767)).toBeLessThan(0.02);
  });
  it("analytic mean matches the sample mean", () => {
    const x = sample(d, 200_000, "tail-mean");
    const m = x.reduce((a, b) => a + b, 0) / x.length;
    expect(Math.abs(m / compile(d).mean - 1)).toBeLessThan(0.03);
  });
});
