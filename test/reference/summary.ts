/**
 * The straightforward summary (sort a fresh copy of the defined values, read quantiles off it) that
 * `src/stats/summary.ts` replaced by a reused buffer and multi-rank selection; the differential test holds the two
 * equal, number for number.
 */
import { type MetricSummary, quantileSorted, SUMMARY_QUANTILES } from "../../src/stats/summary.ts";

const orNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

export function referenceSummarize(
  values: ArrayLike<number>,
  start = 0,
  count = values.length,
  stride = 1,
): MetricSummary {
  const defined: number[] = [];
  for (let i = 0; i < count; i++) {
    const v = values[start + i * stride]!;
    if (!Number.isNaN(v)) defined.push(v);
  }
  const n = defined.length;
  let sum = 0;
  for (const v of defined) sum += v;
  const mean = n > 0 ? sum / n : Number.NaN;
  let ss = 0;
  for (const v of defined) ss += (v - mean) * (v - mean);
  const sd = n === 0 ? Number.NaN : n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
  const sorted = Float64Array.from(defined).sort();
  const s: MetricSummary = {
    mean: orNull(mean),
    sd: orNull(sd),
    se: n > 0 ? orNull(sd / Math.sqrt(n)) : null,
    p01: null,
    p05: null,
    p25: null,
    p50: null,
    p75: null,
    p95: null,
    p99: null,
    defined: count > 0 ? n / count : 0,
    n,
  };
  for (const [key, q] of SUMMARY_QUANTILES) s[key] = orNull(quantileSorted(sorted, q));
  return s;
}
