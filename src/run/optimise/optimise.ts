/**
 * `optimise` (MODEL.md §11): the values of chosen fields that maximise (or minimise) an objective while constraints
 * hold — searched on one common-random-number sample, confirmed on a fresh one.
 *
 * 1. Screen: a Latin hypercube in the unit cube of the decision variables, plus the scenario's own values and the
 *    corners of every simplex, each run with the same seed and paths (common random numbers: differences between
 *    candidates are the decisions' effect, not noise).
 * 2. Refine: CMA-ES from the best screened point on the same sample, until the budget of evaluations is spent;
 *    feasible candidates (every constraint met at the stated confidence on the search sample) always rank above
 *    infeasible ones, which rank by their total relative violation.
 * 3. Confirm: the finalists, the points of the frontier and the current plan are re-run on a fresh, larger sample
 *    (a seed derived from the user's); a candidate is recommended only when every constraint holds at the stated
 *    one-sided confidence there. The search-best point is thus never recommended on the strength of lucky paths.
 *
 * Candidates of a batch run concurrently on the given block runner (the worker pool); every candidate's result
 * depends only on its scenario, seed and paths, and batches are fixed before they run, so the answer is the same for
 * any thread count.
 */
import { createHash } from "node:crypto";
import { GfsimError, type Problem } from "../../errors.ts";
import {
  corners,
  type Decision,
  decode,
  encode,
  fieldsOf,
  parseDecision,
  resolveDecisions,
  totalDimension,
  valueAt,
} from "../../scenario/decisions.ts";
import { applyOverrides, type LoadedScenario, type Override, validateScenario } from "../../scenario/load.ts";
import { MAX_PATHS } from "../../scenario/schema.ts";
import { zOneSided } from "../../stats/bounds.ts";
import { VERSION } from "../../version.ts";
import { type Constraint, expressionProblems, parseConstraint, parseObjective } from "../expression.ts";
import { PROGRAMME_METRICS } from "../programme-metrics.ts";
import { type BlockRunner, type RunOutput, runScenario } from "../run.ts";
import { buildEngines } from "../simulate.ts";
import { Cmaes } from "./cmaes.ts";
import { latinHypercube, searchRng } from "./design.ts";
import { assess, type ConstraintRow, expressionSe, type Measured, measure, pairedDifference } from "./measure.ts";

/** What to optimise: the same fields on the command line and in the API. */
export interface OptimiseSpec {
  /** Decision variables, `PATH=SPEC` (see src/scenario/decisions.ts). */
  decide: string[];
  maximise?: string | undefined;
  minimise?: string | undefined;
  /** Constraints, `expr <= limit` etc. */
  subject_to?: string[] | undefined;
  /** Paths of the search sample (default: the scenario's run.paths). */
  paths?: number | undefined;
  seed?: number | undefined;
  /** Candidate runs on the search sample (default 60). */
  budget?: number | undefined;
  /** One-sided confidence with which every constraint must hold (default 0.95). */
  confidence?: number | undefined;
  /** Paths of the confirmation sample (default 4 × paths). */
  confirm_paths?: number | undefined;
  /** Candidates confirmed besides the current plan and the frontier (default 5). */
  finalists?: number | undefined;
  /** Frontier points confirmed (default 5; 0 for none). */
  frontier?: number | undefined;
}

export interface OptimiseOptions {
  runner?: BlockRunner | undefined;
  /** Share of the work done (0..1). */
  onProgress?: ((done: number) => void) | undefined;
  signal?: AbortSignal | undefined;
}

/** A confirmed candidate. */
export interface ConfirmedCandidate {
  /** Decided field → value (simplex entries by their full paths). */
  set: Record<string, unknown>;
  objective: number | null;
  objective_se: number | null;
  constraints: ConstraintRow[];
  /** Every constraint holds at the stated confidence. */
  pass: boolean;
  /** Objective difference to the current plan on the same paths, with its paired standard error. */
  vs_current: { difference: number | null; se: number | null };
  /** On the search sample: the objective estimate and whether all constraints' estimates held. */
  search: { objective: number | null; feasible: boolean };
}

