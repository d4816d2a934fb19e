/**
 * Measuring a confirmed candidate (MODEL.md §11): the value of each metric path on the full confirmation sample, and
 * on consecutive batches of its paths, from which standard errors of any expression — quantiles, ratios, sums of
 * metrics — follow by batch means, and paired differences between candidates follow by differencing batch by batch
 * (the candidates share the confirmation paths). A constraint on one probability (a 0/1 metric's mean) gets the exact
 * Clopper–Pearson bound instead; one on a plain mean, the normal bound with the mean's own standard error.
 */

import { clopperPearson } from "../../stats/bounds.ts";
import { type MetricSummary, summarize } from "../../stats/summary.ts";
import type { Constraint, ConstraintOp, Expression } from "../expression.ts";
import type { RunOutput } from "../run.ts";

/** One constraint's verdict on the confirmation sample. */
export interface ConstraintRow {
  expr: string;
  /** The constrained side's estimate (the left side, or left − right when the right side reads metrics). */
  estimate: number | null;
  /** Its one-sided bound at the stated confidence, on the side the limit is on. */
  bound: number | null;
  limit: number;
  op: ConstraintOp;
  pass: boolean;
  method: "clopper-pearson" | "normal" | "batch-means";
}

export interface Measured {
  /** Full-sample value of a metric path (null where undefined). */
  value(path: string): number | null;
  /** Value on batch b. */
  batch(b: number, path: string): number | null;
  batches: number;
  /** A metric path's summary on the full sample. */
  summary(path: string): MetricSummary | undefined;
  /** k successes of n when the path is `<…>.mean` of a metric that is 0 or 1 on every defined path. */
  binary(path: string): { k: number; n: number } | undefined;
}

/** Batches for batch means: 20, fewer for small samples (at least 100 paths a batch, at least 5 batches). */
export function batchCount(paths: number): number {
  return Math.max(2, Math.min(20, Math.max(5, Math.floor(paths / 100))));
}

/** Per-path values of a metric (vehicle scalar or programme metric), or undefined when it has none. */
export function perPath(out: RunOutput, id: string, metric: string): Float64Array | undefined {
  if (id === "programme") return (out.programme.scalars as Record<string, Float64Array>)[metric];
  const v = out.data.vehicles.find((x) => x.id === id);
  const m = v?.scalarNames.indexOf(metric) ?? -1;
  return m >= 0 ? v!.scalars[m] : undefined;
}

export function measure(out: RunOutput): Measured {
  const n = out.data.paths;
  const batches = batchCount(n);
  const cache = new Map<string, MetricSummary | undefined>();
  const stat = (s: MetricSummary | undefined, name: string): number | null =>
    s ? ((s as unknown as Record<string, number | null>)[name] ?? null) : null;
  const summaryOf = (path: string, b: number): MetricSummary | undefined => {
    const key = `${b}:${path}`;
    if (cache.has(key)) return cache.get(key);
    const [id, metric] = path.split(".") as [string, string];
    const arr = perPath(out, id, metric);
    let s: MetricSummary | undefined;
    if (arr) {
      const start = b < 0 ? 0 : Math.floor((b * n) / batches);
      const end = b < 0 ? n : Math.floor(((b + 1) * n) / batches);
      s = summarize(arr, start, end - start);
    }
    cache.set(key, s);
    return s;
  };
  return {
    batches,
    value: (path) => stat(summaryOf(path, -1), path.split(".")[2]!),
    batch: (b, path) => stat(summaryOf(path, b), path.split(".")[2]!),
    summary: (path) => summaryOf(path, -1),
    binary(path) {
      const [id, metric, s] = path.split(".") as [string, string, string];
      if (s !== "mean") return undefined;
      const arr = perPath(out, id, metric);
      if (!arr) return undefined;
      let k = 0;
      let defined = 0;
      for (let i = 0; i < arr.length; i++) {
        const x = arr[i]!;
        if (Number.isNaN(x)) continue;
        if (x !== 0 && x !== 1) return undefined;
        defined++;
        k += x;
      }
      return defined > 0 ? { k, n: defined } : undefined;
    },
  };
}

