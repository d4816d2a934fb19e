/**
 * Sweeps, comparisons and pool sizing as jobs: each answers 202, runs in a worker and stores exactly what the core
 * operation returns for the same inputs (called here in-process); their bad requests are 400s before any job.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareScenarios } from "../src/run/compare.ts";
import { sizePool } from "../src/run/solve.ts";
import { runSweep } from "../src/run/sweep.ts";
import { applyOverrides, parseText } from "../src/scenario/load.ts";
import { expectErrorShape, injectGetter, ROOT, type TestApp, testApp, waitForJob } from "./api-helpers.ts";

const shipped = (name: string) => parseText(readFileSync(join(ROOT, "scenarios", `${name}.yaml`), "utf8"));
/** The stored JSON is the core's result serialised (NaN and undefined become null or vanish). */
const asJson = (v: unknown) => JSON.parse(JSON.stringify(v));

let t: TestApp;
beforeAll(async () => {
  t = await testApp({ threads: 2 });
});
afterAll(() => t.close());

async function submitAndFetch(url: string, payload: Record<string, unknown>): Promise<{ id: string; result: unknown }> {
  const res = await t.app.inject({ method: "POST", url, payload });
  expect(res.statusCode, res.body).toBe(202);
  const { id } = res.json();
  const job = await waitForJob(injectGetter(t.app), id);
  expect(job.status, JSON.stringify(job.error)).toBe("done");
  const result = await t.app.inject({ url: `/v1/runs/${id}/result` });
  expect(result.statusCode).toBe(200);
  return { id, result: result.json() };
}

describe("job kinds", () => {
  it("POST /v1/sweeps stores runSweep's result (common random numbers, every row)", async () => {
    const sweep = { vary: { "fund.reserves": [0.2, 0.3] } };
    const [{ id, result }, direct] = await Promise.all([
      submitAndFetch("/v1/sweeps", { scenario: "yuhang-2b", paths: 50, seed: 3, sweep }),
      runSweep(shipped("yuhang-2b"), sweep, { paths: 50, seed: 3 }),
    ]);
    expect(result).toEqual(asJson(direct));
    expect((result as { rows: unknown[] }).rows).toHaveLength(2);
    const job = (await t.app.inject({ url: `/v1/runs/${id}` })).json();
    expect(job).toMatchObject({ type: "sweep", paths: 50, seed: 3 });
    expect(job.links.report).toBeUndefined();
    const report = await t.app.inject({ url: `/v1/runs/${id}/report` });
    expect(report.statusCode).toBe(409);
  });

  it("POST /v1/compare stores compareScenarios' result (a vs a with changes)", async () => {
    const base = shipped("yuhang-2b");
    const [{ result }, direct] = await Promise.all([
      submitAndFetch("/v1/compare", { a: "yuhang-2b", set: ["fund.reserves=0.2"], paths: 50, seed: 4 }),
      compareScenarios(base, applyOverrides(base, [{ path: "fund.reserves", value: 0.2 }]), { paths: 50, seed: 4 }),
    ]);
    expect(result).toEqual(asJson(direct));
    expect((result as { metrics: unknown[] }).metrics.length).toBeGreaterThan(5);
  });

  it("POST /v1/size-pool stores sizePool's result", async () => {
    const [{ result }, direct] = await Promise.all([
      submitAndFetch("/v1/size-pool", {
        scenario: "chengdu-pool-100m",
        paths: 200,
        seed: 5,
        alpha: 0.1,
        tolerance: 0.05,
      }),
      sizePool(shipped("chengdu-pool-100m"), { paths: 200, seed: 5, alpha: 0.1, tolerance: 0.05 }),
    ]);
    expect(result).toEqual(asJson(direct));
    expect((result as { answer: number }).answer).toBeGreaterThan(0);
  });
});

describe("bad requests of the other kinds (all before any job)", () => {
  const cases: { name: string; url: string; body: unknown; status: number; code: string; issue?: string }[] = [
    {
      name: "sweep without vary and without a sweep block",
      url: "/v1/sweeps",
      body: { scenario: "yuhang-2b" },
      status: 400,
      code: "INVALID_ARGUMENT",
      issue: "sweep",
    },
    {
      name: "sweep with an invalid combination",
      url: "/v1/sweeps",
      body: { scenario: "yuhang-2b", sweep: { vary: { "fund.reserves": [0.2, 3] } } },
      status: 400,
      code: "INVALID_SCENARIO",
    },
    {
      name: "sweep column naming an unknown metric",
      url: "/v1/sweeps",
      body: { scenario: "yuhang-2b", sweep: { vary: { "fund.reserves": [0.2] }, metrics: ["fund.nope.mean"] } },
      status: 400,
      code: "INVALID_ARGUMENT",
      issue: "sweep.metrics[0]",
    },
    {
      name: "sweep varying run.paths",
      url: "/v1/sweeps",
      body: { scenario: "yuhang-2b", sweep: { vary: { "run.paths": [1, 2] } } },
      status: 400,
      code: "INVALID_REQUEST",
    },
    {
      name: "compare without b or set",
      url: "/v1/compare",
      body: { a: "yuhang-2b" },
      status: 400,
      code: "INVALID_REQUEST",
      issue: "b",
    },
    {
      name: "compare with an unknown b",
      url: "/v1/compare",
      body: { a: "yuhang-2b", b: "nope" },
      status: 404,
      code: "SCENARIO_NOT_FOUND",
      issue: "b",
    },
    {
      name: "compare with a bad change",
      url: "/v1/compare",
      body: { a: "yuhang-2b", set: { "fund.reserves": 5 } },
      status: 400,
      code: "INVALID_SCENARIO",
      issue: "b.vehicles[0] (fund).reserves",
    },
    {
      name: "size-pool of a scenario without a pool",
      url: "/v1/size-pool",
      body: { scenario: "yuhang-2b" },
      status: 400,
      code: "INVALID_REQUEST",
      issue: "vehicle",
    },
    {
      name: "size-pool naming a vehicle that is not a pool",
      url: "/v1/size-pool",
      body: { scenario: "chengdu-pool-100m", vehicle: "fund" },
      status: 400,
      code: "INVALID_REQUEST",
      issue: "vehicle",
    },
    {
      name: "size-pool alpha 1",
      url: "/v1/size-pool",
      body: { scenario: "chengdu-pool-100m", alpha: 1 },
      status: 400,
      code: "INVALID_REQUEST",
      issue: "alpha",
    },
    {
      name: "size-pool unknown solver",
      url: "/v1/size-pool",
      body: { scenario: "chengdu-pool-100m", solve: "min_pain" },
      status: 400,
      code: "INVALID_REQUEST",
      issue: "solve",
    },
  ];
  it.each(cases)("$name → $status $code", async (c) => {
    const res = await t.app.inject({ method: "POST", url: c.url, payload: c.body as Record<string, unknown> });
    const e = expectErrorShape(res.json());
    expect({ status: res.statusCode, code: e.code }, res.body.slice(0, 400)).toEqual({
      status: c.status,
      code: c.code,
    });
    if (c.issue) expect(e.issues.map((i) => i.path)).toContain(c.issue);
    expect((await t.app.inject({ url: "/v1/health" })).json().queue).toMatchObject({ queued: 0 });
  });
});
