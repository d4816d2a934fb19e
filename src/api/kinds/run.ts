/**
 * The `run` job: request → validated scenario (main thread, before 202) and payload → §10 result (worker thread).
 * Everything a user can get wrong is found in `prepareRun`, so an accepted run fails only for reasons of ours.
 */
import { GfsimError, type Problem } from "../../errors.ts";
import { checkRun, runScenario } from "../../run/run.ts";
import { type LoadedScenario, validateScenario } from "../../scenario/load.ts";
import type { Target } from "../../scenario/schema.ts";
import type { JobType, RunRequest } from "../schemas.ts";
import { jobKey, loadScenarioRef, runSettings } from "./common.ts";
import type { ExecuteContext, JobContext, Prepared } from "./types.ts";

/** What the worker receives: the scenario with overrides applied (validated again there), and the run settings. */
export interface RunPayload {
  scenario: unknown;
  paths: number;
  seed: number;
  targets: Target[];
}

/** The scenario a run job simulated (as submitted, overrides applied); undefined for other kinds of job. */
export function runScenarioOf(job: { type: JobType; payload: unknown }): unknown {
  return job.type === "run" ? (job.payload as Partial<RunPayload> | null)?.scenario : undefined;
}

/** Target names are checked against the built engines; problems point at the scenario's or the request's list. */
function checkTargets(loaded: LoadedScenario, targets: Target[]): void {
  try {
    checkRun(loaded, targets);
  } catch (e) {
    if (!(e instanceof GfsimError)) throw e;
    const own = loaded.scenario.targets.length;
    const problems: Problem[] = e.problems.map((p) => {
      const m = /^targets\[(\d+)\](.*)$/.exec(p.path);
      if (!m) return p;
      const i = Number(m[1]);
      return { ...p, path: i < own ? `scenario.targets[${i}]${m[2]}` : `targets[${i - own}]${m[2]}` };
    });
    throw new GfsimError(e.code, e.message, problems);
  }
}

export async function prepareRun(
  body: RunRequest,
  ctx: JobContext,
): Promise<Prepared<RunPayload> & { loaded: LoadedScenario }> {
  const { raw, loaded } = await loadScenarioRef(body.scenario, body.set, ctx);
  const { paths, seed } = runSettings(body, loaded, ctx);
  const targets = body.targets ?? [];
  checkTargets(loaded, targets);
  return {
    key: jobKey({ type: "run", hash: loaded.hash, seed, paths, targets }),
    summary: { scenario: { name: loaded.scenario.name, hash: loaded.hash }, seed, paths },
    payload: { scenario: raw, paths, seed, targets },
    loaded,
  };
}

export async function executeRun(payload: RunPayload, ctx: ExecuteContext): Promise<unknown> {
  const loaded = validateScenario(payload.scenario);
  const { result } = await runScenario(loaded, {
    paths: payload.paths,
    seed: payload.seed,
    targets: payload.targets,
    runner: ctx.runner,
    onProgress: ctx.onProgress,
  });
  return result;
}
