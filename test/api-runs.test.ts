/**
 * Runs as jobs: the HTTP result equals `gfsim run --json`, the job file is on disk before 202, identical requests
 * reuse the stored result, cancelling, the time limit, the bounded queue (429 + Retry-After) and reports.
 */
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseText } from "../src/scenario/load.ts";
import { cliArgs, expectErrorShape, injectGetter, ROOT, type TestApp, testApp, waitForJob } from "./api-helpers.ts";
import { ISO_TIMESTAMP } from "./helpers.ts";

const post = (payload: unknown) => ({
  method: "POST" as const,
  url: "/v1/runs",
  payload: payload as Record<string, unknown>,
});
/** ~0.2 ms a path on one core: long enough to stay running for many seconds, cancelled or killed by every test. */
const LONG = { scenario: "yuhang-2b", paths: 500_000, seed: 3 };

function cliRunJson(...args: string[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      cliArgs("run", ...args),
      { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        // Exit 1 means a target failed; the JSON is printed all the same.
        if (err && err.code !== 1) reject(new Error(`gfsim run failed: ${stderr}`));
        else resolve(JSON.parse(stdout));
      },
    );
  });
}

describe("a run over HTTP", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp({ threads: 2 });
  });
  afterAll(() => t.close());

  it("returns the same result JSON as `gfsim run --json` (same scenario, seed, paths)", async () => {
    const [cli, res] = await Promise.all([
      cliRunJson("yuhang-2b", "--json", "--paths", "200", "--seed", "7", "--no-progress"),
      t.app.inject(post({ scenario: "yuhang-2b", paths: 200, seed: 7 })),
    ]);
    expect(res.statusCode).toBe(202);
    const { id, status } = res.json();
    expect(["queued", "running"]).toContain(status);
    // Durable before the answer: the job file exists as soon as 202 is received.
    const jobFile = join(t.dir, "runs", id, "job.json");
    expect(existsSync(jobFile)).toBe(true);
    expect(JSON.parse(readFileSync(jobFile, "utf8"))).toMatchObject({
      id,
      type: "run",
      summary: { seed: 7, paths: 200 },
    });
    expect(res.headers.location).toBe(`/v1/runs/${id}`);

    const job = await waitForJob(injectGetter(t.app), id);
    expect(job).toMatchObject({
      status: "done",
      progress: 1,
      error: null,
      seed: 7,
      paths: 200,
      scenario: { name: "yuhang-2b" },
    });
    expect(job.run_ms).toBeGreaterThan(0);
    const result = await t.app.inject({ url: `/v1/runs/${id}/result` });
    expect(result.statusCode).toBe(200);
    expect(result.headers["content-type"]).toMatch(/^application\/json/);
    expect(result.json()).toEqual(cli);
    expect((cli as { paths: number }).paths).toBe(200);
  });

  it("identical requests are served from the stored result; the two override forms are the same request", async () => {
    const first = (
      await t.app.inject(post({ scenario: "yuhang-2b", paths: 100, seed: 11, set: { "fund.reserves": 0.2 } }))
    ).json();
    expect(first.reused).toBe(false);
    await waitForJob(injectGetter(t.app), first.id);
    const again = await t.app.inject(post({ scenario: "yuhang-2b", paths: 100, seed: 11, set: ["fund.reserves=0.2"] }));
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ id: first.id, status: "done", reused: true });
    // The inline form of the same content is the same request too (the hash is of content, not of how it came).
    const inline = parseText(readFileSync(join(ROOT, "scenarios/yuhang-2b.yaml"), "utf8")) as {
      vehicles: { reserves: number }[];
    };
    inline.vehicles[0]!.reserves = 0.2;
    expect((await t.app.inject(post({ scenario: inline, paths: 100, seed: 11 }))).json().id).toBe(first.id);
    // Another seed is another job.
    const other = (
      await t.app.inject(post({ scenario: "yuhang-2b", paths: 100, seed: 12, set: ["fund.reserves=0.2"] }))
    ).json();
    expect(other.reused).toBe(false);
    expect(other.id).not.toBe(first.id);
    await waitForJob(injectGetter(t.app), other.id);
  });

  it("reports: every format renders, with its content type", async () => {
    const { id } = (await t.app.inject(post({ scenario: "yuhang-2b", paths: 100, seed: 5 }))).json();
    await waitForJob(injectGetter(t.app), id);
    const cases = [
      { q: "format=html&lang=en", type: /^text\/html/, check: (b: Buffer) => expect(b.toString()).toMatch(/<html/i) },
      {
        q: "format=md&lang=zh",
        type: /^text\/markdown/,
        check: (b: Buffer) => expect(b.toString()).toMatch(/yuhang-2b/),
      },
      {
        q: "format=csv",
        type: /^text\/csv/,
        check: (b: Buffer) => expect(b.toString().split("\n").length).toBeGreaterThan(2),
      },
      // XLSX is a zip: "PK\x03\x04".
      {
        q: "format=xlsx",
        type: /spreadsheetml/,
        check: (b: Buffer) => expect(b.subarray(0, 4).toString("hex")).toBe("504b0304"),
      },
    ];
    for (const c of cases) {
      const res = await t.app.inject({ url: `/v1/runs/${id}/report?${c.q}` });
      expect(res.statusCode, `${c.q}: ${res.body.slice(0, 300)}`).toBe(200);
      expect(res.headers["content-type"]).toMatch(c.type);
      c.check(res.rawPayload);
    }
  });
});

