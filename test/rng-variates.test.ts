/**
 * The fast exact variates: the ziggurat's tables and its normals (moments, Kolmogorov–Smirnov, chi-square in
 * equiprobable bins, the tail beyond R, serial correlation), the table exp against `Math.exp` (≤ 1e-14 relative),
 * and Poisson (inversion and PTRS), binomial (each regime), gamma and beta against their exact laws (moments and a
 * chi-square or KS test). Fixed seeds, limits at α = 0.001. The compiled scenario samplers built on these are tested
 * in distributions.test.ts.
 */
import { describe, expect, it } from "vitest";
import { fastExp } from "../src/engine/fast-exp.ts";
import { normCdf, normInv } from "../src/engine/normal.ts";
import { makeStream, type Stream } from "../src/engine/rng.ts";
import { F, LAYERS, R, V, X } from "../src/engine/ziggurat.ts";
import { betaCdf, lnGamma, poissonPmf } from "./stats-helpers.ts";

/** Upper α critical value of χ²(df) by Wilson–Hilferty. */
function chi2Critical(df: number, alpha: number): number {
  const z = normInv(1 - alpha);
  const k = 2 / (9 * df);
  return df * (1 - k + z * Math.sqrt(k)) ** 3;
}

/** Kolmogorov–Smirnov statistic of a sample against a CDF. */
function ksD(sample: Float64Array, cdf: (x: number) => number): number {
  const s = sample.slice().sort();
  const n = s.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const u = cdf(s[i]!);
    d = Math.max(d, Math.abs(u - i / n), Math.abs((i + 1) / n - u));
  }
  return d;
}
const KS_CRIT = (n: number) => 1.949 / Math.sqrt(n);

/** Chi-square of integer draws against a pmf, cells with expected count < 5 pooled into the two tails. */
function chi2Discrete(draws: Int32Array, pmf: (k: number) => number): { stat: number; df: number } {
  const n = draws.length;
  let max = 0;
  for (const k of draws) max = Math.max(max, k);
  const counts = new Float64Array(max + 2);
  for (const k of draws) counts[k]! += 1;
  const cells: [number, number][] = [];
  let accObs = 0;
  let accExp = 0;
  let cumP = 0;
  for (let k = 0; k <= max; k++) {
    const p = pmf(k);
    cumP += p;
    accObs += counts[k]!;
    accExp += n * p;
    if (accExp >= 5) {
      cells.push([accObs, accExp]);
      accObs = 0;
      accExp = 0;
    }
  }
  // The upper tail beyond the largest draw joins the last cell.
  accExp += n * Math.max(0, 1 - cumP);
  if (cells.length > 0) {
    const last = cells[cells.length - 1]!;
    last[0] += accObs;
    last[1] += accExp;
  }
  let stat = 0;
  for (const [o, e] of cells) stat += (o - e) ** 2 / e;
  return { stat, df: cells.length - 1 };
}

function moments(x: Float64Array): { mean: number; variance: number } {
  let m = 0;
  for (const v of x) m += v;
  m /= x.length;
  let s = 0;
  for (const v of x) s += (v - m) ** 2;
  return { mean: m, variance: s / (x.length - 1) };
}

const draws = (n: number, f: () => number) => Float64Array.from({ length: n }, f);

describe("ziggurat tables", () => {
  it("every layer has area V: the base strip R·f(R) + tail, the others x[i]·(f(x[i+1]) − f(x[i]))", () => {
    const tail = Math.sqrt(Math.PI / 2) * (1 - normCdf(R)) * 2 ** 0; // ∫_R^∞ e^{−x²/2} dx = √(2π)·(1 − Φ(R))
    const tailArea = Math.sqrt(2 * Math.PI) * (1 - normCdf(R));
    expect(tail).toBeGreaterThan(0);
    expect(Math.abs(R * F[1]! + tailArea - V) / V).toBeLessThan(1e-9);
    expect(Math.abs(X[0]! * F[1]! - V) / V).toBeLessThan(1e-12);
    for (let i = 1; i < LAYERS; i++) {
      const area = X[i]! * (F[i + 1]! - F[i]!);
      expect(Math.abs(area - V) / V, `layer ${i}`).toBeLessThan(1e-8);
    }
    for (let i = 0; i < LAYERS; i++) expect(X[i + 1]!).toBeLessThan(X[i]!);
    expect(F[LAYERS]).toBe(1);
  });
});

