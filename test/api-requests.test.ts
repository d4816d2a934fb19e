/**
 * Bad requests get the documented status and error code, always in the one error shape (docs/api.md), and never
 * a 500; plus the endpoints that run nothing (validate, scenarios, schema, health) and the bearer token.
 */
import { readdirSync } from "node:fs";
import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectErrorShape, type TestApp, testApp } from "./api-helpers.ts";

const TOKEN = "s3cret-token-for-tests";
const UNKNOWN_ID = "0b6f1c3e-5d2a-4f8e-9c7b-1a2b3c4d5e6f";
const json = { "content-type": "application/json" };

interface Case {
  name: string;
  req: InjectOptions;
  status: number;
  code: string;
  /** An issue path the answer must name. */
  issue?: string;
  /** Run against the app that requires a token. */
  auth?: boolean;
}

const post = (payload: unknown, url = "/v1/runs"): InjectOptions => ({
  method: "POST",
  url,
  payload: JSON.stringify(payload),
  headers: json,
});
const raw = (payload: string, headers: Record<string, string> = json): InjectOptions => ({
  method: "POST",
  url: "/v1/runs",
  payload,
  headers,
});
const get = (url: string, headers: Record<string, string> = {}): InjectOptions => ({ method: "GET", url, headers });
const deep = (n: number) => `{"scenario": {"name": "x", "a": ${"[".repeat(n)}${"]".repeat(n)}}}`;

