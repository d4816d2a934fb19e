/**
 * The `optimise` job (MODEL.md §11): decision variables, an objective and limits over a scenario; searched on one
 * common-random-number sample, confirmed on a fresh one. The same fields as `gfsim optimise`; every decision path,
 * expression and metric is checked before 202 (a bad one is a 400 naming it); the worker runs `runOptimise` with
 * progress, and a cancelled job stops between blocks.
 */
import { z } from "zod";
import { GfsimError } from "../../errors.ts";
import { checkOptimise, MAX_BUDGET, type OptimiseSpec, runOptimise } from "../../run/optimise/index.ts";
import { apiRegistry, Overrides, PathsField, ScenarioRef, SeedField } from "../schemas.ts";
import { jobKey, loadScenarioRef, runSettings } from "./common.ts";
import type { ExecuteContext, JobContext, JobKind, Prepared } from "./types.ts";

const Expr = z.string().min(1).max(1000);

export const OptimiseRequest = z
  .strictObject({
    scenario: ScenarioRef,
    set: Overrides.optional().describe("overrides of the scenario, applied first"),
    decide: z
      .array(z.string().min(1).max(1000))
      .min(1)
      .max(64)
      .describe(
        "decision variables PATH=SPEC: 0.1..0.5, log(1e6..8e6), int(3..7), simplex, simplex(lab=0..0.3), choice(a,b); * matches every entry",
      ),
    maximise: Expr.optional().describe("objective to maximise, e.g. fund.tvpi.p50 - 0.5 * fund.loss_ratio.mean"),
    minimise: Expr.optional().describe("objective to minimise (give exactly one of maximise and minimise)"),
    subject_to: z.array(Expr).max(20).optional().describe("limits, e.g. fund.tolerance_breach.mean <= 0.1"),
    paths: PathsField.describe("paths of the search sample (default: the scenario's run.paths)"),
    seed: SeedField.describe("seed of the search sample; the confirmation seed is derived from it"),
    budget: z
      .number()
      .int()
      .min(1)
      .max(MAX_BUDGET)
      .optional()
      .describe("candidate runs on the search sample (default 60)"),
    confidence: z
      .number()
      .min(0.5)
      .max(0.9999)
      .optional()
      .describe("one-sided confidence of every limit (default 0.95)"),
    confirm_paths: z.number().int().min(1).optional().describe("paths of the confirmation sample (default 4 × paths)"),
    finalists: z.number().int().min(1).max(50).optional().describe("candidates confirmed (default 5)"),
    frontier: z.number().int().min(0).max(50).optional().describe("frontier points confirmed (default 5)"),
  })
  .describe("an optimisation: the best decision values whose limits hold with stated confidence");
export type OptimiseRequest = z.infer<typeof OptimiseRequest>;
apiRegistry.add(OptimiseRequest, { id: "OptimiseRequest" });

export interface OptimisePayload {
  scenario: unknown;
  spec: OptimiseSpec;
}

async function prepareOptimise(body: OptimiseRequest, ctx: JobContext): Promise<Prepared<OptimisePayload>> {
  const { raw, loaded } = await loadScenarioRef(body.scenario, body.set, ctx);
  const { paths, seed } = runSettings(body, loaded, ctx);
  const confirmPaths = body.confirm_paths ?? 4 * paths;
  if (confirmPaths > ctx.maxPaths)
    throw new GfsimError("INVALID_REQUEST", `at most ${ctx.maxPaths} paths per run on this server`, [
      {
        path: body.confirm_paths === undefined ? "paths" : "confirm_paths",
        message: `confirmation runs ${confirmPaths} paths; must be ≤ ${ctx.maxPaths}`,
        value: confirmPaths,
      },
    ]);
  const spec: OptimiseSpec = {
    decide: body.decide,
    maximise: body.maximise,
    minimise: body.minimise,
    subject_to: body.subject_to ?? [],
    paths,
    seed,
    budget: body.budget,
    confidence: body.confidence,
    confirm_paths: confirmPaths,
    finalists: body.finalists,
    frontier: body.frontier,
  };
  // Problems name the request's fields as the CLI names its flags (`--subject-to[0]` ⇒ subject_to[0]).
  try {
    checkOptimise(loaded, { ...spec, paths: 1 });
  } catch (e) {
    if (!(e instanceof GfsimError)) throw e;
    throw new GfsimError(
      e.code,
      e.message.replace(
        /--(subject-to|maximise|minimise|decide|budget|confidence|confirm-paths|finalists|frontier)/g,
        (_, f: string) => f.replace("-", "_"),
      ),
      e.problems.map((p) => ({ ...p, path: p.path.replace(/^--([a-z-]+)/, (_, f: string) => f.replace("-", "_")) })),
    );
  }
  return {
    key: jobKey({ type: "optimise", hash: loaded.hash, spec }),
    summary: { scenario: { name: loaded.scenario.name, hash: loaded.hash }, seed, paths },
    payload: { scenario: raw, spec },
  };
}

export function executeOptimise(p: OptimisePayload, ctx: ExecuteContext): Promise<unknown> {
  return runOptimise(p.scenario, p.spec, { runner: ctx.runner, onProgress: ctx.onProgress });
}

export const optimiseKind: JobKind<OptimiseRequest, OptimisePayload> = {
  type: "optimise",
  route: "/v1/optimisations",
  summary:
    "Submit an optimisation (202; poll GET /v1/runs/{id}; result: best values with the constraint table, tied candidates, frontier)",
  body: OptimiseRequest,
  prepare: prepareOptimise,
};
