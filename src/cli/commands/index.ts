/** Every command of the CLI; a command module exports one `register(program)` function. */
import type { Command } from "commander";
import { registerCalibrate } from "./calibrate.ts";
import { registerCompare } from "./compare.ts";
import { registerOptimise } from "./optimise.ts";
import { registerReport } from "./report.ts";
import { registerRun } from "./run.ts";
import { registerScenarios } from "./scenarios.ts";
import { registerSchema } from "./schema.ts";
import { registerServe } from "./serve.ts";
import { registerMaxLeverage, registerSizePool } from "./size-pool.ts";
import { registerSweep } from "./sweep.ts";
import { registerValidate } from "./validate.ts";
import { registerWorker } from "./worker.ts";

export const COMMANDS: ((program: Command) => void)[] = [
  registerRun,
  registerValidate,
  registerScenarios,
  registerSchema,
  registerServe,
  registerSweep,
  registerCompare,
  registerReport,
  registerSizePool,
  registerMaxLeverage,
  registerOptimise,
  registerWorker,
  registerCalibrate,
];
