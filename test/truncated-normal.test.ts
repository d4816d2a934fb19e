/**
 * The truncated normal is exact on its interval, however far in the tail (MODEL.md §3: `normal`, truncated where
 * positivity is required). Reference moments from scipy:
 *   python3 -c "from scipy.stats import truncnorm; d=truncnorm(5, float('inf')); print(d.mean(), d.std())"
 * (the same with each row's standardized bounds, loc and scale).
 */
import { describe, expect, it } from "vitest";
import { normCdf } from "../src/engine/normal.ts";
import { makeStream } from "../src/engine/rng.ts";
import { compile } from "../src/engine/sampler.ts";
import type { Dist } from "../src/scenario/distribution.ts";

const INF = Number.POSITIVE_INFINITY;
const CASES: { d: Dist; lo: number; hi: number; mean: number; sd: number }[] = [
  { d: { dist: "normal", mean: 0, sd: 1, min: 5 }, lo: 5, hi: INF, mean: 5.1865039671258515, sd: 0.18082155462516586 },
  {
    d: { dist: "normal", mean: 0, sd: 1, min: -1, max: 0.5 },
    lo: -1,
    hi: 0.5,
    mean: -0.20663121806153306,
    sd: 0.41566002825204773,
  },
  {
    d: { dist: "normal", mean: 0, sd: 1, max: -6 },
    lo: -INF,
    hi: -6,
    mean: -6.158482604544618,
    sd: 0.15487942661646592,
  },
  { d: { dist: "normal", mean: 1, sd: 1, min: 1 }, lo: 1, hi: INF, mean: 1.7978845608028653, sd: 0.6028102749890869 },
  {
    d: { dist: "normal", mean: 0, sd: 1, min: 2, max: 2.5 },
    lo: 2,
    hi: 2.5,
    mean: 2.2044520781676726,
    sd: 0.139406121628336,
  },
];

describe("truncated normal", () => {
  it.each(CASES)(
    "$d.min..$d.max: analytic and sample mean match scipy, every draw inside",
    ({ d, lo, hi, mean, sd }) => {
      const s = compile(d);
      expect(Math.abs(s.mean - mean), `analytic mean ${s.mean} vs ${mean}`).toBeLessThan(1e-7 * Math.abs(mean));
      const rng = makeStream(`truncnorm-${lo}-${hi}`);
      const n = 20_000;
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const x = s.sample(rng);
        expect(x >= lo && x <= hi, `draw ${x} outside [${lo}, ${hi}]`).toBe(true);
        sum += x;
      }
      const se = sd / Math.sqrt(n);
      const m = sum / n;
      expect(Math.abs(m - mean), `sample mean ${m} vs ${mean} (se ${se})`).toBeLessThan(4 * se);
    },
  );

  it("has the truncated CDF (Kolmogorov–Smirnov, N(0,1) above 5)", () => {
    const s = compile({ dist: "normal", mean: 0, sd: 1, min: 5 });
    const rng = makeStream("truncnorm-ks");
    const n = 5000;
    const xs = Float64Array.from({ length: n }, () => s.sample(rng)).sort();
    const tail = normCdf(-5);
    let dmax = 0;
    xs.forEach((x, i) => {
      const F = (tail - normCdf(-x)) / tail;
      dmax = Math.max(dmax, Math.abs(F - i / n), Math.abs(F - (i + 1) / n));
    });
    // KS critical value at the 0.1% level: 1.95 / sqrt(n).
    expect(dmax).toBeLessThan(1.95 / Math.sqrt(n));
  });
});
