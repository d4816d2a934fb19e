/**
 * How a request is admitted: validation is a plain call (nothing is run, not even an aborted run), the queue's
 * capacity is checked before any expensive validation, a large sweep's validation lets other requests in, a
 * cancelled computation says CANCELLED, and a server that is shutting down answers 503 SHUTTING_DOWN.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JobManager } from "../src/api/manager.ts";
import { checkRun, runScenario } from "../src/run/run.ts";
import { planSweep } from "../src/run/sweep.ts";
import { parseText, validateScenario } from "../src/scenario/load.ts";
import { expectErrorShape, ROOT, type TestApp, tempDir, testApp } from "./api-helpers.ts";

const yuhangRaw = () => parseText(readFileSync(join(ROOT, "scenarios/yuhang-2b.yaml"), "utf8"));
/** 1000 combinations: fund.reserves = 0, 0.001, ..., 0.999. */
const BIG_SWEEP = { vary: { "fund.reserves": { from: 0, to: 0.999, step: 0.001 } } };

describe("validation is a plain call", () => {
  it("checkRun finds an unknown target metric without simulating; a good run's targets pass", () => {
    const loaded = validateScenario(yuhangRaw());
    const bad = [{ metric: "fund.nope.mean", op: "<" as const, value: 1 }];
    expect(() => checkRun(loaded, bad)).toThrowError(/unknown metric/);
    expect(checkRun(loaded, []).map((e) => e.id)).toContain("fund");
  });

  it("planSweep validates every combination and pauses between them, without running a path", async () => {
    let pauses = 0;
    const plan = await planSweep(yuhangRaw(), BIG_SWEEP, {
      paths: 10,
      pause: async () => {
        pauses++;
      },
    });
    expect(plan.loaded).toHaveLength(1000);
    expect(pauses).toBe(1000);
    expect(plan.loaded[999]!.scenario.vehicles[0]).toMatchObject({ reserves: 0.999 });
  });

  it("a cancelled run throws CANCELLED, not CONFLICT", async () => {
    const abort = new AbortController();
    abort.abort();
    const loaded = validateScenario(yuhangRaw());
    await expect(runScenario(loaded, { paths: 10, seed: 1, signal: abort.signal })).rejects.toMatchObject({
      code: "CANCELLED",
    });
  });
});

describe("shutting down", () => {
  it("a closing manager refuses new jobs and reports with SHUTTING_DOWN (503), not QUEUE_FULL", async () => {
    const { dir, remove } = await tempDir();
    const m = await JobManager.open({ dataDir: dir, threads: 1, maxQueue: 10, timeLimitMs: 60_000 });
    expect(() => m.admit()).not.toThrow();
    m.beginClose();
    for (const f of [() => m.admit()]) {
      let err: unknown;
      try {
        f();
      } catch (e) {
        err = e;
      }
      expect(err).toMatchObject({ code: "SHUTTING_DOWN", status: 503 });
    }
    await m.close();
    await expect(
      m.submit("run", { key: "k", summary: { scenario: null, seed: null, paths: null }, payload: {} }),
    ).rejects.toMatchObject({ code: "SHUTTING_DOWN" });
    await remove();
  });
});

describe("through the API", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp({ threads: 1, maxQueue: 0 });
  });
  afterAll(() => t.close());
  const post = (url: string, body: unknown) =>
    t.app.inject({
      method: "POST",
      url,
      payload: JSON.stringify(body),
      headers: { "content-type": "application/json" },
    });

  it("a large sweep's validation lets GET requests in, and is accepted", async () => {
    let done = false;
    const sweep = post("/v1/sweeps", { scenario: "yuhang-2b", paths: 10, seed: 1, sweep: BIG_SWEEP }).then((r) => {
      done = true;
      return r;
    });
    let answered = 0;
    while (!done) {
      const h = await t.app.inject({ url: "/v1/health" });
      expect(h.statusCode).toBe(200);
      answered++;
      // An in-process inject never leaves the microtask queue; give the event loop a turn like a socket would.
      await new Promise((r) => setImmediate(r));
    }
    const res = await sweep;
    // Cancelled first, so a failed expectation cannot leave the only thread busy for the next test.
    if (res.statusCode === 202) await t.app.inject({ method: "DELETE", url: `/v1/runs/${res.json().id}` });
    expect(res.statusCode, res.body).toBe(202);
    // Validating 1000 combinations yields every few ms: health answers many times meanwhile (validated in one go,
    // it answered only during the request's first I/O steps: about 20 times).
    expect(answered).toBeGreaterThan(50);
  });

  it("with every thread busy and the queue full, a sweep is refused 429 before its rows are validated", async () => {
    const run = await post("/v1/runs", { scenario: "yuhang-2b", paths: 500_000, seed: 3 });
    expect(run.statusCode, run.body).toBe(202);
    // Every row is invalid (reserves ≥ 1): validated first, this would be a 400.
    const res = await post("/v1/sweeps", {
      scenario: "yuhang-2b",
      paths: 10,
      sweep: { vary: { "fund.reserves": { from: 1, to: 1.999, step: 0.001 } } },
    });
    expect(res.statusCode, res.body).toBe(429);
    expect(expectErrorShape(res.json()).code).toBe("QUEUE_FULL");
    expect(res.headers["retry-after"]).toMatch(/^\d+$/);
    await t.app.inject({ method: "DELETE", url: `/v1/runs/${run.json().id}` });
  });
});
