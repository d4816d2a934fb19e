/**
 * `POST /v1/calibrations`: a durable job that stores exactly what `calibrate` returns for the same inputs (called
 * here in-process); bad free paths and target metrics are 400s naming the body field, before any job.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { calibrate } from "../src/run/calibrate.ts";
import { parseText } from "../src/scenario/load.ts";
import { expectErrorShape, injectGetter, ROOT, type TestApp, testApp, waitForJob } from "./api-helpers.ts";

const shipped = (name: string) => parseText(readFileSync(join(ROOT, "scenarios", `${name}.yaml`), "utf8"));
const asJson = (v: unknown) => JSON.parse(JSON.stringify(v));

let t: TestApp;
beforeAll(async () => {
  t = await testApp({ threads: 1 });
});
afterAll(() => t.close());

describe("POST /v1/calibrations", () => {
  const match = [{ metric: "fund.loss_ratio.mean", value: 0.5, tolerance: 0.05 }];
  const free = [{ path: "fund.lifecycle.stages.poc.advance", low: 0.1, high: 0.9 }];

  it("stores calibrate's result", async () => {
    const body = { scenario: "yuhang-2b", paths: 40, seed: 3, match, free, max_evaluations: 4 };
    const res = await t.app.inject({ method: "POST", url: "/v1/calibrations", payload: body });
    expect(res.statusCode, res.body).toBe(202);
    const job = await waitForJob(injectGetter(t.app), res.json().id);
    expect(job.status, JSON.stringify(job.error)).toBe("done");
    const stored = (await t.app.inject({ url: `/v1/runs/${res.json().id}/result` })).json();
    const direct = await calibrate(shipped("yuhang-2b"), free, match, { paths: 40, seed: 3, maxEvaluations: 4 });
    expect(stored).toEqual(asJson(direct));
    expect(stored.free[0].path).toBe("fund.lifecycle.stages.poc.advance");
  }, 60_000);

  it.each([
    ["an unknown free path", { match, free: [{ path: "fund.nope" }] }, "free[0]"],
    ["an unknown target metric", { match: [{ metric: "fund.nope.mean", value: 1 }], free }, "match[0]"],
    ["no target", { match: [], free }, "match"],
  ])("%s is a 400 naming the field", async (_what, extra, issue) => {
    const res = await t.app.inject({
      method: "POST",
      url: "/v1/calibrations",
      payload: { scenario: "yuhang-2b", paths: 10, ...extra },
    });
    expect(res.statusCode, res.body).toBe(400);
    const e = expectErrorShape(res.json());
    expect(e.issues.map((i) => i.path).join(" ")).toContain(issue);
  });
});