const CASES: Case[] = [
  // Bodies that are not JSON objects.
  { name: "malformed JSON", req: raw("{bad"), status: 400, code: "PARSE_ERROR" },
  { name: "truncated JSON", req: raw('{"scenario": "yuhang-2b"'), status: 400, code: "PARSE_ERROR" },
  { name: "empty body", req: raw(""), status: 400, code: "INVALID_REQUEST" },
  {
    name: "text/plain body",
    req: raw("scenario=yuhang-2b", { "content-type": "text/plain" }),
    status: 415,
    code: "UNSUPPORTED_MEDIA_TYPE",
  },
  { name: "JSON array body", req: raw("[]"), status: 400, code: "INVALID_REQUEST" },
  { name: "JSON null body", req: raw("null"), status: 400, code: "INVALID_REQUEST" },
  {
    name: "prototype poisoning",
    req: raw('{"__proto__": {"x": 1}, "scenario": "yuhang-2b"}'),
    status: 400,
    code: "PARSE_ERROR",
  },
  { name: "deeply nested JSON (50k levels)", req: raw(deep(50_000)), status: 400, code: "INVALID_REQUEST" },
  { name: "nested 65 levels (limit 64)", req: raw(deep(63)), status: 400, code: "INVALID_REQUEST" },
  // Envelope fields: wrong types, out of range, unknown.
  { name: "missing scenario", req: post({}), status: 400, code: "INVALID_REQUEST", issue: "scenario" },
  {
    name: "scenario is a number",
    req: post({ scenario: 42 }),
    status: 400,
    code: "INVALID_REQUEST",
    issue: "scenario",
  },
  { name: "scenario is a list", req: post({ scenario: [] }), status: 400, code: "INVALID_REQUEST", issue: "scenario" },
  {
    name: "unknown top-level field",
    req: post({ scenario: "yuhang-2b", pathz: 10 }),
    status: 400,
    code: "INVALID_REQUEST",
    issue: "pathz",
  },
  {
    name: "paths as a string",
    req: post({ scenario: "yuhang-2b", paths: "100" }),
    status: 400,
    code: "INVALID_REQUEST",
    issue: "paths",
  },
  {
    name: "paths 0",
    req: post({ scenario: "yuhang-2b", paths: 0 }),
    status: 400,
    code: "INVALID_REQUEST",
    issue: "paths",
  },
  {
    name: "paths negative",
    req: post({ scenario: "yuhang-2b", paths: -5 }),
    status: 400,
    code: "INVALID_REQUEST",
    issue: "paths",
  },
  {
    name: "paths fractional",
    req: post({ scenario: "yuhang-2b", paths: 1.5 }),
    status: 400,
    code: "INVALID_REQUEST",
    issue: "paths",
  },
  {
    name: "paths above the format's maximum",
    req: post({ scenario: "yuhang-2b", paths: 2e7 }),
    status: 400,
    code: "INVALID_REQUEST",
    issue: "paths",
  },
  {
    name: "paths above the server limit",
    req: post({ scenario: "yuhang-2b", paths: 2_000_000 }),
    status: 400,
    code: "INVALID_REQUEST",
    issue: "paths",
  },
  {
    name: "seed negative",
    req: post({ scenario: "yuhang-2b", seed: -1 }),
    status: 400,
    code: "INVALID_REQUEST",
    issue: "seed",
  },
  {
    name: "seed beyond 2^53-1",
    req: post({ scenario: "yuhang-2b", seed: 2 ** 53 }),
    status: 400,
    code: "INVALID_REQUEST",
    issue: "seed",
  },
  {
    name: "seed as text",
    req: post({ scenario: "yuhang-2b", seed: "abc" }),
    status: 400,
    code: "INVALID_REQUEST",
    issue: "seed",
  },
  // Scenario content.
  {
    name: "unknown shipped scenario",
    req: post({ scenario: "no-such-scenario" }),
    status: 404,
    code: "SCENARIO_NOT_FOUND",
    issue: "scenario",
  },
  {
    name: "scenario name with traversal",
    req: post({ scenario: "../../etc/passwd" }),
    status: 400,
    code: "INVALID_REQUEST",
    issue: "scenario",
  },
  {
    name: "scenario name '..'",
    req: post({ scenario: ".." }),
    status: 400,
    code: "INVALID_REQUEST",
    issue: "scenario",
  },
  {
    name: "inline scenario missing fields",
    req: post({ scenario: { name: "x" } }),
    status: 400,
    code: "INVALID_SCENARIO",
    issue: "scenario.horizon_years",
  },
  {
    name: "inline scenario with an unknown field",
    req: post({ scenario: { name: "x", horizon_years: 5, vehicles: [], colour: "red" } }),
    status: 400,
    code: "INVALID_SCENARIO",
    issue: "scenario.colour",
  },
  // Overrides.
  {
    name: "override out of range",
    req: post({ scenario: "yuhang-2b", set: { "fund.reserves": 2 } }),
    status: 400,
    code: "INVALID_SCENARIO",
    issue: "scenario.vehicles[0] (fund).reserves",
  },
  {
    name: "override without '='",
    req: post({ scenario: "yuhang-2b", set: ["fund.reserves"] }),
    status: 400,
    code: "INVALID_OVERRIDE",
    issue: "set[0]",
  },
  {
    name: "override with a bad path",
    req: post({ scenario: "yuhang-2b", set: ["fund..reserves=1"] }),
    status: 400,
    code: "INVALID_OVERRIDE",
    issue: "set[0]",
  },
  {
    name: "override with a bad path (object form)",
    req: post({ scenario: "yuhang-2b", set: { "fund.reserves": 0.2, "fund..x": 1 } }),
    status: 400,
    code: "INVALID_OVERRIDE",
    issue: 'set["fund..x"]',
  },
  {
    name: "override replacing the vehicle list",
    req: post({ scenario: "yuhang-2b", set: { vehicles: [] } }),
    status: 400,
    code: "INVALID_OVERRIDE",
  },
  {
    name: "overrides of the wrong type",
    req: post({ scenario: "yuhang-2b", set: 42 }),
    status: 400,
    code: "INVALID_REQUEST",
    issue: "set",
  },
  // Targets.
  {
    name: "target with an unknown operator",
    req: post({ scenario: "yuhang-2b", targets: [{ metric: "fund.tvpi.mean", op: "~", value: 1 }] }),
    status: 400,
    code: "INVALID_REQUEST",
    issue: "targets[0].op",
  },
  {
    name: "target with an unknown metric",
    req: post({ scenario: "yuhang-2b", targets: [{ metric: "fund.nope.mean", op: "<", value: 1 }] }),
    status: 400,
    code: "INVALID_SCENARIO",
    issue: "targets[0].metric",
  },
  {
    name: "target naming no vehicle",
    req: post({ scenario: "yuhang-2b", targets: [{ metric: "nobody.tvpi.mean", op: "<", value: 1 }] }),
    status: 400,
    code: "INVALID_SCENARIO",
    issue: "targets[0].metric",
  },
  // Ids and traversal.
  { name: "id that is not a UUID", req: get("/v1/runs/not-a-uuid"), status: 400, code: "INVALID_REQUEST", issue: "id" },
  {
    name: "upper-case UUID",
    req: get(`/v1/runs/${UNKNOWN_ID.toUpperCase()}`),
    status: 400,
    code: "INVALID_REQUEST",
    issue: "id",
  },
  { name: "encoded traversal", req: get("/v1/runs/..%2F..%2Fetc"), status: 400, code: "INVALID_REQUEST", issue: "id" },
  {
    name: "encoded traversal to a result",
    req: get("/v1/runs/..%2F..%2Fetc%2Fpasswd/result"),
    status: 400,
    code: "INVALID_REQUEST",
    issue: "id",
  },
  // The router resolves encoded dot segments (→ /v1/result): no route, and never the data directory.
  { name: "encoded dots", req: get("/v1/runs/%2e%2e/result"), status: 404, code: "NOT_FOUND" },
  { name: "plain traversal", req: get("/v1/runs/../../etc/passwd"), status: 404, code: "NOT_FOUND" },
  { name: "bad percent-encoding", req: get("/v1/runs/%E0%A4%A"), status: 400, code: "INVALID_REQUEST" },
  { name: "over-long id", req: get(`/v1/runs/${"a".repeat(300)}`), status: 400, code: "INVALID_REQUEST" },
  { name: "unknown run", req: get(`/v1/runs/${UNKNOWN_ID}`), status: 404, code: "NOT_FOUND", issue: "id" },
  { name: "result of an unknown run", req: get(`/v1/runs/${UNKNOWN_ID}/result`), status: 404, code: "NOT_FOUND" },
  {
    name: "cancel an unknown run",
    req: { method: "DELETE", url: `/v1/runs/${UNKNOWN_ID}` },
    status: 404,
    code: "NOT_FOUND",
  },
  {
    name: "report in an unknown format",
    req: get(`/v1/runs/${UNKNOWN_ID}/report?format=pdf`),
    status: 400,
    code: "INVALID_REQUEST",
    issue: "format",
  },
  {
    name: "report in an unknown language",
    req: get(`/v1/runs/${UNKNOWN_ID}/report?lang=fr`),
    status: 400,
    code: "INVALID_REQUEST",
    issue: "lang",
  },
  // Routes, size, validation endpoint.
  { name: "unknown route", req: get("/v1/nope"), status: 404, code: "NOT_FOUND" },
  {
    name: "wrong method",
    req: { method: "PUT", url: "/v1/runs", payload: "{}", headers: json },
    status: 404,
    code: "NOT_FOUND",
  },
  {
    name: "body over 1 MiB",
    req: raw(JSON.stringify({ scenario: "yuhang-2b", set: { "fund.description": "x".repeat(1024 * 1024 + 1) } })),
    status: 413,
    code: "PAYLOAD_TOO_LARGE",
  },
  {
    name: "validate: invalid override",
    req: post({ scenario: "yuhang-2b", set: { "fund.reserves": -1 } }, "/v1/validate"),
    status: 400,
    code: "INVALID_SCENARIO",
  },
  // The token.
  { name: "token missing", req: get("/v1/health"), status: 401, code: "UNAUTHORIZED", auth: true },
  {
    name: "token wrong",
    req: get("/v1/health", { authorization: "Bearer not-the-token" }),
    status: 401,
    code: "UNAUTHORIZED",
    auth: true,
  },
  {
    name: "token as a prefix",
    req: get("/v1/health", { authorization: `Bearer ${TOKEN.slice(0, -1)}` }),
    status: 401,
    code: "UNAUTHORIZED",
    auth: true,
  },
  {
    name: "basic auth instead of bearer",
    req: get("/v1/health", { authorization: `Basic ${TOKEN}` }),
    status: 401,
    code: "UNAUTHORIZED",
    auth: true,
  },
  {
    name: "token missing on a POST",
    req: post({ scenario: "yuhang-2b" }),
    status: 401,
    code: "UNAUTHORIZED",
    auth: true,
  },
  { name: "token missing on the docs", req: get("/docs"), status: 401, code: "UNAUTHORIZED", auth: true },
  { name: "token missing on an unknown route", req: get("/v1/nope"), status: 401, code: "UNAUTHORIZED", auth: true },
  {
    name: "token missing on an unknown workbench file",
    req: get("/workbench/nope.js"),
    status: 404,
    code: "NOT_FOUND",
    auth: true,
  },
];