describe("ziggurat normals", () => {
  const rng = makeStream("ziggurat");
  const n = 400_000;
  const z = draws(n, () => rng.normal());

  it("moments: mean 0, variance 1, skewness 0, kurtosis 3 (within 4.5 standard errors)", () => {
    const { mean, variance } = moments(z);
    let m3 = 0;
    let m4 = 0;
    for (const v of z) {
      m3 += v ** 3;
      m4 += v ** 4;
    }
    m3 /= n;
    m4 /= n;
    expect(Math.abs(mean)).toBeLessThan(4.5 / Math.sqrt(n));
    expect(Math.abs(variance - 1)).toBeLessThan(4.5 * Math.sqrt(2 / n));
    expect(Math.abs(m3)).toBeLessThan(4.5 * Math.sqrt(15 / n));
    expect(Math.abs(m4 - 3)).toBeLessThan(4.5 * Math.sqrt(96 / n));
  });

  it("Kolmogorov–Smirnov against Φ, and chi-square in 200 equiprobable bins", () => {
    const d = ksD(z, normCdf);
    expect(d, `D = ${d}`).toBeLessThan(KS_CRIT(n));
    const bins = new Float64Array(200);
    for (const v of z) bins[Math.min(199, Math.floor(normCdf(v) * 200))]! += 1;
    let stat = 0;
    for (const c of bins) stat += (c - n / 200) ** 2 / (n / 200);
    expect(stat, `chi2 ${stat}`).toBeLessThan(chi2Critical(199, 0.001));
  });

  it("the tail beyond R and the wedges: P(|Z| > R), P(|Z| > 4.5) and P(X[2] < |Z| < X[1]) as for N(0,1)", () => {
    const big = makeStream("ziggurat tail");
    const m = 4_000_000;
    let beyondR = 0;
    let beyond45 = 0;
    let wedge = 0;
    for (let i = 0; i < m; i++) {
      const a = Math.abs(big.normal());
      if (a > R) beyondR++;
      if (a > 4.5) beyond45++;
      if (a > X[2]! && a < X[1]!) wedge++;
    }
    for (const [what, count, p] of [
      ["|Z| > R", beyondR, 2 * (1 - normCdf(R))],
      ["|Z| > 4.5", beyond45, 2 * (1 - normCdf(4.5))],
      ["X[2] < |Z| < R", wedge, 2 * (normCdf(X[1]!) - normCdf(X[2]!))],
    ] as const) {
      const sd = Math.sqrt(m * p * (1 - p));
      expect(Math.abs(count - m * p), `${what}: ${count} vs ${m * p}`).toBeLessThan(3.3 * sd + 1);
    }
  });

  it("serial test: lag 1–3 correlation of normals and of their squares at noise level", () => {
    const lim = normInv(1 - 0.0005) / Math.sqrt(n - 3);
    for (let lag = 1; lag <= 3; lag++)
      for (const f of [(v: number) => v, (v: number) => v * v - 1]) {
        let sxy = 0;
        let sxx = 0;
        for (let i = 0; i + lag < n; i++) {
          sxy += f(z[i]!) * f(z[i + lag]!);
          sxx += f(z[i]!) ** 2;
        }
        expect(Math.abs(sxy / sxx), `lag ${lag}`).toBeLessThan(lim);
      }
  });
});

describe("table exp", () => {
  it("within 1e-14 relative of Math.exp over (−708, 708), at the table's cell edges and on special values", () => {
    const rng = makeStream("exp");
    let worst = 0;
    const check = (x: number) => {
      const want = Math.exp(x);
      const err = Math.abs(fastExp(x) - want) / want;
      if (!(err <= worst)) worst = err;
    };
    for (let i = 0; i < 200_000; i++) check((rng.next() - 0.5) * 1416);
    for (let i = 0; i < 200_000; i++) check((rng.next() - 0.5) * 60);
    for (let k = -2000; k <= 2000; k++) {
      const edge = ((k + 0.5) * Math.LN2) / 1024;
      check(edge);
      check(edge * (1 + 1e-15));
      check(edge * (1 - 1e-15));
    }
    for (const x of [0, -0, 1e-300, -1e-300, 1, -1, 707.9, -707.9]) check(x);
    expect(worst, `worst relative error ${worst}`).toBeLessThan(1e-14);
    expect(fastExp(0)).toBe(1);
    for (const x of [709, 710, -745, -800, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])
      expect(fastExp(x)).toBe(Math.exp(x));
    expect(Number.isNaN(fastExp(Number.NaN))).toBe(true);
  });
});

