/**
 * Summary statistics of per-path values (MODEL.md §10): mean, sd, standard error, percentiles and the share of
 * paths where the value is defined (NaN marks undefined). Percentiles interpolate linearly between order statistics
 * (Hyndman–Fan type 7, as R's default and numpy's `linear`).
 */

export interface MetricSummary {
  mean: number | null;
  sd: number | null;
  se: number | null;
  p01: number | null;
  p05: number | null;
  p25: number | null;
  p50: number | null;
  p75: number | null;
  p95: number | null;
  p99: number | null;
  defined: number;
  n: number;
}

export interface SeriesPoint {
  year: number;
  mean: number | null;
  p05: number | null;
  p25: number | null;
  p50: number | null;
  p75: number | null;
  p95: number | null;
}

export const SUMMARY_QUANTILES = [
  ["p01", 0.01],
  ["p05", 0.05],
  ["p25", 0.25],
  ["p50", 0.5],
  ["p75", 0.75],
  ["p95", 0.95],
  ["p99", 0.99],
] as const;

/** Statistics a metric path `<vehicle id>.<metric>.<statistic>` may end in (targets, sweep columns). */
export const STATISTICS = ["mean", "sd", "se", ...SUMMARY_QUANTILES.map(([k]) => k), "defined"] as const;

/** The summary of no defined values (a fresh object: callers fill in what they have). */
export function emptySummary(): MetricSummary {
  return {
    mean: null,
    sd: null,
    se: null,
    p01: null,
    p05: null,
    p25: null,
    p50: null,
    p75: null,
    p95: null,
    p99: null,
    defined: 0,
    n: 0,
  };
}

/**
 * Quantile (type 7) of the first `n` values of `sorted` (default: all), which are finite and in order — or, in
 * `summarize`, at least the order statistics the quantile needs are in place.
 */
export function quantileSorted(sorted: Float64Array, q: number, n = sorted.length): number {
  if (n === 0) return Number.NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * Scratch space for the defined values of one metric, reused across calls (a run summarises hundreds of metrics of up
 * to millions of paths; one buffer instead of one allocation each).
 */
let scratch = new Float64Array(1024);

/** Ranks (0-based order statistics) the SUMMARY_QUANTILES need for n values: floor(h) and floor(h) + 1 of each. */
function quantileRanks(n: number): number[] {
  const ranks = new Set<number>();
  for (const [, q] of SUMMARY_QUANTILES) {
    const lo = Math.floor((n - 1) * q);
    ranks.add(lo);
    ranks.add(Math.min(n - 1, lo + 1));
  }
  return [...ranks].sort((a, b) => a - b);
}

function insertionSort(a: Float64Array, lo: number, hi: number): void {
  for (let i = lo + 1; i <= hi; i++) {
    const v = a[i]!;
    let j = i - 1;
    while (j >= lo && a[j]! > v) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = v;
  }
}

/**
 * Rearranges a[lo..hi] so that every rank in ranks[rlo..rhi] holds the value it would hold if sorted (multi-rank
 * quickselect with three-way partitioning, so runs of equal values — 0/1 indicators — cost one pass). Order
 * statistics are exact, so quantiles equal those of a full sort; falls back to sorting when recursion gets deep.
 */
function selectRanks(
  a: Float64Array,
  lo: number,
  hi: number,
  ranks: number[],
  rlo: number,
  rhi: number,
  depth: number,
): void {
  while (rlo <= rhi && lo < hi) {
    if (hi - lo < 24) {
      insertionSort(a, lo, hi);
      return;
    }
    if (depth-- <= 0) {
      a.subarray(lo, hi + 1).sort();
      return;
    }
    const mid = (lo + hi) >>> 1;
    const x = a[lo]!;
    const y = a[mid]!;
    const z = a[hi]!;
    const pivot = Math.max(Math.min(x, y), Math.min(Math.max(x, y), z)); // median of three
    // Three-way partition: [lo, lt) < pivot, [lt, gt] = pivot, (gt, hi] > pivot.
    let lt = lo;
    let gt = hi;
    let i = lo;
    while (i <= gt) {
      const v = a[i]!;
      if (v < pivot) {
        a[i++] = a[lt]!;
        a[lt++] = v;
      } else if (v > pivot) {
        a[i] = a[gt]!;
        a[gt--] = v;
      } else i++;
    }
    // Ranks below lt go left, above gt go right; ranks inside [lt, gt] hold the pivot already.
    let k = rlo;
    while (k <= rhi && ranks[k]! < lt) k++;
    let m = k;
    while (m <= rhi && ranks[m]! <= gt) m++;
    if (k - 1 >= rlo) selectRanks(a, lo, lt - 1, ranks, rlo, k - 1, depth);
    lo = gt + 1;
    rlo = m;
  }
}

const orNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

export function summarize(values: ArrayLike<number>, start = 0, count = values.length, stride = 1): MetricSummary {
  if (scratch.length < count) scratch = new Float64Array(Math.max(count, scratch.length * 2));
  const buf = scratch;
  // Defined values in path order; mean and sd are summed in that order, so they do not depend on how paths ran.
  let n = 0;
  let sum = 0;
  for (let i = 0; i < count; i++) {
    const v = values[start + i * stride]!;
    if (!Number.isNaN(v)) {
      buf[n++] = v;
      sum += v;
    }
  }
  const mean = n > 0 ? sum / n : Number.NaN;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (buf[i]! - mean) * (buf[i]! - mean);
  const sd = n === 0 ? Number.NaN : n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
  const s = emptySummary();
  s.mean = orNull(mean);
  s.sd = orNull(sd);
  s.se = n > 0 ? orNull(sd / Math.sqrt(n)) : null;
  s.defined = count > 0 ? n / count : 0;
  s.n = n;
  if (n > 0) {
    const ranks = quantileRanks(n);
    selectRanks(buf, 0, n - 1, ranks, 0, ranks.length - 1, 2 * Math.ceil(Math.log2(n + 1)) + 8);
    for (const [key, q] of SUMMARY_QUANTILES) s[key] = orNull(quantileSorted(buf, q, n));
  }
  return s;
}

/** Per-year summary of a series stored path-major with `horizon` values per path. */
export function summarizeSeries(values: Float64Array, paths: number, horizon: number): SeriesPoint[] {
  const out: SeriesPoint[] = [];
  for (let t = 0; t < horizon; t++) {
    const s = summarize(values, t, paths, horizon);
    out.push({ year: t + 1, mean: s.mean, p05: s.p05, p25: s.p25, p50: s.p50, p75: s.p75, p95: s.p95 });
  }
  return out;
}