export interface FrontierPoint {
  set: Record<string, unknown>;
  /** The binding constraint's estimate (x axis). */
  constraint: number | null;
  objective: number | null;
  objective_lo: number | null;
  objective_hi: number | null;
  /** The other constraints hold at the stated confidence. */
  others_pass: boolean;
  chosen: boolean;
  current: boolean;
}

export interface OptimiseResult {
  best: ConfirmedCandidate | null;
  tied: ConfirmedCandidate[];
  frontier: FrontierPoint[];
  evaluations: number;
  paths: number;
  seed: number;
  scenario: { name: string; hash: string };
  version: string;
  objective: { expr: string; sense: "maximise" | "minimise" };
  constraints: string[];
  confidence: number;
  budget: number;
  confirm: { paths: number; seed: number };
  decisions: Decision[];
  /** The binding constraint (smallest relative slack at the recommendation, or at the search's best point). */
  binding: string | null;
  current: ConfirmedCandidate;
  finalists: ConfirmedCandidate[];
  search: { screened: number; generations: number; invalid: number };
  /** Why nothing is recommended (when `best` is null). */
  note?: string;
}

/** Most candidate runs one optimisation may spend on its search sample. */
export const MAX_BUDGET = 5000;

/** The confirmation seed: a fresh stream derived from the user's seed (never equal to it). */
export function confirmationSeed(seed: number): number {
  return Number.parseInt(createHash("sha256").update(`gfsim-optimise-confirm:${seed}`).digest("hex").slice(0, 12), 16);
}

interface Evaluation {
  key: string;
  u: number[];
  overrides: Override[];
  loaded?: LoadedScenario;
  invalid?: string;
  objective: number | null;
  /** lhs − rhs signed so that ≤ 0 is met, relative to the limit's size. */
  violation: number;
  /** Signed slack of each constraint (≥ 0 met), relative. */
  slack: number[];
  feasible: boolean;
  constraintValues: (number | null)[];
}

function badArgument(path: string, message: string, value?: unknown): GfsimError {
  return new GfsimError("INVALID_ARGUMENT", `${path}: ${message}`, [
    { path, message, ...(value === undefined ? {} : { value }) },
  ]);
}

function checkNumber(name: string, v: number | undefined, lo: number, hi: number, integer: boolean): void {
  if (v === undefined) return;
  if (typeof v !== "number" || !Number.isFinite(v) || v < lo || v > hi || (integer && !Number.isInteger(v)))
    throw badArgument(name, `must be ${integer ? "a whole number" : "a number"} in [${lo}, ${hi}]`, v);
}

/**
 * Checks an optimisation's arguments against a scenario without running a path: every problem with the decision
 * variables, expressions and numbers is thrown as one `GfsimError` (what the API answers before 202).
 */
export function checkOptimise(input: LoadedScenario | unknown, spec: OptimiseSpec): void {
  prepare(isLoaded(input) ? input : validateScenario(input), spec);
}

