/**
 * Running a scenario: paths are cut into fixed-size blocks, simulated (in this thread, or by a worker pool when one
 * is given), merged in block order and summarised into the §10 result. Because path i depends only on (seed, i) and
 * the merge is in path order, the result is the same for any block size and thread count.
 */
import type { VehicleEngine } from "../engine/vehicle.ts";
import { GfsimError } from "../errors.ts";
import type { LoadedScenario } from "../scenario/load.ts";
import type { Target } from "../scenario/schema.ts";
import { VERSION } from "../version.ts";
import { targetProblems } from "./metric-paths.ts";
import { type ProgrammePaths, programmePaths, programmeResult } from "./programme.ts";
import { evaluateTargets, type PathData, type Result, vehicleResult } from "./result.ts";
import { type Block, buildEngines, simulateBlock } from "./simulate.ts";

/** Largest and smallest default block; `--block-size` may set any size (results do not depend on it). */
export const MAX_BLOCK_SIZE = 1000;
export const MIN_BLOCK_SIZE = 50;

/**
 * The default block size: about 16 blocks per block in flight, so the last blocks — when some threads already idle —
 * are short (a block of a slow scenario takes ~0.3 s at 1000 paths), within [MIN_BLOCK_SIZE, MAX_BLOCK_SIZE].
 */
export function defaultBlockSize(paths: number, concurrency: number): number {
  return Math.min(MAX_BLOCK_SIZE, Math.max(MIN_BLOCK_SIZE, Math.ceil(paths / (16 * Math.max(1, concurrency)))));
}

/** Runs blocks somewhere (this thread by default; `src/run/pool.ts` provides worker threads). */
export interface BlockRunner {
  run(loaded: LoadedScenario, seed: number, start: number, end: number): Promise<Block>;
  /**
   * Blocks worth having in flight at once (default: all). A finished block is merged and dropped before the next is
   * started, so memory holds the run's arrays plus about this many blocks, and cancellation is seen between blocks.
   */
  readonly concurrency?: number;
  /** The block size this runner works best with for a run of `paths` (default: `defaultBlockSize`). */
  blockSize?(paths: number): number;
}

export interface RunOptions {
  paths?: number;
  seed?: number;
  /** Extra targets (e.g. from `--target`), evaluated with the scenario's own. */
  targets?: Target[];
  blockSize?: number;
  runner?: BlockRunner;
  /** Called after each block with the share of paths done (0..1). */
  onProgress?: (done: number) => void;
  signal?: AbortSignal;
}

export interface RunOutput {
  result: Result;
  data: PathData;
  /** The programme's per-path values (`programmePaths(data)`), which the result's programme view summarises. */
  programme: ProgrammePaths;
}

/** Engines compiled once per loaded scenario for the inline runner (their per-path state is reset by each path). */
const inlineEngines = new WeakMap<LoadedScenario, VehicleEngine[]>();

export const inlineRunner: BlockRunner = {
  concurrency: 1,
  run: async (loaded, seed, start, end) => {
    let engines = inlineEngines.get(loaded);
    if (!engines) inlineEngines.set(loaded, (engines = buildEngines(loaded)));
    return simulateBlock(loaded, seed, start, end, engines);
  },
};

/**
 * Checks a run before anything is simulated: every target (the scenario's, then `extra`, numbered on together as
 * `targets[i]`) must name a metric the run will produce. Throws INVALID_SCENARIO; returns the built engines.
 */
export function checkRun(loaded: LoadedScenario, extra: readonly Target[] = []): VehicleEngine[] {
  const engines = buildEngines(loaded);
  const problems = targetProblems([...loaded.scenario.targets, ...extra], engines, "targets");
  if (problems.length > 0) throw new GfsimError("INVALID_SCENARIO", "a target names an unknown metric", problems);
  return engines;
}

export async function runScenario(loaded: LoadedScenario, opts: RunOptions = {}): Promise<RunOutput> {
  const { scenario } = loaded;
  const paths = opts.paths ?? scenario.run.paths;
  const seed = opts.seed ?? scenario.run.seed;
  const runner = opts.runner ?? inlineRunner;
  const blockSize = Math.max(
    1,
    opts.blockSize ?? runner.blockSize?.(paths) ?? defaultBlockSize(paths, runner.concurrency ?? 1),
  );
  const H = scenario.horizon_years;
  const targets = [...scenario.targets, ...(opts.targets ?? [])];
  // Targets must name a metric the run will produce (exit 2 before any path is simulated).
  const engines = checkRun(loaded, opts.targets ?? []);

  const data: PathData = {
    paths,
    horizon: H,
    vehicles: engines.map((e) => ({
      id: e.id,
      kind: e.kind,
      scalarNames: e.scalarNames,
      seriesNames: e.seriesNames,
      scalars: e.scalarNames.map(() => new Float64Array(paths)),
      series: e.seriesNames.map(() => new Float64Array(paths * H)),
    })),
  };
  const starts: number[] = [];
  for (let s = 0; s < paths; s += blockSize) starts.push(s);
  let done = 0;
  let next = 0;
  // A few lanes take blocks in path order; each merges its block (which can then be collected) before the next.
  const lane = async () => {
    while (next < starts.length) {
      if (opts.signal?.aborted) throw new GfsimError("CANCELLED", "the run was cancelled");
      const start = starts[next++]!;
      const end = Math.min(paths, start + blockSize);
      const block = await runner.run(loaded, seed, start, end);
      mergeBlock(data, block);
      done += end - start;
      opts.onProgress?.(done / paths);
    }
  };
  const lanes = Math.max(1, Math.min(starts.length, Math.floor(runner.concurrency ?? starts.length)));
  await Promise.all(Array.from({ length: lanes }, lane));
  if (opts.signal?.aborted) throw new GfsimError("CANCELLED", "the run was cancelled");

  const vehicles: Result["vehicles"] = {};
  engines.forEach((e, v) => {
    vehicles[e.id] = vehicleResult(e, data.vehicles[v]!, paths, H);
  });
  const programme = programmePaths(data);
  const partial = { vehicles, programme: programmeResult(programme, paths, H) };
  const result: Result = {
    scenario: { name: scenario.name, hash: loaded.hash },
    seed,
    paths,
    version: VERSION,
    horizon_years: H,
    ...partial,
    targets: evaluateTargets(partial, targets),
  };
  return { result, data, programme };
}

/** Copies a block into the run's per-path arrays (positions depend only on the block's path range). */
export function mergeBlock(data: PathData, block: Block): void {
  const n = block.end - block.start;
  const H = data.horizon;
  data.vehicles.forEach((v, vi) => {
    const b = block.vehicles[vi]!;
    v.scalars.forEach((arr, m) => {
      arr.set(b.scalars.subarray(m * n, (m + 1) * n), block.start);
    });
    v.series.forEach((arr, s) => {
      arr.set(b.series.subarray(s * n * H, (s + 1) * n * H), block.start * H);
    });
  });
}
