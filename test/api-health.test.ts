/**
 * The event loop stays free while a run computes: over a real listening socket on 127.0.0.1, 200 sequential
 * `GET /v1/health` requests made while a long run is in progress all answer, and the run is still computing
 * afterwards. Their latency (p50/p99) is a figure of `npm run bench` (bench/api-latency.ts), not an assertion here:
 * it depends on the machine's load.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { type JobJson, type TestApp, testApp, waitForJob } from "./api-helpers.ts";

let t: TestApp;
let base: string;

beforeAll(async () => {
  t = await testApp({ threads: 1 });
  base = await t.app.listen({ port: 0, host: "127.0.0.1" });
});
afterAll(() => t.close());

const getJob = async (id: string) => (await (await fetch(`${base}/v1/runs/${id}`)).json()) as JobJson;

it("health answers 200 times while a long run computes", async () => {
  const res = await fetch(`${base}/v1/runs`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ scenario: "yuhang-2b", paths: 500_000, seed: 21 }),
  });
  expect(res.status).toBe(202);
  const { id } = (await res.json()) as { id: string };
  // Wait until the worker is simulating paths, not just starting.
  await waitForJob(getJob, id, (j) => j.status === "running" && j.progress > 0);

  const times: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t0 = performance.now();
    const h = await fetch(`${base}/v1/health`);
    await h.json();
    times.push(performance.now() - t0);
    expect(h.status).toBe(200);
  }
  const after = await getJob(id);
  // The measurement overlapped the computation: the run was still going (and moving) at the end.
  expect(after.status).toBe("running");
  expect(after.progress).toBeLessThan(1);
  expect(times).toHaveLength(200);
  await fetch(`${base}/v1/runs/${id}`, { method: "DELETE" });
});
