/**
 * Request and response schemas of the HTTP API (zod, the single source of the API's types, its validation and the
 * OpenAPI document). Scenario content is not validated here: overrides apply first, then `validateScenario` words
 * every problem; here only the envelope is checked.
 */
import { z } from "zod";
import { METRIC_UNITS } from "../engine/metric.ts";
import { ERRORS, type ErrorCode } from "../errors.ts";
import { DOCUMENT_FORMATS, type DocumentFormat } from "../report/formats.ts";
import { LANGS } from "../report/i18n.ts";
import { MAX_PATHS, Target } from "../scenario/schema.ts";

/** Named schemas, emitted as OpenAPI components (a registry of our own, not zod's global one). */
export const apiRegistry = z.registry<{ id: string; description?: string }>();

/** Run ids are lowercase v4 UUIDs; nothing else ever reaches the data directory. */
export const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
export const JOB_STATUSES = ["queued", "running", "done", "failed", "cancelled"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const JOB_TYPES = ["run", "sweep", "compare", "size-pool", "optimise", "calibrate"] as const;
export type JobType = (typeof JOB_TYPES)[number];

export const JobIdParams = z.strictObject({
  id: z.string().regex(JOB_ID, "must be a run id (a lowercase UUID as returned by POST /v1/runs)"),
});

export const ScenarioRef = z
  .union([
    z
      .string()
      .min(1)
      .max(100)
      .regex(/^[A-Za-z0-9][\w.-]*$/, "a shipped scenario name (letters, digits, '-', '_', '.')")
      .describe("name of a shipped scenario (GET /v1/scenarios)"),
    z.record(z.string(), z.unknown()).describe("an inline scenario object (format: GET /v1/schema)"),
  ])
  .describe("shipped scenario name or inline scenario");
export type ScenarioRef = z.infer<typeof ScenarioRef>;

export const Overrides = z
  .union([
    z.record(z.string().min(1).max(500), z.unknown()).describe('{"fund.reserves": 0.4}: field path → new value (JSON)'),
    z.array(z.string().min(1).max(10_000)).max(200).describe('["fund.reserves=0.4"]: path=value, the value as YAML'),
  ])
  .describe("overrides applied before validation, like --set on the command line");
export type Overrides = z.infer<typeof Overrides>;

export const PathsField = z
  .number()
  .int()
  .min(1)
  .max(MAX_PATHS)
  .optional()
  .describe("path count (default: the scenario's run.paths)");
export const SeedField = z
  .number()
  .int()
  .min(0)
  .max(2 ** 53 - 1)
  .optional()
  .describe("seed (default: the scenario's run.seed)");
export const TargetsField = z.array(Target).max(100).optional();

export const RunRequest = z
  .strictObject({
    scenario: ScenarioRef,
    set: Overrides.optional(),
    paths: PathsField,
    seed: SeedField,
    targets: TargetsField.describe("extra targets, evaluated with the scenario's own"),
  })
  .describe("a scenario run");
export type RunRequest = z.infer<typeof RunRequest>;
apiRegistry.add(RunRequest, { id: "RunRequest" });

export const Issue = z.object({ path: z.string(), message: z.string() });
export const ErrorDetail = z.object({
  code: z.enum(Object.keys(ERRORS) as [ErrorCode, ...ErrorCode[]]),
  message: z.string(),
  issues: z.array(Issue),
});
export const ErrorBody = z.object({ error: ErrorDetail }).describe("the one error shape of the API");
apiRegistry.add(ErrorBody, { id: "Error" });

export const Accepted = z.object({
  id: z.string(),
  status: z.enum(JOB_STATUSES),
  reused: z.boolean().describe("true when an identical earlier job is returned instead of a new one"),
});
apiRegistry.add(Accepted, { id: "Accepted" });

export const JobView = z.object({
  id: z.string(),
  type: z.enum(JOB_TYPES),
  status: z.enum(JOB_STATUSES),
  progress: z.number().min(0).max(1).describe("share of paths simulated (1 when done)"),
  created_at: z.string(),
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
  queued_ms: z.number().nullable().describe("time from acceptance to start"),
  run_ms: z.number().nullable().describe("time from start to end (or until now while running)"),
  scenario: z.object({ name: z.string(), hash: z.string() }).nullable(),
  seed: z.number().nullable(),
  paths: z.number().nullable(),
  error: ErrorDetail.nullable().describe("why the job failed"),
  links: z.object({ self: z.string(), result: z.string(), report: z.string().optional() }),
});
apiRegistry.add(JobView, { id: "Job" });

export const Health = z.object({
  status: z.literal("ok"),
  version: z.string(),
  uptime_s: z.number(),
  queue: z.object({ queued: z.number(), running: z.number(), threads: z.number(), max_queue: z.number() }),
});
apiRegistry.add(Health, { id: "Health" });

export const ValidateOk = z.object({
  valid: z.literal(true),
  hash: z.string().describe("content hash of the validated scenario (as in results)"),
  name: z.string(),
  paths: z.number(),
  seed: z.number(),
});

export const ScenarioList = z.object({
  scenarios: z.array(z.object({ name: z.string(), description: z.string() })),
});

/** Report formats and languages are the report's own (`json`, the result itself, is GET /v1/runs/{id}/result). */
export const ReportQuery = z.object({
  format: z.enum(DOCUMENT_FORMATS).default("html").describe("html (charts inline), md, csv or xlsx"),
  lang: z.enum(LANGS).default("en").describe("language of labels and text"),
});

export const REPORT_CONTENT_TYPES: Record<DocumentFormat, string> = {
  html: "text/html; charset=utf-8",
  md: "text/markdown; charset=utf-8",
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/** Error responses every route may give, for the OpenAPI document. */
export function errorResponses(...statuses: number[]): Record<number, typeof ErrorBody> {
  return Object.fromEntries([400, 401, ...statuses].map((s) => [s, ErrorBody]));
}

/** One metric of the catalogue (`src/run/catalogue.ts`): what it is, its unit, labels and headline rank. */
export const MetricInfo = z.object({
  name: z.string().describe("metric name; a per-stage family is a template such as reached_{stage}"),
  shape: z.enum(["scalar", "series"]).describe("scalar: one value per path; series: one per path and year"),
  unit: z.enum(METRIC_UNITS),
  better: z.enum(["higher", "lower", "neither"]).describe("which way the metric is better"),
  about: z.string().describe("one line: what the number is"),
  en: z.string().describe("English label"),
  zh: z.string().describe("Chinese label"),
  headline: z.number().int().optional().describe("rank among the owner's headline metrics (1 first)"),
  headlineStat: z.enum(["mean", "p50"]).optional().describe("the statistic a headline shows"),
  family: z.string().optional().describe("the per-stage family template, for a family"),
});

export const MetricCatalogue = z
  .record(z.string(), z.array(MetricInfo))
  .describe("metrics by owner: each vehicle kind and the programme view");
