/**
 * `calibrate` (MODEL.md §11): fits free parameters so that named metrics match targets. Every candidate runs on the
 * same seed and paths — common random numbers: each company draws from its own stream, so a candidate changes
 * outcomes only where its parameters change them — and the search (Nelder–Mead on the box of bounds) compares
 * candidates without Monte Carlo noise between them. Achieved values carry standard errors from batch means over
 * the paths (valid for any statistic: mean, sd, quantiles). A target is met when it is within its tolerance plus two
 * standard errors.
 */
import { GfsimError } from "../errors.ts";
import type { FreeParam, FreeSpec, MatchSpec } from "../scenario/calibration.ts";
import { resolveFree } from "../scenario/calibration.ts";
import { validateScenario } from "../scenario/load.ts";
import { deepClone, setAt } from "../scenario/paths.ts";
import { summarize } from "../stats/summary.ts";
import { VERSION } from "../version.ts";
import { metricPathProblems } from "./metric-paths.ts";
import { lookupMetric } from "./result.ts";
import { type BlockRunner, type RunOutput, runScenario } from "./run.ts";
import { buildEngines } from "./simulate.ts";

export interface CalibrateOptions {
  paths?: number;
  seed?: number;
  runner?: BlockRunner;
  signal?: AbortSignal;
  /** Largest number of candidate runs (default 40 + 30 per free parameter). */
  maxEvaluations?: number;
  onProgress?: (done: number) => void;
}

export interface CalibratedTarget {
  metric: string;
  target: number;
  tolerance: number;
  achieved: number | null;
  se: number | null;
  pass: boolean;
}

export interface CalibrateResult {
  scenario: { name: string; hash: string };
  seed: number;
  paths: number;
  version: string;
  evaluations: number;
  free: { path: string; start: number; fitted: number; low: number; high: number }[];
  targets: CalibratedTarget[];
  pass: boolean;
  /** The fitted raw scenario (the input with the fitted values set; for writing out). */
  fitted: unknown;
  /** Where each fitted value sits in the raw scenario (for writing it into the user's file). */
  locations: { segments: (string | number)[]; value: number }[];
}

/** Four significant digits: what is written to the fitted file, and what the reported values were computed with. */
function round4(x: number): number {
  return x === 0 ? 0 : Number(x.toPrecision(4));
}

function withValues(raw: unknown, free: FreeParam[], x: readonly number[]): Record<string, unknown> {
  const out = deepClone(raw) as Record<string, unknown>;
  free.forEach((p, i) => {
    setAt(out, p.segments, x[i]);
  });
  return out;
}

/** The per-path values behind a metric path, and its statistic (null when not per-path data). */
function pathValues(run: RunOutput, metric: string): { values: ArrayLike<number>; stat: string } | null {
  const [id, name, stat] = metric.split(".");
  if (!id || !name || !stat) return null;
  if (id === "programme") {
    const v = (run.programme.scalars as Record<string, Float64Array>)[name];
    return v ? { values: v, stat } : null;
  }
  const veh = run.data.vehicles.find((v) => v.id === id);
  const m = veh ? veh.scalarNames.indexOf(name) : -1;
  return veh && m >= 0 ? { values: veh.scalars[m]!, stat } : null;
}

/** Standard error of a statistic by batch means: 20 batches of consecutive paths, sd of their statistics / √20. */
export function batchStandardError(values: ArrayLike<number>, stat: string, batches = 20): number | null {
  const n = values.length;
  if (n < batches * 5) return null;
  const stats: number[] = [];
  for (let b = 0; b < batches; b++) {
    const lo = Math.floor((b * n) / batches);
    const hi = Math.floor(((b + 1) * n) / batches);
    const s = (summarize(values, lo, hi - lo) as unknown as Record<string, number | null>)[stat];
    if (typeof s === "number" && Number.isFinite(s)) stats.push(s);
  }
  if (stats.length < 2) return null;
  const mean = stats.reduce((a, b) => a + b, 0) / stats.length;
  const v = stats.reduce((a, b) => a + (b - mean) ** 2, 0) / (stats.length - 1);
  return Math.sqrt(v / stats.length);
}

