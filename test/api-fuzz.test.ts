/**
 * Property-based fuzzing of `POST /v1/runs` and the other POST endpoints: random JSON, random envelopes and
 * mutated valid scenarios never get a 500 and never crash the server; every error is in the one error shape.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import { parseText } from "../src/scenario/load.ts";
import { expectErrorShape, ROOT, type TestApp, testApp } from "./api-helpers.ts";

const yuhang = parseText(readFileSync(join(ROOT, "scenarios/yuhang-2b.yaml"), "utf8")) as Record<string, unknown>;

/** Every field path of a JSON tree, as segment lists. */
function fieldPaths(
  v: unknown,
  prefix: (string | number)[] = [],
  out: (string | number)[][] = [],
): (string | number)[][] {
  if (v !== null && typeof v === "object") {
    for (const [k, child] of Object.entries(v)) {
      const seg = Array.isArray(v) ? Number(k) : k;
      out.push([...prefix, seg]);
      fieldPaths(child, [...prefix, seg], out);
    }
  }
  return out;
}
const PATHS = fieldPaths(yuhang);

function setIn(root: unknown, path: (string | number)[], value: unknown): unknown {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let cur = copy;
  for (const k of path.slice(0, -1)) cur = cur[k] as Record<string | number, unknown>;
  cur[path[path.length - 1]!] = value;
  return copy;
}

const anyValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(0, -1, 1e308, -1e-308, 0.5, 2 ** 53, "", "yuhang-2b", [], {}, null, true),
);
const mutatedScenario = fc.tuple(fc.constantFrom(...PATHS), anyValue).map(([p, v]) => setIn(yuhang, p, v));
const scenario = fc.oneof(
  fc.constantFrom("yuhang-2b", "generic-vc"),
  fc.string({ maxLength: 20 }),
  mutatedScenario,
  anyValue,
);
const override = fc.oneof(
  fc.dictionary(
    fc.oneof(
      fc.constantFrom(
        "fund.reserves",
        "fund.size",
        "horizon_years",
        "fund.lifecycle.stages[1].advance",
        "__proto__.polluted",
        "fund.constructor.prototype.polluted",
      ),
      fc.string(),
    ),
    anyValue,
    {
      maxKeys: 3,
    },
  ),
  fc.array(
    fc.oneof(
      fc.string(),
      fc.constantFrom(
        "fund.reserves=0.5",
        "fund.reserves=abc",
        "=1",
        "fund.x[=1",
        "a.b={dist: beta}",
        "__proto__.polluted=yes",
        "fund.reserves=.nan",
      ),
    ),
    { maxLength: 3 },
  ),
  anyValue,
);
const target = fc.record({
  metric: fc.oneof(
    fc.constantFrom("fund.tvpi.mean", "programme.fiscal_in.p50", "fund.nope.mean", "x.y.z"),
    fc.string(),
  ),
  op: fc.oneof(fc.constantFrom("<", "<=", ">=", "==", "!="), fc.string({ maxLength: 2 })),
  value: fc.oneof(fc.double(), fc.integer(), anyValue),
});
const envelope = fc.record(
  {
    scenario,
    set: override,
    paths: fc.oneof(fc.integer({ min: -5, max: 40 }), fc.double(), anyValue),
    seed: fc.oneof(fc.integer({ min: 0, max: 2 ** 31 }), fc.double(), anyValue),
    targets: fc.oneof(fc.array(target, { maxLength: 2 }), anyValue),
    extra: anyValue,
  },
  { requiredKeys: [] },
);
/** Mostly valid requests with one thing possibly off, so the accepting path is fuzzed too. */
const nearValid = fc.record(
  {
    scenario: fc.oneof(fc.constantFrom("yuhang-2b", "generic-vc"), mutatedScenario),
    paths: fc.integer({ min: 1, max: 20 }),
    seed: fc.integer({ min: 0, max: 1000 }),
    set: fc.constantFrom({ "fund.reserves": 0.25 }, ["fund.reserves=0.35"], { "fund.reserves": "x" }),
  },
  { requiredKeys: ["scenario", "paths"] },
);
const body = fc.oneof(
  nearValid.map((b) => JSON.stringify(b)),
  envelope.map((b) => JSON.stringify(b)),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 200 }),
);

let t: TestApp;
beforeAll(async () => {
  // Tiny limits: the few valid requests run 1..20 paths, and a full queue is a 429, which is fine.
  t = await testApp({ threads: 1, maxQueue: 2, maxPaths: 20 });
});
afterAll(() => t.close());

