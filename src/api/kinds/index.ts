/**
 * Job kinds the API accepts (main-thread side: request schema and validation). Their worker-side halves are in
 * `../executors.ts`.
 */
import { RunRequest } from "../schemas.ts";
import { calibrateKind } from "./calibrate.ts";
import { compareKind } from "./compare.ts";
import { optimiseKind } from "./optimise.ts";
import { prepareRun } from "./run.ts";
import { sizePoolKind } from "./size-pool.ts";
import { sweepKind } from "./sweep.ts";
import type { JobKind } from "./types.ts";

const runKind: JobKind<RunRequest> = {
  type: "run",
  route: "/v1/runs",
  summary: "Submit a scenario run (202; poll GET /v1/runs/{id})",
  body: RunRequest,
  prepare: prepareRun,
};

export const JOB_KINDS = [
  runKind,
  sweepKind,
  compareKind,
  sizePoolKind,
  optimiseKind,
  calibrateKind,
] as unknown as JobKind[];