/** Nelder–Mead minimisation over the unit cube (coordinates clamped to [0, 1]). */
async function nelderMead(
  f: (u: number[]) => Promise<number>,
  start: number[],
  maxEval: number,
): Promise<{ u: number[]; value: number; evaluations: number }> {
  const d = start.length;
  const clamp = (u: number[]) => u.map((x) => Math.min(1, Math.max(0, x)));
  let evaluations = 0;
  const evalAt = async (u: number[]) => {
    evaluations++;
    return f(u);
  };
  const simplex: { u: number[]; v: number }[] = [{ u: start, v: await evalAt(start) }];
  for (let i = 0; i < d; i++) {
    const u = [...start];
    u[i] = u[i]! + (u[i]! > 0.5 ? -0.15 : 0.15);
    simplex.push({ u, v: await evalAt(u) });
  }
  while (evaluations < maxEval) {
    simplex.sort((a, b) => a.v - b.v);
    const best = simplex[0]!;
    const worst = simplex[d]!;
    if (simplex[d]!.v - best.v < 1e-10 && Math.max(...simplex.map((s) => Math.abs(s.u[0]! - best.u[0]!))) < 1e-4) break;
    const centroid = new Array<number>(d).fill(0);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) centroid[j]! += simplex[i]!.u[j]! / d;
    const along = (t: number) => clamp(centroid.map((c, j) => c + t * (worst.u[j]! - c)));
    const r = along(-1);
    const fr = await evalAt(r);
    if (fr < best.v) {
      const e = along(-2);
      const fe = await evalAt(e);
      simplex[d] = fe < fr ? { u: e, v: fe } : { u: r, v: fr };
    } else if (fr < simplex[d - 1]!.v) simplex[d] = { u: r, v: fr };
    else {
      const c = fr < worst.v ? along(-0.5) : along(0.5);
      const fc = await evalAt(c);
      if (fc < Math.min(fr, worst.v)) simplex[d] = { u: c, v: fc };
      else
        for (let i = 1; i <= d; i++) {
          const u = clamp(simplex[i]!.u.map((x, j) => best.u[j]! + 0.5 * (x - best.u[j]!)));
          simplex[i] = { u, v: await evalAt(u) };
        }
    }
  }
  simplex.sort((a, b) => a.v - b.v);
  return { u: simplex[0]!.u, value: simplex[0]!.v, evaluations };
}

/**
 * Checks a calibration completely before any path runs — the scenario, every free path (`free[i]`) and target
 * metric (`match[i]`) — and returns the validated scenario and the concrete free parameters.
 */
export function planCalibration(raw: unknown, freeSpecs: readonly FreeSpec[], match: readonly MatchSpec[]) {
  const base = validateScenario(raw);
  const free = resolveFree(raw, freeSpecs);
  if (match.length === 0)
    throw new GfsimError("INVALID_ARGUMENT", "nothing to fit: give at least one --match METRIC=VALUE", [
      { path: "match", message: "missing" },
    ]);
  const problems = metricPathProblems(
    match.map((m) => m.metric),
    buildEngines(base),
    "match",
  );
  if (problems.length > 0) throw new GfsimError("INVALID_ARGUMENT", "a target metric is not valid", problems);
  return { base, free };
}

export async function calibrate(
  raw: unknown,
  freeSpecs: readonly FreeSpec[],
  match: readonly MatchSpec[],
  opts: CalibrateOptions = {},
): Promise<CalibrateResult> {
  const { base, free } = planCalibration(raw, freeSpecs, match);
  const paths = opts.paths ?? base.scenario.run.paths;
  const seed = opts.seed ?? base.scenario.run.seed;
  const maxEval = opts.maxEvaluations ?? 40 + 30 * free.length;
  const scale = match.map((m) => Math.max(0.05 * Math.abs(m.value), m.tolerance, 1e-6));

  const toX = (u: readonly number[]) => free.map((p, i) => p.low + u[i]! * (p.high - p.low));
  const simulate = async (x: readonly number[]) => {
    const loaded = validateScenario(withValues(raw, free, x));
    return runScenario(loaded, {
      paths,
      seed,
      ...(opts.runner && { runner: opts.runner }),
      ...(opts.signal && { signal: opts.signal }),
    });
  };
  let done = 0;
  const objective = async (u: number[]) => {
    let out: RunOutput;
    try {
      out = await simulate(toX(u));
    } catch (e) {
      // A candidate the schema rejects (e.g. advance + exit > 1) is infeasible, not an error of the request.
      if (e instanceof GfsimError && e.code === "INVALID_SCENARIO") return Number.POSITIVE_INFINITY;
      throw e;
    } finally {
      opts.onProgress?.(Math.min(0.95, ++done / maxEval));
    }
    let sum = 0;
    match.forEach((m, j) => {
      const a = lookupMetric(out.result, m.metric);
      sum += typeof a === "number" && Number.isFinite(a) ? ((a - m.value) / scale[j]!) ** 2 : 1e6;
    });
    return sum;
  };
  const u0 = free.map((p) => (p.start - p.low) / (p.high - p.low));
  const best = await nelderMead(objective, u0, maxEval);
  const fittedX = toX(best.u).map(round4);
  const fitted = withValues(raw, free, fittedX);
  const final = await simulate(fittedX);
  opts.onProgress?.(1);
  const targets = match.map((m): CalibratedTarget => {
    const a = lookupMetric(final.result, m.metric);
    const achieved = typeof a === "number" && Number.isFinite(a) ? a : null;
    const pv = pathValues(final, m.metric);
    const se = pv ? batchStandardError(pv.values, pv.stat) : null;
    const pass = achieved !== null && Math.abs(achieved - m.value) <= m.tolerance + 2 * (se ?? 0);
    return { metric: m.metric, target: m.value, tolerance: m.tolerance, achieved, se, pass };
  });
  return {
    scenario: { name: final.result.scenario.name, hash: final.result.scenario.hash },
    seed,
    paths,
    version: VERSION,
    evaluations: best.evaluations + 1,
    free: free.map((p, i) => ({ path: p.path, start: p.start, fitted: fittedX[i]!, low: p.low, high: p.high })),
    targets,
    pass: targets.every((t) => t.pass),
    fitted,
    locations: free.map((p, i) => ({ segments: p.segments, value: fittedX[i]! })),
  };
}
