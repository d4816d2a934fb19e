/**
 * Scale-out through the BullMQ queue: runs and sweeps whose blocks are simulated by two `gfsim worker` processes
 * print `--json` byte-identical to the same command run in one process — also when one worker is killed mid-run
 * (its block is found stalled and re-run by the other) — and an API job computed on the workers equals the
 * in-process one. A redis-server is started on a free loopback port; the tests are skipped only when none is
 * installed (`.ci/run` installs it).
 */
import { Queue, QueueEvents } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readRawScenario, readScenario } from "../src/cli/io.ts";
import { queueConfig } from "../src/queue/config.ts";
import { openRedis } from "../src/queue/connection.ts";
import { type BlockJobData, BULL_PREFIX, blockJobId, JOB_NAME } from "../src/queue/protocol.ts";
import { openQueueRunner } from "../src/queue/runner.ts";
import { runScenario } from "../src/run/run.ts";
import { runSweep } from "../src/run/sweep.ts";
import { VERSION } from "../src/version.ts";
import { injectGetter, testApp, waitForJob } from "./api-helpers.ts";
import { findRedisServer, runCli, startRedis, startWorker, type TestRedis, type TestWorker } from "./queue-helpers.ts";

const REDIS = findRedisServer();
const SCENARIO = "chengdu-pool-100m";
const NAME = `test-${process.pid}`;
// Short locks so a killed worker's block is re-run within seconds (production default: 30 s).
const WORKER_ARGS = ["--queue-name", NAME, "--lock-duration", "2000", "--stalled-interval", "1000"];

const alive = (w: TestWorker) => w.proc.exitCode === null && w.proc.signalCode === null;
const json = (x: unknown) => `${JSON.stringify(x, null, 2)}\n`;

