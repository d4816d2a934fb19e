/**
 * Running a sweep (MODEL.md §8): every combination of the varied fields is applied to the scenario like `--set`,
 * validated (all combinations before any path is simulated, so a bad one fails fast and names its field and value),
 * then run with the same seed and path count — common random numbers, so differences between rows are the
 * parameters' effect and not Monte Carlo noise. A row's figures are exactly those of `gfsim run --set ...` with the
 * same values, seed and paths. Returns plain JSON for the CLI and the API.
 */
import { GfsimError, type Problem } from "../errors.ts";
import { zodProblems } from "../scenario/issues.ts";
import { applyOverrides, type LoadedScenario, type Override, validateScenario } from "../scenario/load.ts";
import type { Target } from "../scenario/schema.ts";
import {
  type Combination,
  combinations,
  describeCombination,
  expandValues,
  SweepBlock,
  type SweepBlockInput,
} from "../scenario/sweep.ts";
import { VERSION } from "../version.ts";
import { headlinePaths } from "./catalogue.ts";
import { metricPathProblems, targetProblems } from "./metric-paths.ts";
import { lookupMetric, type Result, type TargetResult } from "./result.ts";
import { type BlockRunner, runScenario } from "./run.ts";
import { buildEngines } from "./simulate.ts";

export interface SweepOptions {
  /** Paths for every row (default: the scenario's run.paths). */
  paths?: number;
  /** Seed for every row (default: the scenario's run.seed). */
  seed?: number;
  /** Overrides applied to the scenario before each combination (`--set`). */
  overrides?: Override[];
  /** Extra targets (`--target`), checked on every row with the scenario's own. */
  targets?: Target[];
  runner?: BlockRunner;
  /** Share of the whole sweep done (0..1). */
  onProgress?: (done: number) => void;
  /** Called when a row is finished (e.g. to time it), with the row's full result (e.g. for a report). */
  onRow?: (row: SweepRow, result: Result) => void;
  signal?: AbortSignal;
}

export interface SweepRow {
  /** 1-based row number. */
  row: number;
  /** The varied fields' values. */
  values: Record<string, unknown>;
  /** The same as `--set` arguments: `gfsim run <scenario> --seed S --paths N --set ...` reproduces the row. */
  set: string[];
  hash: string;
  /** Chosen metric paths → value (null where undefined). */
  metrics: Record<string, number | null>;
  targets: TargetResult[];
  pass: boolean;
}

export interface SweepResult {
  scenario: { name: string; hash: string };
  seed: number;
  paths: number;
  version: string;
  zip: boolean;
  vary: { path: string; values: unknown[] }[];
  metrics: string[];
  rows: SweepRow[];
  /** Rows with a failed target. */
  failed_rows: number;
  pass: boolean;
}

type EngineNames = { id: string; kind: string; scalarNames: readonly string[] }[];

/**
 * Default columns: the targets' metrics, then each vehicle's headline metrics from the catalogue and, for several
 * vehicles, the programme's.
 */
export function defaultMetrics(engines: EngineNames, targets: Target[]): string[] {
  return [...new Set([...targets.map((t) => t.metric), ...headlinePaths(engines)])];
}

function isLoaded(x: unknown): x is LoadedScenario {
  return x !== null && typeof x === "object" && "byYear" in x && "hash" in x && "scenario" in x;
}

/** Parses a sweep spec (the `sweep:` block shape); problems point into `sweep.`. */
export function parseSweepSpec(spec: unknown): SweepBlock {
  const r = SweepBlock.safeParse(spec, { reportInput: true });
  if (!r.success)
    throw new GfsimError("INVALID_ARGUMENT", "the sweep is not valid", zodProblems(r.error, spec, ["sweep"]));
  return r.data;
}

/**
 * Validates every combination; all problems at once, each naming the row and its varied values. `pause` is awaited
 * after each combination, so a caller on an event loop can let other work in between (validation itself is pure).
 */
async function loadCombinations(
  baseRaw: unknown,
  combos: Combination[],
  pause?: () => Promise<void>,
): Promise<LoadedScenario[]> {
  const problems: Problem[] = [];
  const loaded: LoadedScenario[] = [];
  for (const [k, c] of combos.entries()) {
    const label = `row ${k + 1} (${describeCombination(c).join(", ")})`;
    try {
      loaded.push(validateScenario(applyOverrides(baseRaw, c)));
    } catch (e) {
      if (!(e instanceof GfsimError)) throw e;
      const list = e.problems.length > 0 ? e.problems : [{ path: "", message: e.message }];
      for (const p of list) problems.push({ ...p, path: `${label}: ${p.path}` });
    }
    if (pause) await pause();
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, 50);
    if (problems.length > shown.length)
      shown.push({ path: "", message: `… and ${problems.length - shown.length} more` });
    throw new GfsimError("INVALID_SCENARIO", "a sweep combination is not a valid scenario", shown);
  }
  return loaded;
}