/** Parsed and checked inputs: every problem with the arguments is found before any path runs. */
function prepare(base: LoadedScenario, spec: OptimiseSpec) {
  if (!Array.isArray(spec.decide) || spec.decide.length === 0)
    throw badArgument("--decide", "give at least one decision variable, e.g. --decide 'fund.reserves=0.1..0.5'");
  if ((spec.maximise === undefined) === (spec.minimise === undefined))
    throw badArgument("--maximise", "give exactly one of --maximise and --minimise");
  checkNumber("--paths", spec.paths, 1, MAX_PATHS, true);
  checkNumber("--seed", spec.seed, 0, Number.MAX_SAFE_INTEGER, true);
  checkNumber("--budget", spec.budget, 1, MAX_BUDGET, true);
  checkNumber("--confidence", spec.confidence, 0.5, 0.9999, false);
  checkNumber("--confirm-paths", spec.confirm_paths, 1, MAX_PATHS, true);
  checkNumber("--finalists", spec.finalists, 1, 50, true);
  checkNumber("--frontier", spec.frontier, 0, 50, true);
  const decisions = resolveDecisions(base.scenario, spec.decide.map(parseDecision));
  const sense: "maximise" | "minimise" = spec.maximise !== undefined ? "maximise" : "minimise";
  const where = sense === "maximise" ? "--maximise" : "--minimise";
  const objective = parseObjective((spec.maximise ?? spec.minimise)!, where);
  const constraints = (spec.subject_to ?? []).map((t, i) => parseConstraint(t, `--subject-to[${i}]`));
  const engines = buildEngines(base);
  const items = [
    { metrics: objective.metrics, where },
    ...constraints.map((c, i) => ({ metrics: c.metrics, where: `--subject-to[${i}]` })),
  ];
  const problems: Problem[] = expressionProblems(items, engines);
  // Confidence bounds need per-path values: run-level figures (e.g. expected shortfall) have none.
  for (const { metrics, where: w } of items)
    for (const m of metrics) {
      const [id, metric] = m.split(".") as [string, string];
      const e = engines.find((x) => x.id === id);
      const perPath =
        id === "programme"
          ? (PROGRAMME_METRICS as readonly string[]).includes(metric)
          : e?.scalarNames.includes(metric);
      if (!perPath && e?.extraMetricNames?.includes(metric))
        problems.push({
          path: w,
          message: `${m} is a run-level figure without per-path values; optimise needs per-path metrics`,
          value: m,
        });
    }
  if (problems.length > 0)
    throw new GfsimError("INVALID_ARGUMENT", "an objective or constraint is not valid", problems);
  const paths = spec.paths ?? base.scenario.run.paths;
  const seed = spec.seed ?? base.scenario.run.seed;
  return {
    decisions,
    sense,
    objective,
    constraints,
    paths,
    seed,
    budget: spec.budget ?? 60,
    confidence: spec.confidence ?? 0.95,
    confirmPaths: spec.confirm_paths ?? Math.min(MAX_PATHS, 4 * paths),
    finalists: spec.finalists ?? 5,
    frontier: spec.frontier ?? 5,
  };
}

/**
 * The relative slack of a constraint's bound against its limit (≥ 0 met): (limit − bound) / |limit| for ≤, the other
 * way for ≥. In the search, too, a constraint counts as met only at the stated confidence (on the search sample), so
 * the search steers clear of points that merely got lucky paths and the confirmation has something to confirm.
 */
function slackOf(row: ConstraintRow): { slack: number; value: number | null } {
  if (row.bound === null) return { slack: Number.NEGATIVE_INFINITY, value: row.estimate };
  const scale = Math.abs(row.limit) > 1e-12 ? Math.abs(row.limit) : 1;
  const upper = row.op === "<=" || row.op === "<";
  const gap = (upper ? row.limit - row.bound : row.bound - row.limit) / scale;
  // A strict comparison that holds with equality is not met.
  return { slack: row.pass ? Math.max(gap, 0) : Math.min(gap, -1e-12), value: row.estimate };
}

/** Ranks evaluations: valid first, then feasible by objective, then infeasible by violation; ties by key. */
function comparator(sense: "maximise" | "minimise") {
  const obj = (e: Evaluation) =>
    e.objective === null ? Number.NEGATIVE_INFINITY : sense === "maximise" ? e.objective : -e.objective;
  return (a: Evaluation, b: Evaluation): number => {
    if (!!a.invalid !== !!b.invalid) return a.invalid ? 1 : -1;
    if (a.feasible !== b.feasible) return a.feasible ? -1 : 1;
    if (a.feasible) {
      const d = obj(b) - obj(a);
      if (d !== 0 && !Number.isNaN(d)) return d;
    } else if (a.violation !== b.violation) return a.violation - b.violation;
    return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
  };
}