let open: TestApp;
let locked: TestApp;

beforeAll(async () => {
  open = await testApp();
  locked = await testApp({ token: TOKEN });
});
afterAll(async () => {
  await open.close();
  await locked.close();
});

describe("bad requests", () => {
  it("the table has at least 30 cases", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
  });

  it.each(CASES)("$name → $status $code", async (c) => {
    const res = await (c.auth ? locked : open).app.inject(c.req);
    const e = expectErrorShape(res.json());
    expect({ status: res.statusCode, code: e.code }, res.body.slice(0, 500)).toEqual({
      status: c.status,
      code: c.code,
    });
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
    if (c.issue) expect(e.issues.map((i) => i.path)).toContain(c.issue);
    if (c.code === "UNAUTHORIZED") expect(res.headers["www-authenticate"]).toBe('Bearer realm="gfsim"');
  });

  it("no bad request created a job or any file in the data directory", () => {
    expect(readdirSync(open.dir)).toEqual(["runs"]);
    expect(readdirSync(`${open.dir}/runs`)).toEqual([]);
  });
});

describe("endpoints that run nothing", () => {
  it("validate returns the content hash and the effective paths and seed, and starts no job", async () => {
    const res = await open.app.inject(
      post({ scenario: "yuhang-2b", paths: 123, set: ["fund.reserves=0.25"] }, "/v1/validate"),
    );
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ valid: true, name: "yuhang-2b", paths: 123, seed: 20231124 });
    expect(body.hash).toMatch(/^[0-9a-f]{16}$/);
    // A different override is different content, hence a different hash.
    const other = (
      await open.app.inject(post({ scenario: "yuhang-2b", set: ["fund.reserves=0.3"] }, "/v1/validate"))
    ).json();
    expect(other.hash).not.toBe(body.hash);
    const health = (await open.app.inject(get("/v1/health"))).json();
    expect(health.queue).toMatchObject({ queued: 0, running: 0 });
  });

  it("validate lists every problem at once", async () => {
    const res = await open.app.inject(
      post({ scenario: "yuhang-2b", set: { "fund.reserves": 2, "fund.government_share": -1 } }, "/v1/validate"),
    );
    const e = expectErrorShape(res.json());
    expect(res.statusCode).toBe(400);
    expect(e.issues.map((i) => i.path).sort()).toEqual([
      "scenario.vehicles[0] (fund).government_share",
      "scenario.vehicles[0] (fund).reserves",
    ]);
  });

  it("unknown target metric is caught before any path runs (pins the order runScenario checks in)", async () => {
    const res = await open.app.inject(
      post({ scenario: "yuhang-2b", targets: [{ metric: "fund.tvpi.p42", op: "<", value: 1 }] }, "/v1/validate"),
    );
    expect(res.statusCode).toBe(400);
    expect(expectErrorShape(res.json()).issues[0]!.path).toBe("targets[0].metric");
  });

  it("lists shipped scenarios with descriptions", async () => {
    const body = (await open.app.inject(get("/v1/scenarios"))).json() as {
      scenarios: { name: string; description: string }[];
    };
    const names = body.scenarios.map((s) => s.name);
    expect(names).toContain("yuhang-2b");
    expect(body.scenarios.find((s) => s.name === "yuhang-2b")!.description).toMatch(/科技成果转化基金/);
  });

  it("serves the scenario JSON Schema", async () => {
    const body = (await open.app.inject(get("/v1/schema"))).json();
    expect(body.$id).toBe("https://gfsim.dev/schema/scenario.schema.json");
    expect(body.properties.vehicles.type).toBe("array");
  });

  it("health reports version and queue", async () => {
    const res = await open.app.inject(get("/v1/health"));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: "ok", queue: { queued: 0, running: 0, threads: 1, max_queue: 100 } });
  });

  it("the right token opens every endpoint", async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    expect((await locked.app.inject(get("/v1/health", auth))).statusCode).toBe(200);
    expect((await locked.app.inject(get("/v1/scenarios", { authorization: `bearer  ${TOKEN}` }))).statusCode).toBe(200);
    expect((await locked.app.inject(get("/docs", auth))).statusCode).toBe(200);
  });

  it("without a token the workbench page and its files load (they hold no data), its API calls do not", async () => {
    const page = await locked.app.inject(get("/"));
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toMatch(/text\/html/);
    const script = await locked.app.inject(get("/workbench/api.js"));
    expect(script.statusCode).toBe(200);
    expect(script.body).toContain("Bearer");
    expect((await locked.app.inject({ method: "POST", url: "/", payload: {} })).statusCode).toBe(401);
    expect((await locked.app.inject(get("/v1/scenarios"))).statusCode).toBe(401);
    expect((await locked.app.inject(get("/v1/runs"))).statusCode).toBe(401);
  });
});
