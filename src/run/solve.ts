/**
 * Sizing a risk pool (MODEL.md §6.1). `sizePool`: the smallest initial pool with P(exhausted before the horizon) ≤
 * alpha for a lending programme in absolute terms (leverage limit off). `maxLeverage`: the largest leverage with
 * P(exhausted) ≤ alpha for the given pool. Both bisect with common random numbers — every candidate runs the same
 * seed and paths, so the estimated curve is a deterministic function of the candidate and differences along it are
 * not Monte Carlo noise — and report the answer with its Monte Carlo band: the candidates whose 95% interval for
 * the probability contains alpha, i.e. those the paths cannot tell apart from the target.
 */
import { GfsimError } from "../errors.ts";
import { validateScenario } from "../scenario/load.ts";
import { deepClone } from "../scenario/paths.ts";
import type { Result } from "./result.ts";
import { type BlockRunner, runScenario } from "./run.ts";

export interface SolveOptions {
  /** Id of the risk pool; may be omitted when the scenario has exactly one. */
  vehicle?: string;
  /** Tolerated probability of exhaustion, in (0, 1). */
  alpha: number;
  paths?: number;
  seed?: number;
  /** Relative width at which the bisection stops (default 0.005). */
  tolerance?: number;
  runner?: BlockRunner;
  /** Called after each candidate is evaluated, with the candidate's run (the scenario reduced to the pool). */
  onEvaluate?: (point: CurvePoint, result: Result) => void;
}

export interface CurvePoint {
  /** Pool size (yuan) or leverage. */
  value: number;
  /** Estimated P(exhausted before the horizon). */
  p: number;
  /** Wilson 95% interval of p. */
  lo: number;
  hi: number;
}

export interface SolveResult {
  solver: "size_pool" | "max_leverage";
  vehicle: string;
  alpha: number;
  paths: number;
  seed: number;
  /** The answer; null when none exists in the searched range (see `note`). */
  answer: number | null;
  /** Candidates between these bounds have a 95% interval containing alpha (null: not resolved by these paths). */
  band: { lo: number | null; hi: number | null };
  /** Every candidate evaluated, by value. */
  curve: CurvePoint[];
  note?: string;
}

const Z95 = 1.959963984540054;

/** Wilson score interval for k successes in n trials. */
export function wilson(k: number, n: number, z = Z95): { lo: number; hi: number } {
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { lo: Math.max(0, centre - half), hi: Math.min(1, centre + half) };
}

type RawScenario = Record<string, unknown> & { vehicles?: unknown; changes?: unknown };
type RawVehicle = Record<string, unknown>;

function badArgument(path: string, message: string, value?: unknown): GfsimError {
  return new GfsimError("INVALID_ARGUMENT", `${path}: ${message}`, [
    { path, message, ...(value === undefined ? {} : { value }) },
  ]);
}

/**
 * The scenario reduced to the one pool (vehicles are independent given the macro factor, whose stream depends only
 * on seed and path, so the pool's paths are unchanged), with no targets, and its leverage freed from changes (both
 * solvers set or remove it).
 */
