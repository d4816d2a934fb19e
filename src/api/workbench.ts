/**
 * The browser workbench: a static single page (`src/api/web/static/`) served at `/`, the chart and YAML libraries
 * it needs served from node_modules (the page must work with no internet), and the few JSON routes the page needs
 * that the job API does not have — each added only when no other module has registered the same route, so the API
 * can take one over without a conflict. Every file served is listed when the plugin starts; a request never names
 * a path on disk.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, extname, join, relative, resolve, sep } from "node:path";
import type { FastifyInstance, FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { GfsimError } from "../errors.ts";
import { PACKAGE_ROOT } from "../package-root.ts";
import { LANGS } from "../report/i18n.ts";
import { parseText } from "../scenario/load.ts";
import { runScenarioOf } from "./kinds/run.ts";
import type { JobManager } from "./manager.ts";
import { shippedFile } from "./scenarios.ts";
import { JobIdParams, ScenarioRef } from "./schemas.ts";
import { type JobRecord, resultPath } from "./store.ts";
import { jobView } from "./web/views.ts";

export interface WorkbenchOptions {
  /** The server's jobs (every job of the data directory): listings and the 404/409 of the job routes. */
  manager: JobManager;
  /** The server's data directory (`runs/<id>/result.json`). */
  dataDir: string;
  /** Where shipped scenarios are (GET /v1/scenarios/:name). */
  scenariosDir: string;
}

/** Served from the sources' tree in development and in the compiled package alike (the bundle holds no assets). */
const STATIC_DIR = join(PACKAGE_ROOT, "src", "api", "web", "static");

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".json": "application/json; charset=utf-8",
};

/** vega's expression code generator needs eval; styles are injected by vega-embed. Nothing leaves this origin. */
const CSP = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
].join("; ");

/** The directory of an installed package (walking up from here, as node's resolution does). */
function packageDir(name: string): string {
  for (let dir = PACKAGE_ROOT; ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) return candidate;
    if (dirname(dir) === dir) throw new Error(`workbench: package ${name} is not installed`);
  }
}

/** Files of a directory tree with the given extensions, by their path relative to it ("/"-separated). */
function tree(root: string, exts: string[]): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const full = join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (exts.includes(extname(entry))) out.set(relative(root, full).split(sep).join("/"), full);
    }
  };
  walk(root);
  return out;
}

/** URL path under /workbench/ → file on disk: the page's own files, then the vendored libraries. */
export function assetTable(): Map<string, string> {
  const files = tree(STATIC_DIR, Object.keys(TYPES));
  const vega = packageDir("vega");
  files.set("vendor/vega.min.js", join(vega, "build", "vega.min.js"));
  files.set("vendor/vega-lite.min.js", join(packageDir("vega-lite"), "build", "vega-lite.min.js"));
  files.set("vendor/vega-embed.min.js", join(packageDir("vega-embed"), "build", "vega-embed.min.js"));
  for (const [rel, full] of tree(join(packageDir("yaml"), "browser", "dist"), [".js"]))
    files.set(`vendor/yaml/${rel}`, full);
  return files;
}

const LangQuery = z.object({ lang: z.enum(LANGS).default("en").describe("language of labels and numbers") });

/** The stored result of a finished job (404 and 409 as GET /v1/runs/{id}/result). */
async function readResult(opts: WorkbenchOptions, id: string): Promise<{ job: JobRecord; result: unknown }> {
  const job = opts.manager.finished(id);
  return { job, result: JSON.parse(await readFile(resultPath(opts.dataDir, job.id), "utf8")) };
}

function jsonRoutes(app: FastifyInstance, opts: WorkbenchOptions): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const missing = (method: "GET" | "POST", url: string) => !app.hasRoute({ method, url });
  // Hidden from the OpenAPI document (schema/openapi.json is the job API's contract; docs/workbench.md lists these).
  const hide = true;

  if (missing("GET", "/v1/scenarios/:name"))
    r.get(
      "/v1/scenarios/:name",
      {
        schema: {
          summary: "A shipped scenario: parsed object and the file's text (comments kept)",
          hide,
          params: z.object({ name: ScenarioRef.options[0] }),
        },
      },
      async (request) => {
        const { name } = request.params;
        const file = await shippedFile(opts.scenariosDir, name);
        if (!file)
          throw new GfsimError("SCENARIO_NOT_FOUND", `no shipped scenario "${name}"`, [
            { path: "name", message: "not a shipped scenario; GET /v1/scenarios lists them" },
          ]);
        const text = await readFile(file, "utf8");
        return { name, format: extname(file) === ".json" ? "json" : "yaml", text, scenario: parseText(text, name) };
      },
    );

  if (missing("GET", "/v1/runs"))
    r.get(
      "/v1/runs",
      { schema: { summary: "Jobs stored in the data directory, newest first (at most 500)", hide } },
      async () => {
        const jobs = opts.manager.list().sort((a, b) => b.created_at.localeCompare(a.created_at));
        return {
          runs: jobs.slice(0, 500).map((j) => ({
            id: j.id,
            type: j.type,
            status: j.status,
            created_at: j.created_at,
            finished_at: j.finished_at,
            scenario: j.summary.scenario,
            seed: j.summary.seed,
            paths: j.summary.paths,
            error: j.error,
          })),
        };
      },
    );

  r.get(
    "/v1/runs/:id/charts",
    {
      schema: {
        summary: "KPI cards, report sections and vega-lite chart specs of a finished job (as in the HTML report)",
        hide,
        params: JobIdParams,
        querystring: LangQuery,
      },
    },
    async (request) => {
      const { job, result } = await readResult(opts, request.params.id);
      return { id: job.id, ...jobView(job.type, result, request.query.lang, runScenarioOf(job), job.payload) };
    },
  );

  r.get(
    "/v1/runs/:id/scenario",
    {
      schema: { summary: "The scenario a run simulated (overrides applied)", hide, params: JobIdParams },
    },
    async (request) => {
      const job = opts.manager.lookup(request.params.id);
      const scenario = runScenarioOf(job);
      if (scenario === undefined)
        throw new GfsimError("CONFLICT", `this job is a ${job.type}; only runs have one scenario`, [
          { path: "id", message: `type is ${job.type}` },
        ]);
      return { id: job.id, scenario };
    },
  );
}

export const workbench: FastifyPluginAsync<WorkbenchOptions> = async (app, opts) => {
  const assets = assetTable();
  const send = async (path: string, file: string, reply: import("fastify").FastifyReply) => {
    const own = !path.startsWith("vendor/");
    reply
      .type(TYPES[extname(file)] ?? "application/octet-stream")
      .header("x-content-type-options", "nosniff")
      .header("cache-control", own ? "no-cache" : "public, max-age=86400");
    if (extname(file) === ".html") reply.header("content-security-policy", CSP);
    return reply.send(await readFile(file));
  };
  app.get("/", { schema: { hide: true } }, (_request, reply) => send("index.html", assets.get("index.html")!, reply));
  app.get("/workbench/*", { schema: { hide: true } }, async (request, reply) => {
    const path = (request.params as { "*": string })["*"];
    const file = assets.get(path);
    if (!file) throw new GfsimError("NOT_FOUND", `no workbench file ${path}`);
    return send(path, file, reply);
  });
  jsonRoutes(app, opts);
};

/** For `resolve`-based checks in tests: the page's own directory. */
export const WORKBENCH_STATIC_DIR = resolve(STATIC_DIR);
