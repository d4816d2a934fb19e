/**
 * The generator behind every stream (seedrandom's Alea, chosen for speed in docs/performance.md) is statistically
 * sound where the engine leans on it: uniform (chi-square), no serial correlation (lag 1–5 autocorrelation and
 * Knuth's serial pair test), and — because each path seeds fresh streams from (seed, path, label) — the first draws of
 * neighbouring paths, neighbouring seeds and of a path's macro and vehicle streams are uncorrelated. Seeds are fixed,
 * so each test is deterministic; limits are at α = 0.001 (a correct generator fails one check in a thousand seeds).
 */
import seedrandom from "seedrandom";
import { describe, expect, it } from "vitest";
import { normCdf, normInv } from "../src/engine/normal.ts";
import { CompanyStreams, makeStream, pathStream } from "../src/engine/rng.ts";

/** Upper α critical value of χ²(df) by Wilson–Hilferty: df·(1 − 2/(9df) + z·√(2/(9df)))³, z = Φ⁻¹(1 − α). */
function chi2Critical(df: number, alpha: number): number {
  const z = normInv(1 - alpha);
  const k = 2 / (9 * df);
  return df * (1 - k + z * Math.sqrt(k)) ** 3;
}

function chi2(counts: ArrayLike<number>, expected: number): number {
  let s = 0;
  for (let i = 0; i < counts.length; i++) s += (counts[i]! - expected) ** 2 / expected;
  return s;
}

/** Pearson correlation of two equal-length samples. */
function correlation(x: Float64Array, y: Float64Array): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/** |r| limit for independent samples of size n at α = 0.001 (two-sided): r ≈ N(0, 1/n). */
const rLimit = (n: number) => normInv(1 - 0.0005) / Math.sqrt(n);

const ALPHA = 0.001;

