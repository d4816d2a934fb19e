/**
 * POST /v1/optimisations: a durable job that stores exactly what `runOptimise` returns for the same inputs, reports
 * progress, can be cancelled, and answers 400 naming the field for a bad decision, expression or metric.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runOptimise } from "../src/run/optimise/index.ts";
import { expectErrorShape, injectGetter, type TestApp, testApp, waitForJob } from "./api-helpers.ts";
import { tinyFund } from "./helpers.ts";

let t: TestApp;
beforeAll(async () => {
  t = await testApp({ threads: 1 });
});
afterAll(() => t.close());

const post = (payload: Record<string, unknown>) => t.app.inject({ method: "POST", url: "/v1/optimisations", payload });
const scenario = tinyFund({ deal_flow: { per_year: 5, entry_mix: { s1: 1 } }, reserves: 0.2 });
const body = {
  scenario,
  decide: ["fund.reserves=0..0.5"],
  maximise: "fund.tvpi.mean",
  subject_to: ["fund.loss_ratio.mean <= 0.5"],
  paths: 20,
  seed: 2,
  budget: 6,
  confirm_paths: 40,
  frontier: 1,
};

describe("POST /v1/optimisations", () => {
  it("stores runOptimise's result, with its charts view", { timeout: 240_000 }, async () => {
    const res = await post(body);
    expect(res.statusCode, res.body).toBe(202);
    const job = await waitForJob(injectGetter(t.app), res.json().id, undefined, 180_000);
    expect(job.status, JSON.stringify(job.error)).toBe("done");
    expect(job.type).toBe("optimise");
    const stored = (await t.app.inject({ url: `/v1/runs/${job.id}/result` })).json();
    const { scenario: s, ...spec } = body;
    const direct = await runOptimise(s, spec);
    expect(stored).toEqual(JSON.parse(JSON.stringify(direct)));
    const view = await t.app.inject({ url: `/v1/runs/${job.id}/charts?lang=zh` });
    expect(view.statusCode).toBe(200);
    expect(view.json()).toMatchObject({ type: "optimise", lang: "zh" });
    expect(view.json().verdict).toMatch(/^建议|^无推荐/);
  });

  it.each([
    [{ decide: ["fund.reserve=0..0.5"] }, "fund.reserve"],
    [{ maximise: "fund.tvpi.mean = 1" }, "maximise"],
    [{ maximise: 'evaluate("1")' }, "maximise"],
    [{ subject_to: ["fund.nope.mean <= 1"] }, "subject_to[0]"],
    [{ minimise: "fund.tvpi.mean" }, "maximise"],
    [{ budget: 0 }, "budget"],
    [{ confidence: 2 }, "confidence"],
    [{ decide: [] }, "decide"],
  ])("answers 400 naming the field for %j", async (over, path) => {
    const res = await post({ ...body, ...over });
    expect(res.statusCode, res.body).toBe(400);
    const e = expectErrorShape(res.json());
    expect(e.issues.map((i) => i.path).join(" ")).toContain(path);
  });

  it("can be cancelled while it runs", { timeout: 240_000 }, async () => {
    const res = await post({ ...body, paths: 2000, budget: 200, seed: 9 });
    expect(res.statusCode).toBe(202);
    const id = res.json().id;
    await waitForJob(injectGetter(t.app), id, (j) => j.status === "running" && j.progress > 0, 180_000);
    const del = await t.app.inject({ method: "DELETE", url: `/v1/runs/${id}` });
    expect(del.json()).toMatchObject({ status: "cancelled" });
  });
});