export async function runOptimise(
  input: LoadedScenario | unknown,
  spec: OptimiseSpec,
  opts: OptimiseOptions = {},
): Promise<OptimiseResult> {
  const base = isLoaded(input) ? input : validateScenario(input);
  const p = prepare(base, spec);
  const { decisions, objective, constraints, paths, seed, sense } = p;
  const scenario = base.scenario;
  const d = totalDimension(decisions);
  const z = zOneSided(p.confidence);
  const confirmSeed = confirmationSeed(seed);
  const rank = comparator(sense);

  // Progress: search runs count 1 each, a confirmation run counts confirmPaths / paths.
  const confirmRuns = p.finalists + p.frontier + 1;
  const total = p.budget + confirmRuns * (p.confirmPaths / paths);
  let done = 0;
  const progress = (w: number) => {
    done += w;
    opts.onProgress?.(Math.min(1, done / total));
  };

  const cache = new Map<string, Evaluation>();
  const all: Evaluation[] = [];
  let invalid = 0;
  const run = (loaded: LoadedScenario, n: number, s: number, weight: number): Promise<RunOutput> =>
    runScenario(loaded, {
      paths: n,
      seed: s,
      ...(opts.runner && { runner: opts.runner }),
      ...(opts.signal && { signal: opts.signal }),
      onProgress: (() => {
        let last = 0;
        return (f: number) => {
          progress((f - last) * weight);
          last = f;
        };
      })(),
    });

  /** Evaluates points on the search sample (new ones concurrently, at most `room` of them); cached by decoded values. */
  const evaluate = async (points: number[][], room: number): Promise<Evaluation[]> => {
    const fresh: Evaluation[] = [];
    const out = points.map((u) => {
      const overrides = decode(decisions, u);
      const key = JSON.stringify(overrides.map((o) => o.value));
      const hit = cache.get(key);
      if (hit) return hit;
      const ev: Evaluation = {
        key,
        u,
        overrides,
        objective: null,
        violation: Number.POSITIVE_INFINITY,
        slack: [],
        feasible: false,
        constraintValues: [],
      };
      if (fresh.length >= room) return undefined;
      try {
        ev.loaded = validateScenario(applyOverrides(scenario, overrides));
      } catch (e) {
        if (!(e instanceof GfsimError)) throw e;
        ev.invalid = e.problems.map((x) => `${x.path}: ${x.message}`).join("; ") || e.message;
        invalid++;
      }
      cache.set(key, ev);
      if (!ev.invalid) fresh.push(ev);
      return ev;
    });
    await Promise.all(
      fresh.map(async (ev) => {
        const m = measure(await run(ev.loaded!, paths, seed, 1));
        ev.objective = objective.evaluate(m.value);
        const s = constraints.map((c) => slackOf(assess(c, m, p.confidence, z)));
        ev.slack = s.map((x) => x.slack);
        ev.constraintValues = s.map((x) => x.value);
        ev.violation = s.reduce((acc, x) => acc + Math.max(0, -x.slack), 0);
        ev.feasible = ev.violation === 0 && s.every((x) => x.slack >= 0);
        // Only the figures are kept: the candidate's paths are dropped here.
        all.push(ev);
      }),
    );
    return out.filter((e): e is Evaluation => e !== undefined);
  };
  const spent = () => all.length;

  // 1. Screen.
  const current = encode(decisions, scenario);
  const centre = new Array<number>(d).fill(0.5);
  const fixed = [...(current ? [current] : []), ...corners(decisions, current ?? centre)];
  const lhsCount = Math.max(2, Math.round(p.budget * 0.4) - fixed.length);
  const screen = [...fixed, ...latinHypercube(lhsCount, d, searchRng(seed, "screen"))];
  await evaluate(screen, Math.max(1, Math.min(p.budget, screen.length)));
  const screened = spent();

  // 2. Refine with CMA-ES from the best point so far.
  let generations = 0;
  const sorted = () => [...cache.values()].filter((e) => !e.invalid && all.includes(e)).sort(rank);
  let start = sorted()[0];
  if (start && spent() < p.budget) {
    const es = new Cmaes({ mean: start.u, sigma: 0.25, rng: searchRng(seed, "cmaes") });
    let stale = 0;
    while (spent() < p.budget && stale < 3 && es.sigma > 1e-3) {
      const before = spent();
      const points = es.ask();
      const evs = await evaluate(points, p.budget - spent());
      if (evs.length < points.length) break; // budget reached inside the generation
      const order = evs.map((e, i) => ({ e, i })).sort((a, b) => rank(a.e, b.e) || a.i - b.i);
      const ranks = new Array<number>(points.length);
      order.forEach(({ i }, r) => {
        ranks[i] = r;
      });
      es.tell(points, ranks);
      generations++;
      stale = spent() === before ? stale + 1 : 0;
    }
    start = sorted()[0];
  }

  // 3. Confirm on a fresh, larger sample.
  // The current plan is confirmed once, as the baseline; it competes for the recommendation from there.
  const currentKey = current ? JSON.stringify(decode(decisions, current).map((o) => o.value)) : undefined;
  const ranked = sorted().filter((e) => e.key !== currentKey);
  const finalists = distinct(ranked, p.finalists);
  const binding = bindingIndex(ranked[0], constraints);
  const frontierEvs =
    binding === null || p.frontier === 0 ? [] : frontierCandidates(ranked, binding, constraints, sense, p.frontier);
  const toConfirm = distinct([...finalists, ...frontierEvs], finalists.length + frontierEvs.length);
  const confirmWeight = p.confirmPaths / paths;
  const [currentOut, ...outs] = await Promise.all([
    run(base, p.confirmPaths, confirmSeed, confirmWeight),
    ...toConfirm.map((ev) => run(ev.loaded!, p.confirmPaths, confirmSeed, confirmWeight)),
  ]);
  const currentM = measure(currentOut!);
  const measured = outs.map((o) => measure(o));
  const currentSet = Object.fromEntries(decode(decisions, current ?? centre).map((o) => [o.path, o.value]));
  const currentSearch = currentKey === undefined ? undefined : cache.get(currentKey);
  const confirmCandidate = (
    m: Measured,
    set: Record<string, unknown>,
    search: Evaluation | undefined,
  ): ConfirmedCandidate => {
    const rows = constraints.map((c) => assess(c, m, p.confidence, z));
    return {
      set,
      objective: objective.evaluate(m.value),
      objective_se: expressionSe(objective, m),
      constraints: rows,
      pass: rows.every((r) => r.pass),
      vs_current: pairedDifference(objective, m, currentM),
      search: { objective: search?.objective ?? null, feasible: search?.feasible ?? false },
    };
  };
  const currentCandidate = confirmCandidate(
    currentM,
    current ? currentSet : Object.fromEntries(decisions.flatMap((x) => currentValues(scenario, x))),
    currentSearch,
  );
  const confirmed = toConfirm.map((ev, i) =>
    confirmCandidate(measured[i]!, Object.fromEntries(ev.overrides.map((o) => [o.path, o.value])), ev),
  );
  const better = (a: ConfirmedCandidate, b: ConfirmedCandidate) => {
    const x = a.objective ?? Number.NEGATIVE_INFINITY * (sense === "maximise" ? 1 : -1);
    const y = b.objective ?? Number.NEGATIVE_INFINITY * (sense === "maximise" ? 1 : -1);
    return sense === "maximise" ? y - x : x - y;
  };
  // The current plan competes too (it may already be the best plan that passes).
  const pool = [...confirmed.map((c, i) => ({ c, m: measured[i]! })), { c: currentCandidate, m: currentM }];
  const passing = pool.filter((x) => x.c.pass && x.c.objective !== null).sort((a, b) => better(a.c, b.c));
  const best = passing[0];
  const tied = best
    ? passing.slice(1).filter((x) => {
        const diff = pairedDifference(objective, best.m, x.m);
        if (diff.difference === null || diff.se === null) return false;
        const gap = sense === "maximise" ? diff.difference : -diff.difference;
        return gap <= z * diff.se;
      })
    : [];
  const bindingName = bindingConfirmed(best?.c, constraints) ?? (binding === null ? null : constraints[binding]!.text);
  const bi = bindingName === null ? -1 : constraints.findIndex((c) => c.text === bindingName);
  const frontier = bi < 0 || p.frontier === 0 ? [] : frontierPoints(pool, bi, z, sense, best?.c, currentCandidate);
  const note = best
    ? undefined
    : `no candidate meets every constraint at ${p.confidence} confidence on the confirmation sample; the finalists are listed with their bounds`;
  opts.onProgress?.(1);
  return {
    best: best?.c ?? null,
    tied: tied.map((x) => x.c),
    frontier,
    evaluations: spent(),
    paths,
    seed,
    scenario: { name: scenario.name, hash: base.hash },
    version: VERSION,
    objective: { expr: objective.text, sense },
    constraints: constraints.map((c) => c.text),
    confidence: p.confidence,
    budget: p.budget,
    confirm: { paths: p.confirmPaths, seed: confirmSeed },
    decisions,
    binding: bindingName,
    current: currentCandidate,
    finalists: confirmed,
    search: { screened, generations, invalid },
    ...(note ? { note } : {}),
  };
}

