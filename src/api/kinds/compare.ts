/**
 * The `compare` job (MODEL.md §8): scenarios a and b (or a and a changed copy) with common random numbers; each
 * metric's paired difference b − a with its standard error. Both sides are validated before 202.
 */
import { z } from "zod";
import { GfsimError } from "../../errors.ts";
import { checkCompare, compareScenarios } from "../../run/compare.ts";
import type { Target } from "../../scenario/schema.ts";
import { apiRegistry, Overrides, PathsField, ScenarioRef, SeedField, TargetsField } from "../schemas.ts";
import { jobKey, loadScenarioRef, runSettings } from "./common.ts";
import type { ExecuteContext, JobContext, JobKind, Prepared } from "./types.ts";

export const CompareRequest = z
  .strictObject({
    a: ScenarioRef.describe("the baseline: shipped scenario name or inline scenario"),
    b: ScenarioRef.optional().describe("the changed scenario (default: a, with `set` applied)"),
    set: Overrides.optional().describe("changes applied to b (to a's copy when b is not given)"),
    paths: PathsField.describe("paths of each run (default: a's run.paths)"),
    seed: SeedField.describe("seed of both runs (default: a's run.seed)"),
    targets: TargetsField.describe("extra targets checked on b"),
    metrics: z
      .array(z.string().min(1).max(200))
      .max(100)
      .optional()
      .describe("only metrics starting with these prefixes, e.g. fund.tvpi, programme."),
  })
  .describe("a paired comparison of two scenarios");
export type CompareRequest = z.infer<typeof CompareRequest>;
apiRegistry.add(CompareRequest, { id: "CompareRequest" });

export interface ComparePayload {
  a: unknown;
  b: unknown;
  paths: number;
  seed: number;
  targets: Target[];
  metrics: string[] | null;
}

async function prepareCompare(body: CompareRequest, ctx: JobContext): Promise<Prepared<ComparePayload>> {
  if (body.b === undefined && body.set === undefined)
    throw new GfsimError("INVALID_REQUEST", "a comparison needs b or set (changes to a)", [
      { path: "b", message: "give b, or set with the changes to compare" },
    ]);
  const a = await loadScenarioRef(body.a, undefined, ctx, "a");
  const b = await loadScenarioRef(body.b ?? body.a, body.set, ctx, "b");
  const { paths, seed } = runSettings(body, a.loaded, ctx, "a");
  const targets = body.targets ?? [];
  const metrics = body.metrics ?? null;
  checkCompare(a.loaded, b.loaded, targets);
  const name =
    a.loaded.scenario.name === b.loaded.scenario.name
      ? a.loaded.scenario.name
      : `${a.loaded.scenario.name} vs ${b.loaded.scenario.name}`;
  return {
    key: jobKey({ type: "compare", a: a.loaded.hash, b: b.loaded.hash, seed, paths, targets, metrics }),
    summary: { scenario: { name, hash: `${a.loaded.hash}..${b.loaded.hash}` }, seed, paths },
    payload: { a: a.raw, b: b.raw, paths, seed, targets, metrics },
  };
}

export function executeCompare(p: ComparePayload, ctx: ExecuteContext): Promise<unknown> {
  return compareScenarios(p.a, p.b, {
    paths: p.paths,
    seed: p.seed,
    targets: p.targets,
    ...(p.metrics && { metrics: p.metrics }),
    runner: ctx.runner,
    onProgress: ctx.onProgress,
  });
}

export const compareKind: JobKind<CompareRequest, ComparePayload> = {
  type: "compare",
  route: "/v1/compare",
  summary: "Submit a paired comparison of two scenarios (202; poll GET /v1/runs/{id})",
  body: CompareRequest,
  prepare: prepareCompare,
};