/** Binomial(n, p) pmf in log space. */
const binomialPmf = (n: number, p: number) => (k: number) =>
  k < 0 || k > n
    ? 0
    : Math.exp(lnGamma(n + 1) - lnGamma(k + 1) - lnGamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log1p(-p));

describe("discrete samplers against their exact pmf (moments within 4.5 se, chi-square at α = 0.001)", () => {
  const cases: [string, (r: Stream) => number, (k: number) => number, number, number][] = [
    ["Poisson(3) by inversion", (r) => r.poisson(3), poissonPmf(3), 3, 3],
    ["Poisson(12) by PTRS", (r) => r.poisson(12), poissonPmf(12), 12, 12],
    ["Poisson(160) by PTRS", (r) => r.poisson(160), poissonPmf(160), 160, 160],
    ["Binomial(10, 0.3) by trials", (r) => r.binomial(10, 0.3), binomialPmf(10, 0.3), 3, 2.1],
    ["Binomial(160, 0.03) by inversion", (r) => r.binomial(160, 0.03), binomialPmf(160, 0.03), 4.8, 4.656],
    ["Binomial(400, 0.8) by reflection", (r) => r.binomial(400, 0.8), binomialPmf(400, 0.8), 320, 64],
    ["Binomial(5000, 0.3) by halving", (r) => r.binomial(5000, 0.3), binomialPmf(5000, 0.3), 1500, 1050],
  ];
  it.each(cases)("%s", (name, draw, pmf, mean, variance) => {
    const rng = makeStream(name);
    const n = 100_000;
    const x = new Int32Array(n);
    for (let i = 0; i < n; i++) x[i] = draw(rng);
    const m = moments(Float64Array.from(x));
    expect(Math.abs(m.mean - mean), `${name} mean ${m.mean}`).toBeLessThan(4.5 * Math.sqrt(variance / n));
    expect(Math.abs(m.variance - variance) / variance, `${name} variance ${m.variance}`).toBeLessThan(
      4.5 * Math.sqrt(2 / n) * 1.5,
    );
    const { stat, df } = chi2Discrete(x, pmf);
    expect(stat, `${name}: chi2 ${stat} on ${df} df`).toBeLessThan(chi2Critical(df, 0.001));
  });
});

describe("gamma and beta against their exact CDF (moments, Kolmogorov–Smirnov)", () => {
  // Gamma(3) is Erlang: 1 − e^{−x}(1 + x + x²/2); Gamma(1/2) is Z²/2: 2Φ(√(2x)) − 1.
  const cases: [string, (r: Stream) => number, (x: number) => number, number, number][] = [
    ["Gamma(3)", (r) => r.gamma(3), (x) => (x <= 0 ? 0 : 1 - Math.exp(-x) * (1 + x + (x * x) / 2)), 3, 3],
    ["Gamma(0.5)", (r) => r.gamma(0.5), (x) => (x <= 0 ? 0 : 2 * normCdf(Math.sqrt(2 * x)) - 1), 0.5, 0.5],
    [
      "Beta(4.94, 1.24)",
      (r) => r.beta(4.94, 1.24),
      betaCdf(4.94, 1.24),
      4.94 / 6.18,
      (4.94 * 1.24) / (6.18 ** 2 * 7.18),
    ],
    ["Beta(0.5, 0.5)", (r) => r.beta(0.5, 0.5), betaCdf(0.5, 0.5), 0.5, 0.125],
  ];
  it.each(cases)("%s", (name, draw, cdf, mean, variance) => {
    const rng = makeStream(name);
    const n = 100_000;
    const x = draws(n, () => draw(rng));
    const m = moments(x);
    expect(Math.abs(m.mean - mean), `${name} mean ${m.mean}`).toBeLessThan(4.5 * Math.sqrt(variance / n));
    const d = ksD(x, cdf);
    expect(d, `${name}: D = ${d}`).toBeLessThan(KS_CRIT(n));
  });
});