function reduce(raw: unknown, opts: SolveOptions): { base: RawScenario; id: string; vehicle: RawVehicle } {
  if (!(opts.alpha > 0 && opts.alpha < 1)) throw badArgument("--alpha", "must be a probability in (0, 1)", opts.alpha);
  const loaded = validateScenario(raw);
  const pools = loaded.scenario.vehicles.filter((v) => v.kind === "risk_pool").map((v) => v.id);
  const id = opts.vehicle ?? (pools.length === 1 ? pools[0]! : undefined);
  if (id === undefined)
    throw badArgument(
      "--vehicle",
      pools.length === 0 ? "the scenario has no risk_pool vehicle" : `name the risk pool: one of ${pools.join(", ")}`,
    );
  if (!pools.includes(id))
    throw badArgument(
      "--vehicle",
      `no risk_pool "${id}" in the scenario; risk pools: ${pools.join(", ") || "none"}`,
      id,
    );
  const base = deepClone(raw) as RawScenario;
  const vehicles = base.vehicles as RawVehicle[];
  const vehicle = vehicles.find((v) => v.id === id)!;
  base.vehicles = [vehicle];
  base.targets = [];
  const prefix = `${id}.`;
  base.changes = ((base.changes as { year: number; set: Record<string, unknown> }[] | undefined) ?? [])
    .map((c) => ({
      ...c,
      set: Object.fromEntries(Object.entries(c.set).filter(([k]) => k.startsWith(prefix) && k !== `${prefix}leverage`)),
    }))
    .filter((c) => Object.keys(c.set).length > 0);
  return { base, id, vehicle };
}

/** Evaluates P(exhausted) for candidates, caching by value; every candidate runs the same seed and paths. */
function evaluator(base: RawScenario, field: string, opts: SolveOptions, paths: number, seed: number) {
  const cache = new Map<number, CurvePoint>();
  return async (value: number): Promise<CurvePoint> => {
    const hit = cache.get(value);
    if (hit) return hit;
    const raw = deepClone(base);
    (raw.vehicles as RawVehicle[])[0]![field] = value;
    const { data, result } = await runScenario(validateScenario(raw), {
      paths,
      seed,
      ...(opts.runner ? { runner: opts.runner } : {}),
    });
    const vd = data.vehicles[0]!;
    const exhausted = vd.scalars[vd.scalarNames.indexOf("pool_exhausted")]!;
    let k = 0;
    for (let i = 0; i < exhausted.length; i++) k += exhausted[i]!;
    const point = { value, p: k / paths, ...wilson(k, paths) };
    cache.set(value, point);
    opts.onEvaluate?.(point, result);
    return point;
  };
}

/**
 * Bisection between `good` (meets the condition) and `bad` until they are within `tol` relative; returns the last
 * good value. Works for either direction (good above or below bad).
 */
async function bisect(good: number, bad: number, tol: number, ok: (v: number) => Promise<boolean>): Promise<number> {
  for (let i = 0; i < 200 && Math.abs(good - bad) > tol * Math.max(Math.abs(good), Math.abs(bad)); i++) {
    const mid = (good + bad) / 2;
    if (await ok(mid)) good = mid;
    else bad = mid;
  }
  return good;
}

function result(solver: SolveResult["solver"], id: string, opts: SolveOptions, paths: number, seed: number) {
  return (answer: number | null, band: SolveResult["band"], curve: CurvePoint[], note?: string): SolveResult => ({
    solver,
    vehicle: id,
    alpha: opts.alpha,
    paths,
    seed,
    answer,
    band,
    curve: [...curve].sort((a, b) => a.value - b.value),
    ...(note ? { note } : {}),
  });
}

/** What both solvers share: the reduced scenario, paths, seed, tolerance, the evaluator recording the curve. */
function solver(raw: unknown, opts: SolveOptions, field: "pool" | "leverage", name: SolveResult["solver"]) {
  const { base, id, vehicle } = reduce(raw, opts);
  if (field === "pool") delete vehicle.leverage;
  const loaded = validateScenario(base);
  const paths = opts.paths ?? loaded.scenario.run.paths;
  const seed = opts.seed ?? loaded.scenario.run.seed;
  const curve: CurvePoint[] = [];
  const onEvaluate = (p: CurvePoint, r: Result) => {
    curve.push(p);
    opts.onEvaluate?.(p, r);
  };
  const evalAt = evaluator(base, field, { ...opts, onEvaluate }, paths, seed);
  return {
    vehicle,
    tol: opts.tolerance ?? 0.005,
    curve,
    evalAt,
    done: result(name, id, opts, paths, seed),
  };
}