/** A sweep checked completely and ready to run: every combination validated, every metric path known. */
export interface SweepPlan {
  base: LoadedScenario;
  block: SweepBlock;
  combos: Combination[];
  loaded: LoadedScenario[];
  metrics: string[];
  paths: number;
  seed: number;
  targets: Target[];
}

/**
 * Checks a sweep without simulating anything: the base scenario (overrides applied), the sweep spec, every
 * combination, the columns and the targets. Throws the user's problem as a `GfsimError`; `runSweep` starts with it.
 */
export async function planSweep(
  input: LoadedScenario | unknown,
  spec: SweepBlockInput | undefined,
  opts: Pick<SweepOptions, "paths" | "seed" | "overrides" | "targets"> & { pause?: () => Promise<void> } = {},
): Promise<SweepPlan> {
  const baseRaw = applyOverrides(isLoaded(input) ? input.scenario : input, opts.overrides ?? []);
  const base = validateScenario(baseRaw);
  const rawSpec = spec ?? base.scenario.sweep;
  if (!rawSpec)
    throw new GfsimError("INVALID_ARGUMENT", "nothing to sweep: give --vary or a sweep: block in the scenario", [
      { path: "sweep", message: "missing" },
    ]);
  const block = parseSweepSpec(rawSpec);
  const combos = combinations(block);
  const loaded = await loadCombinations(baseRaw, combos, opts.pause);
  const targets = opts.targets ?? [];

  const engines = buildEngines(loaded[0]!);
  const metrics = block.metrics ?? defaultMetrics(engines, [...base.scenario.targets, ...targets]);
  // Default columns are valid by construction, or come from targets (checked here, before any path runs).
  const problems = [
    ...metricPathProblems(block.metrics ?? [], engines, "sweep.metrics"),
    ...targetProblems(targets, engines, "targets"),
  ];
  if (problems.length > 0) throw new GfsimError("INVALID_ARGUMENT", "a metric path is not valid", problems);
  const own = targetProblems(base.scenario.targets, engines, "scenario.targets");
  if (own.length > 0) throw new GfsimError("INVALID_SCENARIO", "a target names an unknown metric", own);
  const paths = opts.paths ?? base.scenario.run.paths;
  const seed = opts.seed ?? base.scenario.run.seed;
  return { base, block, combos, loaded, metrics, paths, seed, targets };
}

/**
 * Runs a sweep. `input` is a validated scenario or a raw scenario object; `spec` has the `sweep:` block's shape
 * (default: the scenario's own block).
 */
export async function runSweep(
  input: LoadedScenario | unknown,
  spec: SweepBlockInput | undefined,
  opts: SweepOptions = {},
): Promise<SweepResult> {
  const { base, block, combos, loaded, metrics, paths, seed, targets } = await planSweep(input, spec, opts);

  const rows: SweepRow[] = [];
  for (const [k, l] of loaded.entries()) {
    const c = combos[k]!;
    const { result } = await runScenario(l, {
      paths,
      seed,
      targets,
      ...(opts.runner && { runner: opts.runner }),
      ...(opts.signal && { signal: opts.signal }),
      ...(opts.onProgress && { onProgress: (d: number) => opts.onProgress!((k + d) / loaded.length) }),
    });
    const row: SweepRow = {
      row: k + 1,
      values: Object.fromEntries(c.map(({ path, value }) => [path, value])),
      set: describeCombination(c),
      hash: result.scenario.hash,
      metrics: Object.fromEntries(metrics.map((m) => [m, lookupMetric(result, m) ?? null])),
      targets: result.targets,
      pass: result.targets.every((t) => t.pass),
    };
    rows.push(row);
    opts.onRow?.(row, result);
  }
  const failed = rows.filter((r) => !r.pass).length;
  return {
    scenario: { name: base.scenario.name, hash: base.hash },
    seed,
    paths,
    version: VERSION,
    zip: block.zip,
    vary: Object.entries(block.vary).map(([path, v]) => ({ path, values: expandValues(v, path) })),
    metrics,
    rows,
    failed_rows: failed,
    pass: failed === 0,
  };
}
