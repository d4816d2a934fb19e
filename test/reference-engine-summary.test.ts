/**
 * Fast path against slow path for the statistics: `summarize` (one reused buffer, multi-rank quickselect) equals a
 * plain sort-based summary exactly — same mean, sd, se, quantiles and defined share — on data shaped like real
 * metrics: continuous, heavy-tailed, 0/1 indicators, few distinct values, sorted and reversed runs, NaNs
 * (undefined paths), infinities, strided series views, and sizes from 0 to 200 000.
 */
import { describe, expect, it } from "vitest";
import { makeStream } from "../src/engine/rng.ts";
import { summarize, summarizeSeries } from "../src/stats/summary.ts";
import { referenceSummarize } from "./reference/summary.ts";

type Shape = (i: number, n: number, u: () => number) => number;

const SHAPES: Record<string, Shape> = {
  normal: (_i, _n, u) => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()),
  pareto: (_i, _n, u) => u() ** (-1 / 1.2),
  indicator: (_i, _n, u) => (u() < 0.13 ? 1 : 0),
  few: (_i, _n, u) => Math.floor(u() * 5) * 0.25,
  constant: () => 42,
  sorted: (i) => i * 0.5,
  reversed: (i, n) => n - i,
  organ: (i, n) => Math.min(i, n - i),
  withNaN: (_i, _n, u) => (u() < 0.3 ? Number.NaN : u() * 100 - 50),
  allNaN: () => Number.NaN,
  withInfinity: (_i, _n, u) => (u() < 0.02 ? Number.POSITIVE_INFINITY : u() < 0.02 ? Number.NEGATIVE_INFINITY : u()),
};

function data(shape: Shape, n: number, seed: string): Float64Array {
  const rng = makeStream(seed);
  const u = () => rng.uniform();
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = shape(i, n, u);
  return a;
}

describe("summarize = sort-based reference", () => {
  it.each(Object.keys(SHAPES))("%s values, sizes 0 to 5000", (name) => {
    for (const n of [0, 1, 2, 3, 7, 24, 25, 99, 100, 101, 1000, 5000]) {
      const a = data(SHAPES[name]!, n, `${name}:${n}`);
      expect(summarize(a), `${name}, n = ${n}`).toEqual(referenceSummarize(a));
    }
  });

  it("200 000 heavy-tailed values with ties, and the same data again after a larger call (buffer reuse)", () => {
    const big = data((i, n, u) => (i % 7 === 0 ? 3 : SHAPES.pareto!(i, n, u)), 200_000, "big");
    const small = data(SHAPES.withNaN!, 777, "small");
    expect(summarize(big)).toEqual(referenceSummarize(big));
    expect(summarize(small)).toEqual(referenceSummarize(small));
    expect(summarize(big)).toEqual(referenceSummarize(big));
  });

  it("strided series views: every year of a path-major series", () => {
    const paths = 3001;
    const H = 7;
    const a = data((i, _n, u) => (i % H) * 10 + (u() < 0.1 ? Number.NaN : u()), paths * H, "series");
    const series = summarizeSeries(a, paths, H);
    expect(series).toHaveLength(H);
    series.forEach((point, t) => {
      const ref = referenceSummarize(a, t, paths, H);
      expect(point).toEqual({
        year: t + 1,
        mean: ref.mean,
        p05: ref.p05,
        p25: ref.p25,
        p50: ref.p50,
        p75: ref.p75,
        p95: ref.p95,
      });
    });
  });
});