/** Smallest initial pool with P(exhausted) ≤ alpha, leverage limit off. */
export async function sizePool(raw: unknown, opts: SolveOptions): Promise<SolveResult> {
  const { vehicle, tol, curve, evalAt, done } = solver(raw, opts, "pool", "size_pool");
  const at = async (x: number) => (await evalAt(Math.round(x))).p;

  if ((await at(0)) <= opts.alpha)
    return done(0, { lo: null, hi: 0 }, curve, "even an empty pool meets alpha (no claims go unpaid)");
  let hi = Math.max(1_000_000, Number(vehicle.pool) || 0);
  for (let i = 0; (await at(hi)) > opts.alpha; i++) {
    if (i >= 24) return done(null, { lo: null, hi: null }, curve, `no pool up to ${hi} yuan meets alpha`);
    hi *= 2;
  }
  const answer = Math.round(await bisect(hi, 0, tol, async (x) => (await at(x)) <= opts.alpha));
  const band = await bandAround(answer, curve, opts.alpha, tol * 4, evalAt, "decreasing");
  return done(answer, band, curve);
}

/** Largest leverage with P(exhausted) ≤ alpha for the given pool. */
export async function maxLeverage(raw: unknown, opts: SolveOptions): Promise<SolveResult> {
  const { vehicle, tol, curve, evalAt, done } = solver(raw, opts, "leverage", "max_leverage");
  const MAX = 1000;
  const at = async (x: number) => (await evalAt(x)).p;

  let good = 0;
  let bad = Math.min(MAX, Number(vehicle.leverage) || 10);
  while ((await at(bad)) <= opts.alpha) {
    if (bad >= MAX)
      return done(
        null,
        { lo: null, hi: null },
        curve,
        `P(exhausted) ≤ alpha at every leverage up to ${MAX}: the limit does not decide it`,
      );
    good = bad;
    bad = Math.min(MAX, bad * 2);
  }
  const answer = await bisect(good, bad, tol, async (x) => (await at(x)) <= opts.alpha);
  if (answer === 0) return done(0, { lo: null, hi: null }, curve, "no positive leverage meets alpha");
  const band = await bandAround(answer, curve, opts.alpha, tol * 4, evalAt, "increasing");
  return done(answer, band, curve);
}

/**
 * The band of candidates whose interval contains alpha, around the answer. With P decreasing in the candidate (pool
 * size) the band's low end is where the interval's lower bound falls to alpha and its high end where the upper bound
 * does; with P increasing (leverage) the other way round. Each end is found by bisection from evaluated points.
 */
async function bandAround(
  answer: number,
  curve: CurvePoint[],
  alpha: number,
  tol: number,
  evalAt: (v: number) => Promise<CurvePoint>,
  direction: "decreasing" | "increasing",
): Promise<SolveResult["band"]> {
  const above = (p: CurvePoint) => p.lo > alpha; // clearly worse than alpha
  const below = (p: CurvePoint) => p.hi < alpha; // clearly better than alpha
  const sorted = () => [...curve].sort((a, b) => a.value - b.value);
  const edge = async (test: (p: CurvePoint) => boolean, side: "left" | "right"): Promise<number | null> => {
    // The far end: the nearest evaluated candidate on `side` of the answer that passes `test`.
    const pts = sorted().filter((p) => (side === "left" ? p.value <= answer : p.value >= answer) && test(p));
    const far = side === "left" ? pts.at(-1) : pts[0];
    if (!far) return null;
    if (far.value === answer) return answer;
    // Bisect between `far` (passes) and the answer (does not): the boundary of the band on this side.
    return bisect(far.value, answer, tol, async (x) => test(await evalAt(x)));
  };
  if (direction === "decreasing") {
    const lo = await edge(above, "left");
    const hi = await edge(below, "right");
    return { lo, hi };
  }
  const lo = await edge(below, "left");
  const hi = await edge(above, "right");
  return { lo, hi };
}