const sd = (xs: number[]): number => {
  const m = xs.reduce((s, x) => s + x, 0) / xs.length;
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / Math.max(1, xs.length - 1));
};

/** Batch-means standard error of an expression's value (null when a batch leaves it undefined). */
export function batchSe(e: Expression, m: Measured): number | null {
  const vals: number[] = [];
  for (let b = 0; b < m.batches; b++) {
    const v = e.evaluate((p) => m.batch(b, p));
    if (v === null) return null;
    vals.push(v);
  }
  return sd(vals) / Math.sqrt(m.batches);
}

/** The standard error of an expression: the mean's own for a scaled single mean, else batch means. */
export function expressionSe(e: Expression, m: Measured): number | null {
  if (e.single?.path.endsWith(".mean")) {
    const se = m.summary(e.single.path)?.se;
    return se === null || se === undefined ? null : se * e.single.scale;
  }
  return batchSe(e, m);
}

/** Paired difference a − b of an expression between two candidates measured on the same paths, with its SE. */
export function pairedDifference(
  e: Expression,
  a: Measured,
  b: Measured,
): { difference: number | null; se: number | null } {
  const va = e.evaluate(a.value);
  const vb = e.evaluate(b.value);
  if (va === null || vb === null) return { difference: null, se: null };
  const diffs: number[] = [];
  for (let k = 0; k < a.batches; k++) {
    const x = e.evaluate((p) => a.batch(k, p));
    const y = e.evaluate((p) => b.batch(k, p));
    if (x === null || y === null) return { difference: va - vb, se: null };
    diffs.push(x - y);
  }
  return { difference: va - vb, se: sd(diffs) / Math.sqrt(a.batches) };
}

const holds = (x: number, op: ConstraintOp, limit: number) =>
  op === "<=" ? x <= limit : op === "<" ? x < limit : op === ">=" ? x >= limit : x > limit;

/** A constraint's estimate, one-sided bound at `confidence` (z its normal quantile) and verdict. */
export function assess(c: Constraint, m: Measured, confidence: number, z: number): ConstraintRow {
  const upper = c.op === "<=" || c.op === "<";
  const constantRhs = c.rhs.metrics.length === 0;
  const limit = constantRhs ? (c.rhs.evaluate(() => null) ?? Number.NaN) : 0;
  const side: Expression = constantRhs ? c.lhs : difference(c.lhs, c.rhs);
  const estimate = side.evaluate(m.value);
  const row = (bound: number | null, method: ConstraintRow["method"]): ConstraintRow => ({
    expr: c.text,
    estimate,
    bound,
    limit,
    op: c.op,
    pass: bound !== null && holds(bound, c.op, limit),
    method,
  });
  if (estimate === null) return row(null, "batch-means");
  const single = side.single;
  const counts = single ? m.binary(single.path) : undefined;
  if (single && counts) {
    const cp = clopperPearson(counts.k, counts.n, confidence);
    return row(single.scale * (upper ? cp.hi : cp.lo) + single.shift, "clopper-pearson");
  }
  const se = expressionSe(side, m);
  if (se === null) return row(null, single ? "normal" : "batch-means");
  return row(upper ? estimate + z * se : estimate - z * se, single?.path.endsWith(".mean") ? "normal" : "batch-means");
}

/** lhs − rhs as an expression (for constraints whose right side reads metrics). */
function difference(lhs: Expression, rhs: Expression): Expression {
  return {
    text: `${lhs.text} - (${rhs.text})`,
    metrics: [...new Set([...lhs.metrics, ...rhs.metrics])],
    evaluate(v) {
      const a = lhs.evaluate(v);
      const b = rhs.evaluate(v);
      return a === null || b === null ? null : a - b;
    },
  };
}