function isLoaded(x: unknown): x is LoadedScenario {
  return x !== null && typeof x === "object" && "byYear" in x && "hash" in x && "scenario" in x;
}

/** The scenario's own values of the decided fields, as they are (also outside the searched ranges). */
function currentValues(scenario: unknown, d: Decision): [string, unknown][] {
  return fieldsOf(d).map((path) => [path, valueAt(scenario, path) ?? null]);
}

/** The first `n` evaluations with distinct keys (they are distinct by construction of the cache). */
function distinct(evs: Evaluation[], n: number): Evaluation[] {
  const seen = new Set<string>();
  const out: Evaluation[] = [];
  for (const e of evs) {
    if (out.length >= n) break;
    if (e.invalid || seen.has(e.key)) continue;
    seen.add(e.key);
    out.push(e);
  }
  return out;
}

/** The constraint with the least relative slack at the search's best point (null without constraints). */
function bindingIndex(best: Evaluation | undefined, constraints: Constraint[]): number | null {
  if (!best || constraints.length === 0) return null;
  let at = 0;
  best.slack.forEach((s, i) => {
    if (s < best.slack[at]!) at = i;
  });
  return at;
}

/** The binding constraint of a confirmed candidate: least relative slack of its bound against the limit. */
function bindingConfirmed(c: ConfirmedCandidate | undefined, constraints: Constraint[]): string | null {
  if (!c || constraints.length === 0) return null;
  let best: { text: string; slack: number } | null = null;
  for (const row of c.constraints) {
    if (row.bound === null) continue;
    const scale = Math.abs(row.limit) > 1e-12 ? Math.abs(row.limit) : 1;
    const slack = (row.op === "<=" || row.op === "<" ? row.limit - row.bound : row.bound - row.limit) / scale;
    if (!best || slack < best.slack) best = { text: row.expr, slack };
  }
  return best?.text ?? null;
}

