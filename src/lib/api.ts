/**
 * The library API: what a Node script needs to load scenarios and run, sweep and compare them, with options objects
 * and the same results the CLI prints with `--json` (the CLI commands are a thin layer over these functions).
 * Scenarios are given as a loaded scenario, a file path or shipped name, or a plain scenario object; overrides and
 * targets may be written as the CLI writes them (`"fund.reserves=0.4"`, `"fund.tvpi.p50>=1.2"`) or as data.
 */

import { type Comparison, compareScenarios } from "../run/compare.ts";
import type { Result } from "../run/result.ts";
import { type BlockRunner, runScenario } from "../run/run.ts";
import {
  type CurvePoint,
  type SolveResult,
  maxLeverage as solveMaxLeverage,
  sizePool as solveSizePool,
} from "../run/solve.ts";
import { runSweep, type SweepResult, type SweepRow } from "../run/sweep.ts";
import type { Override } from "../scenario/load.ts";
import { applyOverrides, type LoadedScenario, parseOverride, validateScenario } from "../scenario/load.ts";
import type { Target } from "../scenario/schema.ts";
import type { SweepBlockInput, SweepValues } from "../scenario/sweep.ts";
import { parseTarget } from "../scenario/target-text.ts";
import { readRawScenario } from "./files.ts";
import { withRunner } from "./runner.ts";

/** A scenario: loaded (`loadScenario`), a file path or shipped scenario name, or a plain scenario object. */
export type ScenarioInput = LoadedScenario | string | Record<string, unknown>;

/** Overrides like `--set`: `{"fund.reserves": 0.4}` (values as data) or `["fund.reserves=0.4"]` (values as YAML). */
export type SetInput = Record<string, unknown> | readonly string[];

/** A target as data or as text (`"fund.tolerance_breach.mean<=0.1"`). */
export type TargetInput = Target | string;

export interface LoadScenarioOptions {
  /** Overrides applied before validation. */
  set?: SetInput;
}

/** Options every simulating call shares. */
export interface SimulationOptions {
  /** Monte Carlo paths (default: the scenario's `run.paths`). */
  paths?: number;
  /** Seed (default: the scenario's `run.seed`). */
  seed?: number;
  /** Extra targets, evaluated with the scenario's own. */
  targets?: readonly TargetInput[];
  /**
   * Threads simulating paths (default 1: this thread only). Results are identical for any count; more threads only
   * make a large run faster. Ignored when `runner` is given.
   */
  threads?: number;
  /** Where blocks of paths run (advanced: e.g. a queue-backed runner); overrides `threads`. */
  runner?: BlockRunner;
  /** Called with the share of paths done (0..1). */
  onProgress?: (done: number) => void;
  /** Aborts the run between blocks (the promise rejects with code CONFLICT). */
  signal?: AbortSignal;
}

export interface RunOptions extends SimulationOptions, LoadScenarioOptions {
  /** Paths per block (results do not depend on it). */
  blockSize?: number;
}

export interface SweepOptions extends SimulationOptions, LoadScenarioOptions {
  /**
   * Field → values: a list (`{"fund.reserves": [0.2, 0.3, 0.4]}`) or a range (`{from: 0.2, to: 0.4, step: 0.1}`).
   * `vary`, `zip` and `metrics` replace those of the scenario's `sweep:` block, which is the default.
   */
  vary?: Record<string, SweepValues>;
  /** Pair the `vary` lists element by element instead of taking the full grid. */
  zip?: boolean;
  /** Metric columns, e.g. `["fund.tvpi.mean"]` (default: each vehicle kind's headline metrics). */
  metrics?: readonly string[];
  /** Called when a row is done, with its full result. */
  onRow?: (row: SweepRow, result: Result) => void;
}

export interface CompareOptions extends SimulationOptions {
  /** Changes applied to b (to a copy of a when b is not given). */
  set?: SetInput;
  /** Only metrics starting with one of these prefixes, e.g. `["fund.tvpi", "programme."]`. */
  metrics?: readonly string[];
  /** Receives each side's full result as it is done, b first. */
  onResult?: (side: "a" | "b", result: Result) => void;
}

export interface SizePoolOptions extends Omit<SimulationOptions, "targets">, LoadScenarioOptions {
  /** Tolerated probability of the pool being exhausted, in (0, 1). */
  alpha: number;
  /** Id of the risk pool; may be omitted when the scenario has one. */
  vehicle?: string;
  /** Relative width at which the bisection stops (default 0.005). */
  tolerance?: number;
  /** Called after each candidate is evaluated, with the candidate's run (the scenario reduced to the pool). */
  onEvaluate?: (point: CurvePoint, result: Result) => void;
}

function toOverrides(set: SetInput | undefined): Override[] {
  if (set === undefined) return [];
  if (Array.isArray(set)) return (set as readonly string[]).map(parseOverride);
  return Object.entries(set).map(([path, value]) => ({ path, value: value ?? null }));
}

function toTargets(targets: readonly TargetInput[] | undefined): Target[] {
  return (targets ?? []).map((t) => (typeof t === "string" ? parseTarget(t) : t));
}

