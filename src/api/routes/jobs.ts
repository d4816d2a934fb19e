/**
 * Job routes: one POST per job kind (202 with the job id), then status, result, report and cancel under
 * `/v1/runs/{id}` for every kind.
 */
import { readFile } from "node:fs/promises";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { GfsimError } from "../../errors.ts";
import { safeBaseName } from "../../report/formats.ts";
import { JOB_KINDS } from "../kinds/index.ts";
import type { JobContext } from "../kinds/types.ts";
import type { JobManager } from "../manager.ts";
import { Accepted, errorResponses, JobIdParams, JobView, REPORT_CONTENT_TYPES, ReportQuery } from "../schemas.ts";
import { type JobRecord, resultPath } from "../store.ts";

function view(job: JobRecord, manager: JobManager): z.infer<typeof JobView> {
  const created = Date.parse(job.created_at);
  const started = job.started_at ? Date.parse(job.started_at) : null;
  const finished = job.finished_at ? Date.parse(job.finished_at) : null;
  const self = `/v1/runs/${job.id}`;
  return {
    id: job.id,
    type: job.type,
    status: job.status,
    progress: manager.progress(job),
    created_at: job.created_at,
    started_at: job.started_at,
    finished_at: job.finished_at,
    queued_ms: started !== null ? started - created : job.status === "queued" ? Date.now() - created : null,
    run_ms: started !== null ? (finished ?? Date.now()) - started : null,
    scenario: job.summary.scenario,
    seed: job.summary.seed,
    paths: job.summary.paths,
    error: job.error,
    links: { self, result: `${self}/result`, ...(job.type === "run" && { report: `${self}/report` }) },
  };
}

export function jobRoutes(app: FastifyInstance, manager: JobManager, ctx: JobContext & { dataDir: string }): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  for (const kind of JOB_KINDS) {
    r.post(
      kind.route,
      {
        schema: {
          summary: kind.summary,
          tags: ["jobs"],
          body: kind.body,
          response: { 200: Accepted, 202: Accepted, ...errorResponses(404, 413, 415, 429, 503) },
        },
      },
      async (request, reply) => {
        // Capacity first: a full or closing server refuses before any expensive validation.
        manager.admit();
        const prepared = await kind.prepare(request.body, ctx);
        const { job, reused } = await manager.submit(kind.type, prepared);
        reply.code(reused ? 200 : 202).header("location", `/v1/runs/${job.id}`);
        return { id: job.id, status: job.status, reused };
      },
    );
  }

  const params = JobIdParams;
  r.get(
    "/v1/runs/:id",
    {
      schema: {
        summary: "Status, progress and timings of a job",
        tags: ["jobs"],
        params,
        response: { 200: JobView, ...errorResponses(404) },
      },
    },
    async (request) => view(manager.lookup(request.params.id), manager),
  );

  r.get(
    "/v1/runs/:id/result",
    {
      schema: {
        summary: "The result JSON (MODEL.md §10) of a finished job",
        tags: ["jobs"],
        params,
        response: {
          200: z.record(z.string(), z.unknown()).describe("the result JSON (MODEL.md §10)"),
          ...errorResponses(404, 409),
        },
      },
    },
    async (request, reply) => {
      const job = manager.finished(request.params.id);
      const text = await readFile(resultPath(ctx.dataDir, job.id));
      // Sent as stored bytes: no parse or serialisation of a possibly large result on the event loop.
      return reply.type("application/json; charset=utf-8").send(text as unknown as Record<string, unknown>);
    },
  );

  r.get(
    "/v1/runs/:id/report",
    {
      schema: {
        summary: "A report of a finished run (html, md, csv or xlsx; zh or en)",
        tags: ["jobs"],
        params,
        querystring: ReportQuery,
        response: { 200: z.string().describe("the report document (XLSX: binary)"), ...errorResponses(404, 409, 501) },
      },
    },
    async (request, reply) => {
      const job = manager.lookup(request.params.id);
      if (job.type !== "run")
        throw new GfsimError("CONFLICT", `reports are made for runs; this job is a ${job.type}`, [
          { path: "id", message: `type is ${job.type}` },
        ]);
      manager.finished(job.id); // 409 unless done
      const { format, lang } = request.query;
      const body = await manager.render(job, format, lang);
      reply.type(REPORT_CONTENT_TYPES[format]);
      if (format !== "html" && format !== "md") {
        // Named like the CLI's files: scenario, seed and paths say what is inside.
        const { scenario, seed, paths } = job.summary;
        const base = safeBaseName(`${scenario?.name ?? "gfsim"}-s${seed}-n${paths}`);
        const ascii = base.replace(/[^\x20-\x7e]/g, "-");
        const ext = format === "tidy" ? "tidy.csv" : format;
        reply.header(
          "content-disposition",
          `attachment; filename="${ascii}.${ext}"; filename*=UTF-8''${encodeURIComponent(`${base}.${ext}`)}`,
        );
      }
      // A Buffer is sent as bytes (no serialiser runs for strings or buffers); the schema's type is for the docs.
      return reply.send(typeof body === "string" ? body : (Buffer.from(body) as unknown as string));
    },
  );

  r.delete(
    "/v1/runs/:id",
    {
      schema: {
        summary: "Cancel a queued or running job",
        tags: ["jobs"],
        params,
        response: { 200: JobView, ...errorResponses(404, 409) },
      },
    },
    async (request) => view(await manager.cancel(request.params.id), manager),
  );
}
