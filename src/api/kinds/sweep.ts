/**
 * The `sweep` job (MODEL.md §8): every combination of the varied fields, same seed and paths (common random
 * numbers). All combinations and metric names are validated before 202; the worker runs `runSweep`.
 */
import { z } from "zod";
import { planSweep, runSweep } from "../../run/sweep.ts";
import type { Target } from "../../scenario/schema.ts";
import { SweepBlock, type SweepBlockInput } from "../../scenario/sweep.ts";
import { apiRegistry, Overrides, PathsField, ScenarioRef, SeedField, TargetsField } from "../schemas.ts";
import { jobKey, loadScenarioRef, runSettings, timeSlicer } from "./common.ts";
import type { ExecuteContext, JobContext, JobKind, Prepared } from "./types.ts";

export const SweepRequest = z
  .strictObject({
    scenario: ScenarioRef,
    set: Overrides.optional().describe("overrides of the base scenario, applied before each combination"),
    sweep: SweepBlock.optional().describe("vary / zip / metrics (default: the scenario's own sweep: block)"),
    paths: PathsField.describe("paths of every row (default: the scenario's run.paths)"),
    seed: SeedField.describe("seed shared by every row (default: the scenario's run.seed)"),
    targets: TargetsField.describe("extra targets checked on every row"),
  })
  .describe("a parameter sweep");
export type SweepRequest = z.infer<typeof SweepRequest>;
apiRegistry.add(SweepRequest, { id: "SweepRequest" });

export interface SweepPayload {
  scenario: unknown;
  sweep: SweepBlockInput | null;
  paths: number;
  seed: number;
  targets: Target[];
}

async function prepareSweep(body: SweepRequest, ctx: JobContext): Promise<Prepared<SweepPayload>> {
  const { raw, loaded } = await loadScenarioRef(body.scenario, body.set, ctx);
  const { paths, seed } = runSettings(body, loaded, ctx);
  const targets = body.targets ?? [];
  const sweep = body.sweep ?? null;
  // The core's problem paths are the body's: `sweep.metrics[i]`, `targets[i].metric`, `scenario.targets[i].metric`.
  // Every combination and metric path checked, yielding to other requests every few ms (a sweep has ≤ 1000 rows).
  await planSweep(raw, sweep ?? undefined, { paths, seed, targets, pause: timeSlicer() });
  return {
    key: jobKey({ type: "sweep", hash: loaded.hash, sweep, seed, paths, targets }),
    summary: { scenario: { name: loaded.scenario.name, hash: loaded.hash }, seed, paths },
    payload: { scenario: raw, sweep, paths, seed, targets },
  };
}

export function executeSweep(p: SweepPayload, ctx: ExecuteContext): Promise<unknown> {
  return runSweep(p.scenario, p.sweep ?? undefined, {
    paths: p.paths,
    seed: p.seed,
    targets: p.targets,
    runner: ctx.runner,
    onProgress: ctx.onProgress,
  });
}

export const sweepKind: JobKind<SweepRequest, SweepPayload> = {
  type: "sweep",
  route: "/v1/sweeps",
  summary: "Submit a parameter sweep (202; poll GET /v1/runs/{id}, result: rows of metrics per combination)",
  body: SweepRequest,
  prepare: prepareSweep,
};
