/**
 * The `calibrate` job (MODEL.md §11): fit free parameters so that metrics match targets, every candidate on the same
 * seed and paths (common random numbers). Free paths and target metrics are checked before 202; the worker runs
 * `calibrate`. The result carries the fitted scenario.
 */
import { z } from "zod";
import { calibrate, planCalibration } from "../../run/calibrate.ts";
import { FreeSpec, MatchSpec } from "../../scenario/calibration.ts";
import { apiRegistry, Overrides, PathsField, ScenarioRef, SeedField } from "../schemas.ts";
import { jobKey, loadScenarioRef, runSettings } from "./common.ts";
import type { ExecuteContext, JobContext, JobKind, Prepared } from "./types.ts";
import { yieldingRunner } from "./yielding-runner.ts";

export const CalibrateRequest = z
  .strictObject({
    scenario: ScenarioRef,
    set: Overrides.optional(),
    match: z.array(MatchSpec).min(1).max(50).describe("targets: metric path, value, optional tolerance"),
    free: z
      .array(FreeSpec)
      .min(1)
      .max(50)
      .describe("free parameters: field path (* for every entry of a named list), optional low and high"),
    max_evaluations: z.number().int().min(1).max(10_000).optional().describe("largest number of candidates"),
    paths: PathsField.describe("paths per candidate (default: the scenario's run.paths)"),
    seed: SeedField.describe("seed shared by every candidate (default: the scenario's run.seed)"),
  })
  .describe("a calibration");
export type CalibrateRequest = z.infer<typeof CalibrateRequest>;
apiRegistry.add(CalibrateRequest, { id: "CalibrateRequest" });

export interface CalibratePayload {
  scenario: unknown;
  match: MatchSpec[];
  free: FreeSpec[];
  maxEvaluations: number | null;
  paths: number;
  seed: number;
}

async function prepareCalibrate(body: CalibrateRequest, ctx: JobContext): Promise<Prepared<CalibratePayload>> {
  const { raw, loaded } = await loadScenarioRef(body.scenario, body.set, ctx);
  const { paths, seed } = runSettings(body, loaded, ctx);
  const { match, free } = body;
  // Problems point at the body: `free[i]`, `match[i]`.
  planCalibration(raw, free, match);
  const maxEvaluations = body.max_evaluations ?? null;
  return {
    key: jobKey({ type: "calibrate", hash: loaded.hash, match, free, maxEvaluations, seed, paths }),
    summary: { scenario: { name: loaded.scenario.name, hash: loaded.hash }, seed, paths },
    payload: { scenario: raw, match, free, maxEvaluations, paths, seed },
  };
}

export function executeCalibrate(p: CalibratePayload, ctx: ExecuteContext): Promise<unknown> {
  return calibrate(p.scenario, p.free, p.match, {
    paths: p.paths,
    seed: p.seed,
    runner: yieldingRunner,
    onProgress: ctx.onProgress,
    ...(p.maxEvaluations !== null && { maxEvaluations: p.maxEvaluations }),
  });
}

export const calibrateKind: JobKind<CalibrateRequest, CalibratePayload> = {
  type: "calibrate",
  route: "/v1/calibrations",
  summary: "Submit a calibration (202; poll GET /v1/runs/{id}, result: fitted values, targets vs achieved with se)",
  body: CalibrateRequest,
  prepare: prepareCalibrate,
};
