/**
 * Paired comparison of two scenarios (MODEL.md §8): both run with the same seed and path count, so path i of each
 * sees the same macro factor and the same draws wherever the two scenarios consume them alike (common random
 * numbers). The difference of a metric is then estimated from per-path differences, whose standard error is far
 * smaller than the unpaired one when the scenarios are close — a change that moves a metric by less than the
 * Monte Carlo noise of either run can still be told apart from zero.
 */
import { GfsimError } from "../errors.ts";
import type { LoadedScenario } from "../scenario/load.ts";
import { validateScenario } from "../scenario/load.ts";
import type { Target } from "../scenario/schema.ts";
import { VERSION } from "../version.ts";
import { targetProblems } from "./metric-paths.ts";
import type { Result, TargetResult } from "./result.ts";
import { type BlockRunner, type RunOutput, runScenario } from "./run.ts";
import { buildEngines } from "./simulate.ts";

export interface CompareOptions {
  /** Paths for both runs (default: a's run.paths). */
  paths?: number;
  /** Seed for both runs (default: a's run.seed). */
  seed?: number;
  /** Extra targets, checked on b (the changed scenario) together with b's own. */
  targets?: Target[];
  /** Only metrics whose `<id>.<metric>` starts with one of these prefixes (e.g. `fund.`, `programme.tvpi`). */
  metrics?: string[];
  runner?: BlockRunner;
  onProgress?: (done: number) => void;
  /** Receives each side's full result as it is done (e.g. for a report), b first. */
  onResult?: (side: "a" | "b", result: Result) => void;
  signal?: AbortSignal;
}

/** One metric's paired difference (b − a) of means. */
export interface MetricDiff {
  /** `<vehicle id>.<metric>` or `programme.<metric>`. */
  metric: string;
  /** Mean over the paths where the metric is defined in each run. */
  a: number | null;
  b: number | null;
  /** Mean of per-path differences b − a over the paths where both are defined. */
  diff: number | null;
  /** Paired standard error: sd of the per-path differences / √n. */
  se: number | null;
  /** Unpaired standard error √(se_a² + se_b²), for reference (what two independent runs would give). */
  se_unpaired: number | null;
  /** Paths where both are defined. */
  n: number;
  /** |diff| > 2·se, beyond rounding noise (a deterministic non-zero difference, se = 0, counts as significant). */
  significant: boolean;
}

export interface Comparison {
  a: { scenario: { name: string; hash: string } };
  b: { scenario: { name: string; hash: string }; targets: TargetResult[] };
  seed: number;
  paths: number;
  version: string;
  metrics: MetricDiff[];
  /** Metrics only one side has (e.g. a vehicle removed in b). */
  only_a: string[];
  only_b: string[];
  /** Every target of b passes. */
  pass: boolean;
}

/** A validated scenario, or a raw scenario object validated here (for the API). */
export function asLoaded(input: LoadedScenario | unknown): LoadedScenario {
  const l = input as Partial<LoadedScenario> | null;
  if (l && typeof l === "object" && "byYear" in l && "hash" in l && l.scenario) return l as LoadedScenario;
  return validateScenario(input);
}

/** What a comparison needs of a run: its per-path values and the programme's. */
type RunPaths = Pick<RunOutput, "data" | "programme">;

/** Every scalar per path of a run, by `<id>.<metric>`, the programme's included. */
export function scalarColumns({ data, programme }: RunPaths): Map<string, Float64Array> {
  const out = new Map<string, Float64Array>();
  for (const v of data.vehicles)
    v.scalarNames.forEach((name, m) => {
      out.set(`${v.id}.${name}`, v.scalars[m]!);
    });
  for (const [name, arr] of Object.entries(programme.scalars)) out.set(`programme.${name}`, arr);
  return out;
}

function meanSe(x: Float64Array): { mean: number | null; se: number | null } {
  let n = 0;
  let sum = 0;
  for (const v of x)
    if (!Number.isNaN(v)) {
      n++;
      sum += v;
    }
  if (n === 0) return { mean: null, se: null };
  const mean = sum / n;
  let ss = 0;
  for (const v of x) if (!Number.isNaN(v)) ss += (v - mean) ** 2;
  return { mean, se: n > 1 ? Math.sqrt(ss / (n - 1) / n) : null };
}