describe("generator quality (seedrandom Alea through Stream)", () => {
  it("makeStream is seedrandom's Alea, draw for draw", () => {
    const s = makeStream("1:2:fund");
    const g = seedrandom.alea("1:2:fund");
    for (let i = 0; i < 1000; i++) expect(s.next()).toBe(g());
    expect(pathStream(1, 2, "fund").next()).toBe(seedrandom.alea("1:2:fund")());
  });

  it("chi-square uniformity: 10⁶ draws of one stream in 1000 bins", () => {
    const rng = pathStream(20231124, 0, "fund");
    const bins = new Float64Array(1000);
    const n = 1_000_000;
    for (let i = 0; i < n; i++) bins[Math.floor(rng.next() * 1000)]! += 1;
    const stat = chi2(bins, n / 1000);
    // χ²(999) upper 0.001 point ≈ 1142.8 (Wilson–Hilferty; scipy: chi2.ppf(0.999, 999) = 1142.85).
    expect(stat, `chi2 ${stat}`).toBeLessThan(chi2Critical(999, ALPHA));
    expect(stat, `chi2 ${stat} is too good to be random`).toBeGreaterThan(chi2Critical(999, 1 - ALPHA));
  });

  it("chi-square uniformity of the first five draws of 40 000 fresh path streams (what short paths use)", () => {
    for (let k = 0; k < 5; k++) {
      const bins = new Float64Array(200);
      const paths = 40_000;
      for (let p = 0; p < paths; p++) {
        const rng = pathStream(7, p, "fund");
        for (let j = 0; j < k; j++) rng.next();
        bins[Math.floor(rng.next() * 200)]! += 1;
      }
      const stat = chi2(bins, paths / 200);
      expect(stat, `draw ${k + 1}: chi2 ${stat}`).toBeLessThan(chi2Critical(199, ALPHA));
    }
  });

  it("no serial correlation: lag 1–5 autocorrelation of 10⁶ draws", () => {
    const n = 1_000_000;
    const rng = pathStream(3, 11, "pool");
    const u = new Float64Array(n + 5);
    for (let i = 0; i < u.length; i++) u[i] = rng.next();
    for (let lag = 1; lag <= 5; lag++) {
      const r = correlation(u.subarray(0, n), u.subarray(lag, n + lag));
      expect(Math.abs(r), `lag ${lag}: r = ${r}`).toBeLessThan(rLimit(n));
    }
  });

  it("serial pair test (Knuth): consecutive non-overlapping pairs uniform on a 32×32 grid", () => {
    const rng = pathStream(5, 0, "macro");
    const cells = new Float64Array(32 * 32);
    const pairs = 500_000;
    for (let i = 0; i < pairs; i++) {
      const a = Math.floor(rng.next() * 32);
      const b = Math.floor(rng.next() * 32);
      cells[a * 32 + b]! += 1;
    }
    const stat = chi2(cells, pairs / 1024);
    expect(stat, `chi2 ${stat}`).toBeLessThan(chi2Critical(1023, ALPHA));
  });

  it("neighbouring paths, neighbouring seeds and a path's two labels give uncorrelated streams", () => {
    const n = 50_000;
    const firstDraws = (stream: (i: number) => ReturnType<typeof pathStream>, k: number) => {
      const x = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const rng = stream(i);
        for (let j = 0; j < k; j++) rng.next();
        x[i] = rng.next();
      }
      return x;
    };
    for (const k of [0, 1, 9]) {
      const pairs: [string, Float64Array, Float64Array][] = [
        [
          "path i vs i+1",
          firstDraws((i) => pathStream(42, i, "fund"), k),
          firstDraws((i) => pathStream(42, i + 1, "fund"), k),
        ],
        [
          "seed s vs s+1",
          firstDraws((i) => pathStream(42, i, "fund"), k),
          firstDraws((i) => pathStream(43, i, "fund"), k),
        ],
        [
          "macro vs vehicle",
          firstDraws((i) => pathStream(42, i, "macro"), k),
          firstDraws((i) => pathStream(42, i, "fund"), k),
        ],
      ];
      for (const [what, x, y] of pairs) {
        const r = correlation(x, y);
        expect(Math.abs(r), `${what}, draw ${k + 1}: r = ${r}`).toBeLessThan(rLimit(n));
      }
    }
    // Whole sequences of adjacent paths: 100 pairs × 10 000 draws, pooled correlations stay at noise level.
    let worst = 0;
    for (let i = 0; i < 100; i++) {
      const a = pathStream(9, i, "fund");
      const b = pathStream(9, i + 1, "fund");
      const x = new Float64Array(10_000);
      const y = new Float64Array(10_000);
      for (let j = 0; j < x.length; j++) {
        x[j] = a.next();
        y[j] = b.next();
      }
      worst = Math.max(worst, Math.abs(correlation(x, y)));
    }
    // The largest of 100 |r| of n = 10 000: P(max > 4.4/√n) ≈ 100 · 1.1e-5 ≈ 0.001.
    expect(worst).toBeLessThan(4.4 / Math.sqrt(10_000));
  });

  it("normals (Marsaglia polar) are standard normal: Kolmogorov–Smirnov on 200 000 draws", () => {
    const rng = pathStream(1, 1, "fund");
    const n = 200_000;
    const u = new Float64Array(n);
    for (let i = 0; i < n; i++) u[i] = normCdf(rng.normal());
    u.sort();
    let d = 0;
    for (let i = 0; i < n; i++) d = Math.max(d, Math.abs(u[i]! - i / n), Math.abs((i + 1) / n - u[i]!));
    // KS critical value at α = 0.001: 1.949 / √n (asymptotic Kolmogorov distribution).
    expect(d, `D = ${d}`).toBeLessThan(1.949 / Math.sqrt(n));
  });
});

