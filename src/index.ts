/**
 * gfsim as a library: `import { loadScenario, run, sweep, compare } from "gfsim"`. Everything a script needs to run
 * scenarios and read their results, with the types of the options and the results; the CLI is built on the same
 * functions. Errors a user can cause are `GfsimError`s with a stable `code` and the `problems` (field path, message,
 * value) — the data behind the CLI's exit 2 and the API's 400.
 */
export { ERRORS, type ErrorCode, GfsimError, type Problem } from "./errors.ts";
export {
  type CompareOptions,
  compare,
  type LoadScenarioOptions,
  loadScenario,
  maxLeverage,
  type RunOptions,
  run,
  type ScenarioInput,
  type SetInput,
  type SimulationOptions,
  type SizePoolOptions,
  type SweepOptions,
  sizePool,
  sweep,
  type TargetInput,
} from "./lib/api.ts";
export type { Comparison, MetricDiff } from "./run/compare.ts";
export type { Result, TargetResult, VehicleResult } from "./run/result.ts";
export type { BlockRunner } from "./run/run.ts";
export type { CurvePoint, SolveResult } from "./run/solve.ts";
export type { SweepResult, SweepRow } from "./run/sweep.ts";
export type { LoadedScenario } from "./scenario/load.ts";
export type { Scenario, Target } from "./scenario/schema.ts";
export type { MetricSummary, SeriesPoint } from "./stats/summary.ts";
export { VERSION } from "./version.ts";