describe("cancelling, limits and the queue", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp({ threads: 1, maxQueue: 1 });
  });
  afterAll(() => t.close());

  it("a full queue answers 429 with Retry-After; queued and running runs can be cancelled", async () => {
    const get = injectGetter(t.app);
    const running = (await t.app.inject(post(LONG))).json();
    const queued = (await t.app.inject(post({ ...LONG, seed: 4 }))).json();
    expect(queued.status).toBe("queued");
    const full = await t.app.inject(post({ ...LONG, seed: 5 }));
    expect(full.statusCode).toBe(429);
    expect(expectErrorShape(full.json()).code).toBe("QUEUE_FULL");
    expect(Number(full.headers["retry-after"])).toBeGreaterThanOrEqual(1);

    // Progress is reported while the worker computes.
    const moving = await waitForJob(get, running.id, (j) => j.status === "running" && j.progress > 0);
    expect(moving.progress).toBeLessThan(1);

    const cq = await t.app.inject({ method: "DELETE", url: `/v1/runs/${queued.id}` });
    expect(cq.statusCode).toBe(200);
    expect(cq.json()).toMatchObject({ status: "cancelled", started_at: null });
    const cr = await t.app.inject({ method: "DELETE", url: `/v1/runs/${running.id}` });
    expect(cr.json()).toMatchObject({ status: "cancelled" });
    // The running job had started: a real timestamp, not merely "not null" (a missing field passes that).
    expect(cr.json().started_at).toMatch(ISO_TIMESTAMP);
    expect(Date.parse(cr.json().started_at)).toBeGreaterThanOrEqual(Date.parse(cr.json().created_at));

    // Cancelled is final: no result, no second cancel; the job file says so too.
    const noResult = await t.app.inject({ url: `/v1/runs/${running.id}/result` });
    expect(noResult.statusCode).toBe(409);
    expect(expectErrorShape(noResult.json()).code).toBe("CONFLICT");
    const again = await t.app.inject({ method: "DELETE", url: `/v1/runs/${running.id}` });
    expect(again.statusCode).toBe(409);
    await waitForJob(
      async () => JSON.parse(readFileSync(join(t.dir, "runs", running.id, "job.json"), "utf8")),
      running.id,
      (j) => j.status === "cancelled",
    );

    // A cancelled request is not reused: submitting it again makes a new job.
    const fresh = (await t.app.inject(post(LONG))).json();
    expect(fresh).toMatchObject({ reused: false, status: "running" });
    expect(fresh.id).not.toBe(running.id);
    await t.app.inject({ method: "DELETE", url: `/v1/runs/${fresh.id}` });
    expect((await t.app.inject({ url: "/v1/health" })).json().queue).toMatchObject({ queued: 0, running: 0 });
  });
});

describe("the time limit", () => {
  it("terminates a run that exceeds it and reports TIMEOUT", async () => {
    const t = await testApp({ threads: 1, timeLimitMs: 1500 });
    try {
      const { id } = (await t.app.inject(post(LONG))).json();
      const job = await waitForJob(injectGetter(t.app), id, undefined, 20_000);
      expect(job.status).toBe("failed");
      expect(job.error).toMatchObject({ code: "TIMEOUT" });
      expect(job.error!.message).toMatch(/exceeded its time limit of 2 s/); // 1.5 s, rounded
      expect((await t.app.inject({ url: "/v1/health" })).json().queue.running).toBe(0);
      const res = await t.app.inject({ url: `/v1/runs/${id}/result` });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.message).toMatch(/TIMEOUT/);
    } finally {
      await t.close();
    }
  });
});
