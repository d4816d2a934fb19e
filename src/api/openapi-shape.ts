/**
 * What makes the generated OpenAPI document pleasant for tools: a stable `operationId` per operation (generated
 * clients name their methods after it), `servers`, a licence, and no unused components (the zod registry emits an
 * input and an output variant of every registered schema; only the ones the paths reference are kept). Applied as
 * @fastify/swagger transforms, so `/docs/json` and `schema/openapi.json` are the same document; a test lints it.
 */
import type { SwaggerTransform, SwaggerTransformObject } from "@fastify/swagger";

/** Operation ids by `METHOD /path` (fastify's path syntax); other routes get one derived from method and path. */
const OPERATION_IDS: Record<string, string> = {
  "POST /v1/runs": "submitRun",
  "POST /v1/sweeps": "submitSweep",
  "POST /v1/compare": "submitComparison",
  "POST /v1/size-pool": "submitPoolSizing",
  "POST /v1/optimise": "submitOptimisation",
  "POST /v1/calibrate": "submitCalibration",
  "GET /v1/runs/:id": "getJob",
  "DELETE /v1/runs/:id": "cancelJob",
  "GET /v1/runs/:id/result": "getJobResult",
  "GET /v1/runs/:id/report": "getJobReport",
  "POST /v1/validate": "validateRun",
  "GET /v1/scenarios": "listScenarios",
  "GET /v1/schema": "getScenarioSchema",
  "GET /v1/health": "getHealth",
  "GET /healthz": "getLiveness",
  "GET /readyz": "getReadiness",
  "GET /metrics": "getMetrics",
};

/** `GET /v1/runs/:id/report` → `getV1RunsIdReport`: unique for every method and path. */
export function derivedOperationId(method: string, url: string): string {
  const words = url
    .split(/[/:{}_.-]+/)
    .filter((w) => w !== "")
    .map((w) => w[0]!.toUpperCase() + w.slice(1));
  return method.toLowerCase() + words.join("");
}

export function operationId(method: string, url: string): string {
  return OPERATION_IDS[`${method} ${url}`] ?? derivedOperationId(method, url);
}

/** Wraps a route transform: adds the operation id unless the route set one. */
export function withOperationIds(base: SwaggerTransform): SwaggerTransform {
  return (arg) => {
    const out = base(arg);
    const method = Array.isArray(arg.route.method) ? arg.route.method[0]! : arg.route.method;
    const schema = out.schema as Record<string, unknown>;
    if (schema.operationId === undefined) schema.operationId = operationId(String(method), arg.url);
    return out;
  };
}

/** Every `$ref` target (`#/components/schemas/X` → X) reachable from `node`. */
function collectRefs(node: unknown, into: Set<string>): void {
  if (Array.isArray(node)) for (const x of node) collectRefs(x, into);
  else if (node && typeof node === "object")
    for (const [k, v] of Object.entries(node)) {
      if (k === "$ref" && typeof v === "string" && v.startsWith("#/components/schemas/"))
        into.add(v.slice("#/components/schemas/".length));
      else collectRefs(v, into);
    }
}

/** Drops component schemas nothing references (transitively from the paths). */
export function pruneComponents(doc: Record<string, unknown>): Record<string, unknown> {
  const components = doc.components as { schemas?: Record<string, unknown> } | undefined;
  const schemas = components?.schemas;
  if (!schemas) return doc;
  const used = new Set<string>();
  collectRefs(doc.paths, used);
  // Components may reference each other: follow until nothing new is found.
  for (let size = -1; size !== used.size; ) {
    size = used.size;
    for (const name of [...used]) collectRefs(schemas[name], used);
  }
  const kept = Object.fromEntries(Object.entries(schemas).filter(([name]) => used.has(name)));
  return { ...doc, components: { ...components, schemas: kept } };
}

/** Wraps the document transform: prunes unused components. */
export function withPrunedComponents(base: SwaggerTransformObject): SwaggerTransformObject {
  return (arg) => pruneComponents(base(arg) as Record<string, unknown>);
}

/** Servers and licence of the document: relative, so `/docs` and generated clients work on any host and port. */
export const DOCUMENT_EXTRAS = {
  servers: [{ url: "/", description: "the gfsim server that serves this document (gfsim serve, PORT / HOST)" }],
  license: { name: "MIT", identifier: "MIT" },
} as const;
