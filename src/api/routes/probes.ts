/**
 * What a container orchestrator and a monitoring system ask of a server: liveness (`/healthz`: the process answers),
 * readiness (`/readyz`: the data directory is writable and the server is not shutting down, so new jobs can be
 * accepted) and `/metrics` in the Prometheus format. The probes are public like the workbench shell — they carry no
 * data — so a kubelet or load balancer needs no token (the Host check still applies: 403 for a name not allowed);
 * `/metrics` needs the token when one is set.
 */
import { constants } from "node:fs";
import { access } from "node:fs/promises";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { GfsimError } from "../../errors.ts";
import type { JobManager } from "../manager.ts";
import { serverMetrics } from "../metrics.ts";
import { ErrorBody, errorResponses } from "../schemas.ts";
import { runsDir } from "../store.ts";

const Probe = z.object({
  status: z.enum(["ok"]).describe("ok: the check passed (a failed check answers 503 in the error shape)"),
});

export function probeRoutes(
  app: FastifyInstance,
  manager: JobManager,
  ctx: { dataDir: string; threads: number; maxQueue: number },
): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  let closing = false;
  app.addHook("preClose", async () => {
    closing = true;
  });

  r.get(
    "/healthz",
    {
      schema: {
        summary: "Liveness: the server process answers (no token needed)",
        tags: ["server"],
        security: [],
        response: { 200: Probe, 403: ErrorBody },
      },
    },
    async () => ({ status: "ok" as const }),
  );

  r.get(
    "/readyz",
    {
      schema: {
        summary: "Readiness: jobs can be accepted (data directory writable, not shutting down; no token needed)",
        tags: ["server"],
        security: [],
        response: { 200: Probe, 403: ErrorBody, 503: ErrorBody },
      },
    },
    async () => {
      if (closing) throw new GfsimError("SHUTTING_DOWN", "the server is shutting down");
      try {
        await access(runsDir(ctx.dataDir), constants.W_OK);
      } catch (e) {
        throw new GfsimError(
          "NOT_READY",
          `the data directory cannot be written (${(e as NodeJS.ErrnoException).code})`,
        );
      }
      return { status: "ok" as const };
    },
  );

  const metrics = serverMetrics(manager, ctx);
  r.get(
    "/metrics",
    {
      schema: {
        summary: "Prometheus metrics: jobs by kind and state, queue depth, job durations, paths simulated",
        tags: ["server"],
        produces: ["text/plain"],
        response: {
          200: z.string().describe("Prometheus text exposition format 0.0.4"),
          ...errorResponses(),
        },
      },
    },
    async (_request, reply) => {
      reply.type(metrics.registry.contentType);
      return metrics.text();
    },
  );
}
