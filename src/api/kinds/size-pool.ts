/**
 * The `size-pool` job (MODEL.md §6.1): the smallest initial pool (or, with `solve: max_leverage`, the largest
 * leverage) with P(exhausted before the horizon) ≤ alpha, by bisection with common random numbers. The pool
 * vehicle is checked before 202; the worker runs `sizePool` / `maxLeverage`.
 */
import { z } from "zod";
import { GfsimError } from "../../errors.ts";
import { maxLeverage, sizePool } from "../../run/solve.ts";
import { apiRegistry, Overrides, PathsField, ScenarioRef, SeedField } from "../schemas.ts";
import { jobKey, loadScenarioRef, runSettings } from "./common.ts";
import type { ExecuteContext, JobContext, JobKind, Prepared } from "./types.ts";

export const SizePoolRequest = z
  .strictObject({
    scenario: ScenarioRef,
    set: Overrides.optional(),
    solve: z
      .enum(["size_pool", "max_leverage"])
      .default("size_pool")
      .describe("size_pool: smallest initial pool; max_leverage: largest leverage for the given pool"),
    vehicle: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .describe("the risk pool's id (default: the scenario's only risk_pool)"),
    alpha: z.number().gt(0).lt(1).default(0.05).describe("tolerated probability that the pool is exhausted"),
    tolerance: z.number().gt(0).lt(0.5).default(0.005).describe("relative precision of the bisection"),
    paths: PathsField.describe("paths per candidate (default: the scenario's run.paths)"),
    seed: SeedField,
  })
  .describe("risk-pool sizing");
export type SizePoolRequest = z.infer<typeof SizePoolRequest>;
apiRegistry.add(SizePoolRequest, { id: "SizePoolRequest" });

export interface SizePoolPayload {
  scenario: unknown;
  solve: "size_pool" | "max_leverage";
  vehicle: string;
  alpha: number;
  tolerance: number;
  paths: number;
  seed: number;
}

async function prepareSizePool(body: SizePoolRequest, ctx: JobContext): Promise<Prepared<SizePoolPayload>> {
  const { raw, loaded } = await loadScenarioRef(body.scenario, body.set, ctx);
  const { paths, seed } = runSettings(body, loaded, ctx);
  const pools = loaded.scenario.vehicles.filter((v) => v.kind === "risk_pool").map((v) => v.id);
  const vehicle = body.vehicle ?? (pools.length === 1 ? pools[0] : undefined);
  if (vehicle === undefined || !pools.includes(vehicle))
    throw new GfsimError("INVALID_REQUEST", "the request does not name a risk pool of the scenario", [
      {
        path: "vehicle",
        message:
          pools.length === 0
            ? "the scenario has no risk_pool vehicle"
            : `name one of the risk pools: ${pools.join(", ")}`,
        ...(body.vehicle !== undefined && { value: body.vehicle }),
      },
    ]);
  const { solve, alpha, tolerance } = body;
  return {
    key: jobKey({ type: "size-pool", hash: loaded.hash, solve, vehicle, alpha, tolerance, seed, paths }),
    summary: { scenario: { name: loaded.scenario.name, hash: loaded.hash }, seed, paths },
    payload: { scenario: raw, solve, vehicle, alpha, tolerance, paths, seed },
  };
}

export function executeSizePool(p: SizePoolPayload, ctx: ExecuteContext): Promise<unknown> {
  const solver = p.solve === "size_pool" ? sizePool : maxLeverage;
  return solver(p.scenario, {
    vehicle: p.vehicle,
    alpha: p.alpha,
    tolerance: p.tolerance,
    paths: p.paths,
    seed: p.seed,
    runner: ctx.runner,
  });
}

export const sizePoolKind: JobKind<SizePoolRequest, SizePoolPayload> = {
  type: "size-pool",
  route: "/v1/size-pool",
  summary: "Submit a risk-pool sizing (202; poll GET /v1/runs/{id})",
  body: SizePoolRequest,
  prepare: prepareSizePool,
};
