/**
 * The HTTP API as a fastify app, built by a factory so tests drive it with `app.inject`; only `gfsim serve` listens.
 * Wiring only: validation (zod via the type provider), the error shape, the token check, OpenAPI + swagger-ui at
 * `/docs` (assets served from node_modules), and the routes. Jobs run in worker threads (`manager.ts`).
 */
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyInstance } from "fastify";
import {
  createJsonSchemaTransform,
  createJsonSchemaTransformObject,
  serializerCompiler,
} from "fastify-type-provider-zod";
import { GfsimError } from "../errors.ts";
import { VERSION } from "../version.ts";
import { bearerAuth } from "./auth.ts";
import { clientErrorHandler } from "./client-errors.ts";
import { hostCheck } from "./host-check.ts";
import { classify, errorHandler, sendError } from "./http-errors.ts";
import { installJsonParser } from "./json-depth.ts";
import { JobManager } from "./manager.ts";
import { type ApiOptions, resolveOptions } from "./options.ts";
import { jobRoutes } from "./routes/jobs.ts";
import { metaRoutes } from "./routes/meta.ts";
import { readShipped } from "./scenarios.ts";
import { apiRegistry } from "./schemas.ts";
import { workbench } from "./workbench.ts";
import { validatorCompiler } from "./zod-compiler.ts";

export type { ApiOptions } from "./options.ts";

export async function buildApp(opts: ApiOptions): Promise<FastifyInstance> {
  const o = resolveOptions(opts);
  const app = Fastify({
    logger: o.logger ? { level: o.logLevel } : false,
    // One line per request (below), not fastify's two.
    disableRequestLogging: true,
    bodyLimit: o.bodyLimit,
    routerOptions: { maxParamLength: 200 },
    // The whole request within the timeout (408 otherwise); expiry is checked every second at most.
    requestTimeout: o.requestTimeoutMs,
    http: {
      requestTimeout: o.requestTimeoutMs,
      headersTimeout: o.requestTimeoutMs,
      connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(o.requestTimeoutMs / 4))),
    },
    clientErrorHandler,
    // Requests that arrive while closing reach the routes, which answer 503 SHUTTING_DOWN in the error shape.
    return503OnClosing: false,
    // Malformed URLs and over-long parameters are answered before routing; keep them in the error shape too.
    frameworkErrors: (err, _request, reply) => sendError(reply, classify(err).error),
  });
  const manager = await JobManager.open({
    dataDir: o.dataDir,
    threads: o.threads,
    maxQueue: o.maxQueue,
    timeLimitMs: o.timeLimitMs,
    queue: o.queue,
    onFault: (e) => app.log.error({ err: e }, "job file could not be written"),
    onSkip: (s) => app.log.warn({ file: s.file }, `job file skipped: ${s.reason}`),
  });
  app.addHook("preClose", () => manager.beginClose());
  app.addHook("onClose", () => manager.close());
  if (o.logger)
    app.addHook("onResponse", async (request, reply) => {
      request.log.info(`${request.method} ${request.url} ${reply.statusCode} ${reply.elapsedTime.toFixed(0)} ms`);
    });

  installJsonParser(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler(() => manager.retryAfter()));
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, new GfsimError("NOT_FOUND", `no route ${request.method} ${request.url.split("?")[0]}`)),
  );
  if (o.token) app.addHook("onRequest", bearerAuth(o.token));
  else app.addHook("onRequest", hostCheck(o.allowedHosts));

  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "gfsim API",
        description:
          "Monte Carlo runs of guidance-fund scenarios as durable jobs. Errors: {error: {code, message, issues}}.",
        version: VERSION,
      },
      tags: [
        { name: "jobs", description: "runs and other jobs, computed in worker threads" },
        { name: "scenarios", description: "scenario catalogue, schema and validation" },
        { name: "server", description: "health" },
      ],
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
      security: [{ bearer: [] }],
    },
    transform: createJsonSchemaTransform({ schemaRegistry: apiRegistry }),
    transformObject: createJsonSchemaTransformObject({ schemaRegistry: apiRegistry }),
  });
  await app.register(swaggerUi, { routePrefix: "/docs" });

  const ctx = {
    maxPaths: o.maxPaths,
    dataDir: o.dataDir,
    scenariosDir: o.scenariosDir,
    threads: o.threads,
    maxQueue: o.maxQueue,
    readShipped: (name: string) => readShipped(o.scenariosDir, name),
  };
  jobRoutes(app, manager, ctx);
  metaRoutes(app, manager, ctx);
  await app.register(workbench, { manager, dataDir: o.dataDir, scenariosDir: o.scenariosDir });
  await app.ready();
  return app;
}