/** The paired difference b − a of one metric over the paths where both are defined. */
export function pairedDiff(metric: string, a: Float64Array, b: Float64Array): MetricDiff {
  const n0 = Math.min(a.length, b.length);
  const d = new Float64Array(n0);
  for (let i = 0; i < n0; i++) d[i] = !Number.isNaN(a[i]!) && !Number.isNaN(b[i]!) ? b[i]! - a[i]! : Number.NaN;
  const sa = meanSe(a);
  const sb = meanSe(b);
  const sd = meanSe(d);
  let n = 0;
  for (const v of d) if (!Number.isNaN(v)) n++;
  const seUnpaired = sa.se !== null && sb.se !== null ? Math.sqrt(sa.se ** 2 + sb.se ** 2) : null;
  // Rounding noise (e.g. 0.6/0.4 computed two ways) is not a difference.
  const noise = 1e-12 * Math.max(Math.abs(sa.mean ?? 0), Math.abs(sb.mean ?? 0));
  const significant = sd.mean !== null && sd.se !== null && Math.abs(sd.mean) > Math.max(2 * sd.se, noise);
  return { metric, a: sa.mean, b: sb.mean, diff: sd.mean, se: sd.se, se_unpaired: seUnpaired, n, significant };
}

/** Paired differences of every metric both runs have, in a's order. */
export function pairedDiffs(a: RunPaths, b: RunPaths, prefixes?: string[]) {
  const ca = scalarColumns(a);
  const cb = scalarColumns(b);
  const keep = (k: string) => !prefixes || prefixes.length === 0 || prefixes.some((p) => k.startsWith(p));
  const metrics: MetricDiff[] = [];
  for (const [k, xa] of ca) {
    const xb = cb.get(k);
    if (xb && keep(k)) metrics.push(pairedDiff(k, xa, xb));
  }
  return {
    metrics,
    only_a: [...ca.keys()].filter((k) => !cb.has(k) && keep(k)),
    only_b: [...cb.keys()].filter((k) => !ca.has(k) && keep(k)),
  };
}

/**
 * Every target of either run — a's and b's own (`a.targets[i]`, `b.targets[i]`) and the extra ones checked on b
 * (`targets[i]`) — must name a metric its run will produce; checked before anything is simulated.
 */
export function checkCompare(a: LoadedScenario, b: LoadedScenario, extra: readonly Target[]): void {
  const ea = buildEngines(a);
  const eb = buildEngines(b);
  const problems = [
    ...targetProblems(a.scenario.targets, ea, "a.targets"),
    ...targetProblems(b.scenario.targets, eb, "b.targets"),
    ...targetProblems(extra, eb, "targets"),
  ];
  if (problems.length > 0) throw new GfsimError("INVALID_SCENARIO", "a target names an unknown metric", problems);
}

/** Runs a and b with common random numbers and returns plain JSON (for the CLI and the API). */
export async function compareScenarios(
  aInput: LoadedScenario | unknown,
  bInput: LoadedScenario | unknown,
  opts: CompareOptions = {},
): Promise<Comparison> {
  const a = asLoaded(aInput);
  const b = asLoaded(bInput);
  const paths = opts.paths ?? a.scenario.run.paths;
  const seed = opts.seed ?? a.scenario.run.seed;
  const common = {
    paths,
    seed,
    ...(opts.runner && { runner: opts.runner }),
    ...(opts.signal && { signal: opts.signal }),
  };
  const progress = (offset: number) =>
    opts.onProgress ? { onProgress: (d: number) => opts.onProgress!((offset + d) / 2) } : {};
  checkCompare(a, b, opts.targets ?? []);
  const rb = await runScenario(b, { ...common, targets: opts.targets ?? [], ...progress(0) });
  opts.onResult?.("b", rb.result);
  const ra = await runScenario(a, { ...common, ...progress(1) });
  opts.onResult?.("a", ra.result);
  const diffs = pairedDiffs(ra, rb, opts.metrics);
  return {
    a: { scenario: ra.result.scenario },
    b: { scenario: rb.result.scenario, targets: rb.result.targets },
    seed,
    paths,
    version: VERSION,
    ...diffs,
    pass: rb.result.targets.every((t) => t.pass),
  };
}