/**
 * Points along the trade-off between the objective and the binding constraint on the search sample: candidates that
 * meet the other constraints, on their Pareto front (no other is both safer and better), thinned to `n` spread
 * evenly along the constraint.
 */
function frontierCandidates(
  ranked: Evaluation[],
  binding: number,
  constraints: Constraint[],
  sense: "maximise" | "minimise",
  n: number,
): Evaluation[] {
  const c = constraints[binding]!;
  const upper = c.op === "<=" || c.op === "<";
  const ok = ranked.filter(
    (e) =>
      e.objective !== null && e.constraintValues[binding] !== null && e.slack.every((s, i) => i === binding || s >= 0),
  );
  // Safer first (lower value for ≤); keep a point when its objective beats every safer one.
  ok.sort((a, b) => {
    const x = a.constraintValues[binding]!;
    const y = b.constraintValues[binding]!;
    return (upper ? x - y : y - x) || (a.key < b.key ? -1 : 1);
  });
  const front: Evaluation[] = [];
  let bestSoFar = Number.NEGATIVE_INFINITY;
  for (const e of ok) {
    const v = sense === "maximise" ? e.objective! : -e.objective!;
    if (v > bestSoFar) {
      front.push(e);
      bestSoFar = v;
    }
  }
  if (front.length <= n) return front;
  return Array.from({ length: n }, (_, i) => front[Math.round((i * (front.length - 1)) / (n - 1 || 1))]!);
}

/** The confirmed frontier: binding-constraint estimate against objective with its band, chosen and current marked. */
function frontierPoints(
  pool: { c: ConfirmedCandidate; m: Measured }[],
  bi: number,
  z: number,
  sense: "maximise" | "minimise",
  chosen: ConfirmedCandidate | undefined,
  current: ConfirmedCandidate,
): FrontierPoint[] {
  void sense;
  return pool
    .map(({ c }) => ({
      set: c.set,
      constraint: c.constraints[bi]?.estimate ?? null,
      objective: c.objective,
      objective_lo: c.objective === null || c.objective_se === null ? null : c.objective - z * c.objective_se,
      objective_hi: c.objective === null || c.objective_se === null ? null : c.objective + z * c.objective_se,
      others_pass: c.constraints.every((r, i) => i === bi || r.pass),
      chosen: c === chosen,
      current: c === current,
    }))
    .filter((f) => f.constraint !== null && f.objective !== null)
    .sort((a, b) => a.constraint! - b.constraint! || a.objective! - b.objective!);
}
