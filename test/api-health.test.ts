/**
 * The event loop stays free while a run computes: over a real listening socket on 127.0.0.1, 200 sequential
 * `GET /v1/health` requests made while a long run is in progress answer with p99 < 50 ms.
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

it("health answers within 50 ms (p99 of 200) while a long run computes", async () => {
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
  times.sort((a, b) => a - b);
  const p50 = times[99]!;
  const p99 = times[197]!;
  const after = await getJob(id);
  // The measurement overlapped the computation: the run was still going (and moving) at the end.
  expect(after.status).toBe("running");
  expect(after.progress).toBeLessThan(1);
  expect(
    p99,
    `health latency p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${times[199]!.toFixed(1)} ms`,
  ).toBeLessThan(50);
  console.log(
    `health during a run: p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms, max ${times[199]!.toFixed(2)} ms`,
  );
  await fetch(`${base}/v1/runs/${id}`, { method: "DELETE" });
});
