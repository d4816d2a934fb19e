/** Routes that run nothing: validation, shipped scenarios, the scenario JSON Schema, the metric catalogue, health. */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { catalogueJson } from "../../run/catalogue.ts";
import { scenarioJsonSchema } from "../../scenario/json-schema.ts";
import { VERSION } from "../../version.ts";
import { prepareRun } from "../kinds/run.ts";
import type { JobContext } from "../kinds/types.ts";
import type { JobManager } from "../manager.ts";
import { listScenarios } from "../scenarios.ts";
import { errorResponses, Health, MetricCatalogue, RunRequest, ScenarioList, ValidateOk } from "../schemas.ts";

export function metaRoutes(
  app: FastifyInstance,
  manager: JobManager,
  ctx: JobContext & { scenariosDir: string; threads: number; maxQueue: number },
): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const started = Date.now();

  r.post(
    "/v1/validate",
    {
      schema: {
        summary: "Validate a run request (every problem at once); runs nothing",
        tags: ["scenarios"],
        body: RunRequest,
        response: { 200: ValidateOk, ...errorResponses(404, 413, 415) },
      },
    },
    async (request) => {
      const { loaded, summary } = await prepareRun(request.body, ctx);
      return {
        valid: true as const,
        hash: loaded.hash,
        name: loaded.scenario.name,
        paths: summary.paths!,
        seed: summary.seed!,
      };
    },
  );

  r.get(
    "/v1/scenarios",
    {
      schema: {
        summary: "Shipped scenarios",
        tags: ["scenarios"],
        response: { 200: ScenarioList, ...errorResponses() },
      },
    },
    async () => ({ scenarios: await listScenarios(ctx.scenariosDir) }),
  );

  const schema = scenarioJsonSchema();
  r.get(
    "/v1/schema",
    {
      schema: {
        summary: "JSON Schema of the scenario format",
        tags: ["scenarios"],
        response: { 200: z.record(z.string(), z.unknown()), ...errorResponses() },
      },
    },
    async () => schema,
  );

  const catalogue = catalogueJson();
  r.get(
    "/v1/metrics",
    {
      schema: {
        summary: "The metric catalogue: every metric of each vehicle kind and of the programme view",
        tags: ["scenarios"],
        response: { 200: MetricCatalogue, ...errorResponses() },
      },
    },
    async () => catalogue,
  );

  r.get(
    "/v1/health",
    {
      schema: { summary: "Liveness and queue state", tags: ["server"], response: { 200: Health, ...errorResponses() } },
    },
    async () => ({
      status: "ok" as const,
      version: VERSION,
      uptime_s: Math.round((Date.now() - started) / 1000),
      queue: { ...manager.counts(), threads: ctx.threads, max_queue: ctx.maxQueue },
    }),
  );
}
