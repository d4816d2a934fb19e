/**
 * Durability across a crash: a real `gfsim serve` process is killed with SIGKILL while a run computes; the server
 * started again on the same data directory still serves the completed result byte for byte, and reports the
 * interrupted run as failed with the reason "interrupted by server restart".
 */
import { afterAll, expect, it } from "vitest";
import { type JobJson, type ServerProcess, startServer, tempDir, waitForJob } from "./api-helpers.ts";
import { ISO_TIMESTAMP } from "./helpers.ts";

const servers: ServerProcess[] = [];
let removeData: (() => Promise<void>) | undefined;
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await removeData?.();
});

async function submit(base: string, body: unknown): Promise<string> {
  const res = await fetch(`${base}/v1/runs`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(202);
  return ((await res.json()) as { id: string }).id;
}

it("completed results survive SIGKILL; the interrupted run is failed with the reason", async () => {
  const data = await tempDir("gfsim-restart-");
  removeData = data.remove;
  const first = await startServer(data.dir, ["--threads", "1"]);
  servers.push(first);
  const get = (base: string) => async (id: string) => (await (await fetch(`${base}/v1/runs/${id}`)).json()) as JobJson;

  const doneId = await submit(first.url, { scenario: "yuhang-2b", paths: 100, seed: 1 });
  await waitForJob(get(first.url), doneId);
  const before = await (await fetch(`${first.url}/v1/runs/${doneId}/result`)).text();
  expect(JSON.parse(before).paths).toBe(100);

  const longId = await submit(first.url, { scenario: "yuhang-2b", paths: 500_000, seed: 2 });
  const queuedId = await submit(first.url, { scenario: "yuhang-2b", paths: 500_000, seed: 3 });
  await waitForJob(get(first.url), longId, (j) => j.status === "running" && j.progress > 0);
  first.child.kill("SIGKILL");
  await first.stop();
  expect(first.child.signalCode).toBe("SIGKILL");

  const second = await startServer(data.dir, ["--threads", "1"]);
  servers.push(second);
  const done = await get(second.url)(doneId);
  expect(done).toMatchObject({ status: "done", progress: 1, error: null });
  const after = await (await fetch(`${second.url}/v1/runs/${doneId}/result`)).text();
  expect(after).toBe(before);

  for (const id of [longId, queuedId]) {
    const job = await get(second.url)(id);
    expect(job.status).toBe("failed");
    expect(job.error).toEqual({ code: "INTERRUPTED", message: "interrupted by server restart", issues: [] });
    // Set when the restarted server marked it failed: a real timestamp, not merely "not null" (undefined passes that).
    expect(job.finished_at).toMatch(ISO_TIMESTAMP);
    expect(job.created_at).toMatch(ISO_TIMESTAMP);
    expect(Date.parse(job.finished_at as string)).toBeGreaterThanOrEqual(Date.parse(job.created_at as string));
  }
  // The identical request is still served from the stored result after the restart.
  const again = await fetch(`${second.url}/v1/runs`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ scenario: "yuhang-2b", paths: 100, seed: 1 }),
  });
  expect(again.status).toBe(200);
  expect(await again.json()).toEqual({ id: doneId, status: "done", reused: true });
});