describe("company sub-streams (the fund's per-company fates)", () => {
  /** Draws `n` uniforms for deal `deal` of the path with key `key`, alone in slot 0. */
  const alone = (key: number, deal: number, n: number) => {
    const cs = new CompanyStreams();
    cs.seed(0, key, deal);
    const s = cs.select(0);
    return Array.from({ length: n }, () => s.next());
  };

  it("a company's draws do not depend on other companies' draws in between (normals' spares included)", () => {
    const cs = new CompanyStreams();
    for (let c = 0; c < 300; c++) cs.seed(c, 0xdeadbeef, c * 7); // grows past the initial capacity
    const got: number[][] = Array.from({ length: 300 }, () => []);
    const rng = makeStream("interleave");
    for (let i = 0; i < 6000; i++) {
      const c = Math.floor(rng.next() * 300);
      const s = cs.select(c);
      got[c]!.push(rng.next() < 0.5 ? s.next() : s.normal());
    }
    for (const c of [0, 17, 255, 256, 299]) {
      const ref = new CompanyStreams();
      ref.seed(0, 0xdeadbeef, c * 7);
      const s = ref.select(0);
      const rr = makeStream("interleave");
      const want: number[] = [];
      for (let i = 0; i < 6000; i++) {
        const who = Math.floor(rr.next() * 300);
        const kind = rr.next() < 0.5;
        if (who === c) want.push(kind ? s.next() : s.normal());
      }
      expect(got[c], `company ${c}`).toEqual(want);
    }
  });

  it("re-seeding a slot starts afresh: no spare normal survives from the slot's previous company", () => {
    const cs = new CompanyStreams();
    cs.seed(3, 1, 1);
    cs.select(3).normal(); // leaves a spare
    cs.seed(3, 2, 5);
    const fresh = new CompanyStreams();
    fresh.seed(0, 2, 5);
    expect(cs.select(3).normal()).toBe(fresh.select(0).normal());
  });

  it("chi-square uniformity of the first three draws of 100 000 deals, and of 10⁶ draws of one company", () => {
    for (let k = 0; k < 3; k++) {
      const bins = new Float64Array(200);
      const deals = 100_000;
      for (let d = 0; d < deals; d++) bins[Math.floor(alone(0x12345678, d, k + 1)[k]! * 200)]! += 1;
      const stat = chi2(bins, deals / 200);
      expect(stat, `draw ${k + 1}: chi2 ${stat}`).toBeLessThan(chi2Critical(199, ALPHA));
    }
    const bins = new Float64Array(1000);
    for (const u of alone(99, 3, 1_000_000)) bins[Math.floor(u * 1000)]! += 1;
    const stat = chi2(bins, 1000);
    expect(stat).toBeLessThan(chi2Critical(999, ALPHA));
    expect(stat).toBeGreaterThan(chi2Critical(999, 1 - ALPHA));
  });

  it("no serial correlation within a company; neighbouring deals and neighbouring path keys uncorrelated", () => {
    const u = Float64Array.from(alone(7, 0, 200_005));
    for (let lag = 1; lag <= 5; lag++) {
      const r = correlation(u.subarray(0, 200_000), u.subarray(lag, 200_000 + lag));
      expect(Math.abs(r), `lag ${lag}`).toBeLessThan(rLimit(200_000));
    }
    // The j-th draw of deal d against the j-th draw of deal d+1 (and of key k against key k+1), over 50 000 pairs.
    for (const j of [0, 1, 5]) {
      const n = 50_000;
      const a = new Float64Array(n);
      const b = new Float64Array(n);
      const c = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        a[i] = alone(42, i, j + 1)[j]!;
        b[i] = alone(42, i + 1, j + 1)[j]!;
        c[i] = alone(43, i, j + 1)[j]!;
      }
      expect(Math.abs(correlation(a, b)), `deals, draw ${j}`).toBeLessThan(rLimit(n));
      expect(Math.abs(correlation(a, c)), `keys, draw ${j}`).toBeLessThan(rLimit(n));
    }
  });
});