function isLoaded(input: unknown): input is LoadedScenario {
  const l = input as Partial<LoadedScenario> | null;
  return !!l && typeof l === "object" && "byYear" in l && "hash" in l && l.scenario !== undefined;
}

/** The raw scenario object of an input (a loaded scenario's validated object, a file's parsed content). */
function rawOf(input: ScenarioInput): unknown {
  if (typeof input === "string") return readRawScenario(input);
  return isLoaded(input) ? input.scenario : input;
}

/**
 * Loads and validates a scenario: a file path (YAML or JSON), a shipped scenario's name (`"yuhang-2b"`) or a plain
 * object. Throws a `GfsimError` (code INVALID_SCENARIO, …) listing every problem with its field path.
 */
export function loadScenario(input: ScenarioInput, opts: LoadScenarioOptions = {}): LoadedScenario {
  if (isLoaded(input) && opts.set === undefined) return input;
  return validateScenario(applyOverrides(rawOf(input), toOverrides(opts.set)));
}

function common(opts: SimulationOptions) {
  return {
    ...(opts.paths !== undefined && { paths: opts.paths }),
    ...(opts.seed !== undefined && { seed: opts.seed }),
    ...(opts.onProgress && { onProgress: opts.onProgress }),
    ...(opts.signal && { signal: opts.signal }),
  };
}

/** Runs a scenario; resolves to the result (MODEL.md §10), the same JSON `gfsim run --json` prints. */
export async function run(scenario: ScenarioInput, opts: RunOptions = {}): Promise<Result> {
  const loaded = loadScenario(scenario, opts.set === undefined ? {} : { set: opts.set });
  return withRunner(opts, async (runner) => {
    const out = await runScenario(loaded, {
      ...common(opts),
      targets: toTargets(opts.targets),
      ...(opts.blockSize !== undefined && { blockSize: opts.blockSize }),
      ...(runner && { runner }),
    });
    return out.result;
  });
}

/** Runs a parameter sweep with common random numbers; the same JSON `gfsim sweep --json` prints. */
export async function sweep(scenario: ScenarioInput, opts: SweepOptions = {}): Promise<SweepResult> {
  const raw = rawOf(scenario);
  // Given fields replace those of the scenario's own `sweep:` block.
  const given = {
    ...(opts.vary !== undefined && { vary: opts.vary }),
    ...(opts.zip !== undefined && { zip: opts.zip }),
    ...(opts.metrics !== undefined && { metrics: [...opts.metrics] }),
  };
  const own = (raw as { sweep?: unknown } | null)?.sweep;
  const spec =
    Object.keys(given).length === 0
      ? undefined
      : ({ ...(own && typeof own === "object" ? own : {}), ...given } as SweepBlockInput);
  return withRunner(opts, (runner) =>
    runSweep(raw, spec, {
      ...common(opts),
      overrides: toOverrides(opts.set),
      targets: toTargets(opts.targets),
      ...(runner && { runner }),
      ...(opts.onRow && { onRow: opts.onRow }),
    }),
  );
}

/**
 * Paired comparison b − a with common random numbers: `compare(a, b)` or `compare(a, undefined, {set})` (a against
 * a copy of itself with the changes). The same JSON `gfsim compare --json` prints.
 */
export async function compare(
  a: ScenarioInput,
  b: ScenarioInput | undefined,
  opts: CompareOptions = {},
): Promise<Comparison> {
  const la = loadScenario(a);
  const lb = loadScenario(b ?? la, opts.set === undefined ? {} : { set: opts.set });
  return withRunner(opts, (runner) =>
    compareScenarios(la, lb, {
      ...common(opts),
      targets: toTargets(opts.targets),
      ...(opts.metrics && { metrics: [...opts.metrics] }),
      ...(runner && { runner }),
      ...(opts.onResult && { onResult: opts.onResult }),
    }),
  );
}

/** The smallest risk pool whose probability of exhaustion is at most `alpha` (MODEL.md §6.1). */
export async function sizePool(scenario: ScenarioInput, opts: SizePoolOptions): Promise<SolveResult> {
  return solve(solveSizePool, scenario, opts);
}

/** The largest leverage at which the pool's probability of exhaustion is at most `alpha`. */
export async function maxLeverage(scenario: ScenarioInput, opts: SizePoolOptions): Promise<SolveResult> {
  return solve(solveMaxLeverage, scenario, opts);
}

async function solve(
  solver: typeof solveSizePool,
  scenario: ScenarioInput,
  opts: SizePoolOptions,
): Promise<SolveResult> {
  const raw = applyOverrides(rawOf(scenario), toOverrides(opts.set));
  return withRunner(opts, (runner) =>
    solver(raw, {
      alpha: opts.alpha,
      ...(opts.paths !== undefined && { paths: opts.paths }),
      ...(opts.seed !== undefined && { seed: opts.seed }),
      ...(opts.vehicle !== undefined && { vehicle: opts.vehicle }),
      ...(opts.tolerance !== undefined && { tolerance: opts.tolerance }),
      ...(opts.onEvaluate && { onEvaluate: opts.onEvaluate }),
      ...(runner && { runner }),
    }),
  );
}