describe.skipIf(!REDIS)("runs on gfsim workers through the queue", () => {
  let redis: TestRedis;
  const workers: TestWorker[] = [];
  const spawnWorker = async () => {
    const w = startWorker(["--queue", redis.url, ...WORKER_ARGS]);
    workers.push(w);
    await w.waitFor(/worker on queue/);
    return w;
  };

  beforeAll(async () => {
    redis = await startRedis(REDIS!);
    await Promise.all([spawnWorker(), spawnWorker()]);
  }, 120_000);

  afterAll(async () => {
    for (const w of workers.filter(alive)) w.proc.kill("SIGKILL");
    await redis?.stop();
  });

  it("a sweep through two workers prints the same --json as in one process", async () => {
    const vary = "pool.pool=50000000,100000000,150000000";
    const local = await runSweep(
      readRawScenario(SCENARIO),
      { vary: { "pool.pool": [5e7, 1e8, 1.5e8] } },
      { paths: 1500 },
    );
    const r = await runCli([
      "sweep",
      SCENARIO,
      "--vary",
      vary,
      "--paths",
      "1500",
      "--json",
      "--queue",
      redis.url,
      "--queue-name",
      NAME,
    ]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(json(local));
    // Both workers took part.
    for (const w of workers)
      expect(
        w.lines.some((l) => / ran block /.test(l)),
        w.lines.join("\n"),
      ).toBe(true);
  }, 300_000);

  const PATHS = 40_000;
  let reference: string;
  beforeAll(async () => {
    reference = json((await runScenario(readScenario(SCENARIO), { paths: PATHS })).result);
  }, 300_000);

  it("a 40,000-path run through two workers prints the same --json as in one process", async () => {
    const r = await runCli([
      "run",
      SCENARIO,
      "--paths",
      String(PATHS),
      "--json",
      "--queue",
      redis.url,
      "--queue-name",
      NAME,
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(reference);
  }, 600_000);

  it("the same with one worker killed mid-run: its block is re-run by the other", async () => {
    const [victim, survivor] = workers.filter(alive) as [TestWorker, TestWorker];
    const before = victim.lines.length;
    const run = runCli([
      "run",
      SCENARIO,
      "--paths",
      String(PATHS),
      "--json",
      "--queue",
      redis.url,
      "--queue-name",
      NAME,
    ]);
    // Killed (no chance to clean up) as soon as it has run two blocks of this run; it is then running a third.
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (victim.lines.slice(before).filter((l) => / ran block /.test(l)).length >= 2) {
          clearInterval(timer);
          victim.proc.kill("SIGKILL");
          resolve();
        }
      }, 5);
      void victim.exited.then(() => reject(new Error("the worker exited by itself")));
    });
    const r = await run;
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(reference);
    expect(
      survivor.lines.some((l) => /was stalled/.test(l)),
      survivor.lines.join("\n"),
    ).toBe(true);
  }, 600_000);

  it("a Redis restart mid-run (the queue lost with it) is survived: blocks are submitted again", async () => {
    const paths = 6000;
    const local = json((await runScenario(readScenario(SCENARIO), { paths })).result);
    const live = workers.filter(alive);
    const before = live.map((w) => w.lines.length);
    const ran = () =>
      live.reduce((n, w, i) => n + w.lines.slice(before[i]).filter((l) => / ran block /.test(l)).length, 0);
    const run = runCli([
      "run",
      SCENARIO,
      "--paths",
      String(paths),
      "--json",
      "--queue",
      redis.url,
      "--queue-name",
      NAME,
    ]);
    while (ran() < 3) await new Promise((r) => setTimeout(r, 5));
    await redis.restart();
    const r = await run;
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(local);
  }, 300_000);

  it("an API job computed on the workers equals the in-process one", async () => {
    const body = { scenario: SCENARIO, paths: 3000, seed: 5 };
    const results: string[] = [];
    for (const queue of [undefined, queueConfig({ url: redis.url, name: NAME })]) {
      const t = await testApp({ ...(queue && { queue }) });
      try {
        const { id } = (await t.app.inject({ method: "POST", url: "/v1/runs", payload: body })).json();
        const job = await waitForJob(injectGetter(t.app), id, undefined, 120_000);
        expect(job.status, JSON.stringify(job.error)).toBe("done");
        expect(job.progress).toBe(1);
        results.push((await t.app.inject({ url: `/v1/runs/${id}/result` })).body);
      } finally {
        await t.close();
      }
    }
    expect(results[1]).toBe(results[0]);
  }, 300_000);

  it("progress reaches the caller block by block", async () => {
    const runner = await openQueueRunner(redis.config(NAME));
    const seen: number[] = [];
    try {
      await runScenario(readScenario(SCENARIO), { paths: 1000, runner, onProgress: (d) => seen.push(d) });
    } finally {
      await runner.close();
    }
    expect(seen).toEqual([0.25, 0.5, 0.75, 1]);
    expect(runner.completed).toBe(4);
  });

  /** A queue handle and an event reader from the start of the stream (so no event of the test can be missed). */
  async function queueOf(name: string) {
    const config = redis.config(name);
    const connection = openRedis(config);
    const eventsConnection = openRedis(config, { blocking: true });
    const queue = new Queue(config.name, { connection, prefix: BULL_PREFIX });
    const events = new QueueEvents(config.name, {
      connection: eventsConnection,
      prefix: BULL_PREFIX,
      lastEventId: "0-0",
    });
    await events.waitUntilReady();
    return {
      queue,
      events,
      close: async () => {
        eventsConnection.disconnect();
        await events.close();
        await queue.close();
        connection.disconnect();
      },
    };
  }
  const blockData = (caller: string): BlockJobData => ({
    version: VERSION,
    hash: "0000000000000000",
    seed: 1,
    start: 0,
    end: 10,
    caller,
    expiresAt: Date.now() + 60_000,
  });
  const OPTS = { removeOnComplete: true, removeOnFail: true };

  it("a block asked for twice is one job", async () => {
    // A queue no worker serves, so both requests meet the first job still waiting.
    const q = await queueOf(`${NAME}-idle`);
    try {
      const data = blockData("someone");
      const id = blockJobId(data);
      await q.queue.add(JOB_NAME, data, { jobId: id, ...OPTS });
      await q.queue.add(JOB_NAME, data, { jobId: id, ...OPTS });
      expect(await q.queue.getJobCounts("waiting", "active", "delayed")).toEqual({ waiting: 1, active: 0, delayed: 0 });
      await q.queue.obliterate({ force: true });
    } finally {
      await q.close();
    }
  });

  it("a block of a caller that has gone is dropped by the workers, not simulated", async () => {
    const q = await queueOf(NAME);
    try {
      const data = blockData("a-caller-that-has-gone");
      const id = blockJobId(data);
      const done = new Promise((resolve) =>
        q.events.on("completed", ({ jobId, returnvalue }) => {
          if (jobId === id) resolve(returnvalue);
        }),
      );
      await q.queue.add(JOB_NAME, data, { jobId: id, ...OPTS });
      expect(await done).toEqual({ skipped: "caller gone" });
    } finally {
      await q.close();
    }
  });

  it("a worker stops gracefully on SIGTERM", async () => {
    const live = workers.filter(alive);
    expect(live.length).toBeGreaterThan(0);
    for (const w of live) w.proc.kill("SIGTERM");
    for (const w of live) {
      expect(await w.exited).toBe(0);
      expect(w.lines.at(-1)).toMatch(/stopped after \d+ blocks?/);
    }
  });
});
