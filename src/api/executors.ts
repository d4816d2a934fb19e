/**
 * Worker-side halves of the job kinds: payload → result JSON. Imported only by worker threads.
 */
import { type CalibratePayload, executeCalibrate } from "./kinds/calibrate.ts";
import { type ComparePayload, executeCompare } from "./kinds/compare.ts";
import { executeOptimise, type OptimisePayload } from "./kinds/optimise.ts";
import { executeRun, type RunPayload } from "./kinds/run.ts";
import { executeSizePool, type SizePoolPayload } from "./kinds/size-pool.ts";
import { executeSweep, type SweepPayload } from "./kinds/sweep.ts";
import type { ExecuteContext } from "./kinds/types.ts";
import type { JobType } from "./schemas.ts";

export type Executor = (payload: unknown, ctx: ExecuteContext) => Promise<unknown>;

export const EXECUTORS: Record<JobType, Executor> = {
  run: (p, ctx) => executeRun(p as RunPayload, ctx),
  sweep: (p, ctx) => executeSweep(p as SweepPayload, ctx),
  compare: (p, ctx) => executeCompare(p as ComparePayload, ctx),
  "size-pool": (p, ctx) => executeSizePool(p as SizePoolPayload, ctx),
  optimise: (p, ctx) => executeOptimise(p as OptimisePayload, ctx),
  calibrate: (p, ctx) => executeCalibrate(p as CalibratePayload, ctx),
};