it("POST /v1/runs, validate, sweeps, compare, size-pool: never a 500, errors always in the one shape", async () => {
  const statuses = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(
      body,
      fc.constantFrom("/v1/runs", "/v1/validate", "/v1/sweeps", "/v1/compare", "/v1/size-pool"),
      async (payload, url) => {
        const res = await t.app.inject({
          method: "POST",
          url,
          payload,
          headers: { "content-type": "application/json" },
        });
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        expect(res.statusCode, `${url} ${payload.slice(0, 300)} → ${res.body.slice(0, 300)}`).toBeLessThan(500);
        if (res.statusCode >= 400) expectErrorShape(res.json());
      },
    ),
    { numRuns: 400, seed: 20261123 },
  );
  // The fuzz reached both accepted and rejected requests.
  expect([...statuses.keys()].some((s) => s < 300)).toBe(true);
  expect(statuses.get(400)).toBeGreaterThan(50);
  const health = await t.app.inject({ url: "/v1/health" });
  expect(health.statusCode).toBe(200);
});

/** Every operation of the published contract, with its path template. */
const OPENAPI = JSON.parse(readFileSync(join(ROOT, "schema/openapi.json"), "utf8")) as {
  paths: Record<string, Record<string, unknown>>;
};
const OPERATIONS = Object.entries(OPENAPI.paths).flatMap(([path, ops]) =>
  Object.keys(ops).map((method) => ({ method: method.toUpperCase() as "GET" | "POST" | "DELETE", path })),
);
const hostileText = fc.oneof(
  fc.constantFrom(
    "..%2F..%2Fetc%2Fpasswd",
    "../../package.json",
    "%2e%2e",
    "__proto__",
    "constructor",
    "0b6f1c3e-5d2a-4f8e-9c7b-1a2b3c4d5e6f",
    "0B6F1C3E-5D2A-4F8E-9C7B-1A2B3C4D5E6F",
    "%00",
    "%",
    "😀",
    "余杭",
    "a".repeat(300),
    "",
  ),
  fc.string({ maxLength: 40, unit: "binary" }).map(encodeURIComponent),
  fc.uuid().map(String),
);
const queryValue = fc.oneof(
  fc.constantFrom("html", "md", "csv", "xlsx", "pdf", "zh", "en", "", "NaN", "1e309", "__proto__", "[]"),
  fc.string({ maxLength: 30 }),
);
const query = fc
  .dictionary(fc.constantFrom("format", "lang", "with", "__proto__", "x", "format[]"), queryValue, { maxKeys: 3 })
  .map((q) => new URLSearchParams(q).toString());
const contentType = fc.constantFrom(
  "application/json",
  "application/json; charset=utf-8",
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/json; charset=latin1",
  "",
);
const request = fc.record({
  op: fc.constantFrom(...OPERATIONS),
  id: hostileText,
  query,
  body: fc.oneof(body, fc.constant(""), fc.constant('{"a":'.repeat(70))),
  type: contentType,
});

it("every endpoint of schema/openapi.json: 1,000 hostile requests, never a 500, errors in the one shape", async () => {
  const statuses = new Map<number, number>();
  let sent = 0;
  await fc.assert(
    fc.asyncProperty(request, async ({ op, id, query: q, body: payload, type }) => {
      const url = `${op.path.replace("{id}", id)}${q ? `?${q}` : ""}`;
      const res = await t.app.inject({
        method: op.method,
        url,
        ...(op.method === "POST" && { payload, headers: type ? { "content-type": type } : {} }),
      });
      sent++;
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      const where = `${op.method} ${url.slice(0, 200)} ${type} ${payload.slice(0, 200)} → ${res.body.slice(0, 300)}`;
      expect(res.statusCode, where).toBeLessThan(500);
      if (res.statusCode >= 400) expectErrorShape(res.json());
    }),
    { numRuns: 1000, seed: 20261207 },
  );
  const counts = Object.fromEntries([...statuses].sort(([a], [b]) => a - b));
  console.log(`API fuzz over ${OPERATIONS.length} operations: ${sent} requests, statuses ${JSON.stringify(counts)}`);
  expect(sent).toBeGreaterThanOrEqual(1000);
  expect(OPERATIONS.length).toBeGreaterThanOrEqual(12);
  // The server still answers a valid request afterwards.
  const ok = await t.app.inject({
    method: "POST",
    url: "/v1/validate",
    payload: { scenario: "yuhang-2b", paths: 10 },
  });
  expect(ok.statusCode, ok.body).toBe(200);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});
