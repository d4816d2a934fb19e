/**
 * A `BlockRunner` that hands blocks to `gfsim worker` processes through a BullMQ queue on Redis — on this machine
 * or any other. Each block is a job with a deterministic id; the caller waits for its completion event, reads the
 * block the worker stored out of band, deletes it and hands it to `runScenario`, which merges blocks by position:
 * the result is byte-identical to a run in this process. Faults: failed blocks are retried with backoff by BullMQ, a
 * killed worker's block is found stalled and run by another, a missed event is caught by polling, and a caller that
 * dies stops heart-beating, so workers drop its remaining blocks instead of simulating them.
 */
import { randomUUID } from "node:crypto";
import { Queue, QueueEvents } from "bullmq";
import { GfsimError } from "../errors.ts";
import type { BlockRunner } from "../run/run.ts";
import type { Block } from "../run/simulate.ts";
import type { LoadedScenario } from "../scenario/load.ts";
import { VERSION } from "../version.ts";
import type { QueueConfig } from "./config.ts";
import { checkReachable, openRedis, unavailable } from "./connection.ts";
import {
  type BlockJobData,
  type BlockJobResult,
  BULL_PREFIX,
  blockJobId,
  blockKey,
  CALLER_TTL_MS,
  callerKey,
  decodeBlock,
  HEARTBEAT_MS,
  JOB_NAME,
  SCENARIO_TTL_MS,
  scenarioKey,
} from "./protocol.ts";

export interface QueueRunnerOptions {
  /** Blocks in flight at once: enough to keep every worker busy, few enough to bound Redis memory (default 32). */
  concurrency?: number;
  /** Tries of a block before the run fails (default 3), with exponential backoff from `backoffMs` (default 1000). */
  attempts?: number;
  backoffMs?: number;
  /** A block not started within this long is dropped by the workers (default 24 h). */
  maxJobAgeMs?: number;
  /** How often blocks still pending are looked up in Redis, in case an event was missed (default 5 s). */
  pollMs?: number;
  /** Told once when blocks wait and no worker is connected to the queue. */
  onNotice?: (message: string) => void;
}

export interface QueueRunner extends BlockRunner {
  /** Blocks received from workers so far. */
  readonly completed: number;
  /** Removes this caller's waiting blocks, stops its heart-beat and closes its connections. */
  close(): Promise<void>;
}

interface Pending {
  data: BlockJobData;
  resolve: (b: Block) => void;
  reject: (e: unknown) => void;
  /** Times the job was submitted again (a lost or dropped job); bounded so a fault cannot loop for ever. */
  resubmits: number;
  fetching: boolean;
}

const MAX_RESUBMITS = 5;
const NO_WORKER_NOTICE_MS = 15_000;

/** The default block size on a queue: blocks of at least 250 paths keep the per-job overhead (~1 ms) small. */
export function queueBlockSize(paths: number): number {
  return Math.min(5000, Math.max(250, Math.ceil(paths / 64)));
}

export async function openQueueRunner(config: QueueConfig, opts: QueueRunnerOptions = {}): Promise<QueueRunner> {
  await checkReachable(config);
  const caller = randomUUID();
  // Commands fail after about a minute of reconnecting (then the run fails with QUEUE_UNAVAILABLE).
  const redis = openRedis(config, { maxReconnects: 25 });
  const eventsRedis = openRedis(config, { blocking: true, maxReconnects: 25 });
  let fault: GfsimError | undefined;
  const pending = new Map<string, Pending>();
  const failAll = (e: GfsimError) => {
    fault ??= e;
    for (const [id, p] of pending) {
      pending.delete(id);
      p.reject(e);
    }
  };
  for (const r of [redis, eventsRedis]) {
    r.on("error", () => {});
    r.on("end", () => failAll(unavailable(config, new Error("the connection was lost"))));
  }

  const queue = new Queue(config.name, { connection: redis, prefix: BULL_PREFIX });
  queue.on("error", () => {});
  await redis.set(callerKey(config, caller), "1", "PX", CALLER_TTL_MS);
  // Events are read from the stream's current end, taken before any job is added, so none of ours is missed.
  const eventsKey = `${BULL_PREFIX}:${config.name}:events`;
  const last = (await redis.xrevrange(eventsKey, "+", "-", "COUNT", 1))[0]?.[0] ?? "0-0";
  const events = new QueueEvents(config.name, { connection: eventsRedis, prefix: BULL_PREFIX, lastEventId: last });
  events.on("error", () => {});
  await events.waitUntilReady();

  const attempts = opts.attempts ?? 3;
  const backoffMs = opts.backoffMs ?? 1000;
  const maxJobAgeMs = opts.maxJobAgeMs ?? 24 * 3600 * 1000;
  const scenarios = new Map<string, { json: string; stored: Promise<unknown> }>();
  let completed = 0;
  let lastProgress = Date.now();
  let noticed = false;
  let closed = false;

  const submit = async (id: string, p: Pending) => {
    p.data.expiresAt = Date.now() + maxJobAgeMs;
    await queue.add(JOB_NAME, p.data, {
      jobId: id,
      attempts,
      backoff: { type: "exponential", delay: backoffMs },
      removeOnComplete: true,
      removeOnFail: true,
    });
  };

  const resubmit = (id: string, p: Pending, why: string) => {
    if (++p.resubmits > MAX_RESUBMITS) {
      pending.delete(id);
      p.reject(
        new GfsimError("RUN_FAILED", `block ${p.data.start}–${p.data.end} was lost ${MAX_RESUBMITS} times (${why})`),
      );
      return;
    }
    // The scenario and this caller's heart-beat are stored again: both are gone when Redis restarted without
    // persistence (and lost the queue with them), and without the heart-beat workers would drop the block again.
    const json = scenarios.get(p.data.hash)?.json ?? "null";
    redis
      .multi()
      .set(scenarioKey(config, p.data.hash), json, "PX", SCENARIO_TTL_MS, "NX")
      .set(callerKey(config, caller), "1", "PX", CALLER_TTL_MS)
      .exec()
      .then(() => submit(id, p))
      .catch((e) => failAll(unavailable(config, e)));
  };

  /** Reads, deletes and decodes a finished block; submits it again when its stored copy is gone. */
  const fetch = async (id: string, why: string) => {
    const p = pending.get(id);
    if (!p || p.fetching) return;
    p.fetching = true;
    try {
      const key = blockKey(config, id);
      const [[, bytes]] = (await redis.multi().getBuffer(key).del(key).exec()) as [[unknown, Buffer | null]];
      if (!pending.has(id)) return;
      if (!bytes) {
        p.fetching = false;
        resubmit(id, p, why);
        return;
      }
      pending.delete(id);
      completed++;
      lastProgress = Date.now();
      p.resolve(decodeBlock(bytes, p.data.start, p.data.end));
    } catch (e) {
      pending.delete(id);
      p.reject(e instanceof GfsimError ? e : unavailable(config, e));
    }
  };

  events.on("completed", ({ jobId, returnvalue }) => {
    const p = pending.get(jobId);
    if (!p) return;
    const r = (typeof returnvalue === "string" ? JSON.parse(returnvalue) : returnvalue) as BlockJobResult;
    if ("skipped" in r) resubmit(jobId, p, `a worker dropped it: ${r.skipped}`);
    else void fetch(jobId, "its stored block is gone");
  });
  events.on("failed", ({ jobId, failedReason }) => {
    const p = pending.get(jobId);
    if (!p) return;
    pending.delete(jobId);
    p.reject(
      new GfsimError(
        "RUN_FAILED",
        `block ${p.data.start}–${p.data.end} of scenario ${p.data.hash} failed on the workers: ${failedReason}`,
      ),
    );
  });

  // Heart-beat (workers drop the blocks of a caller without one) and the poll for blocks whose event was missed.
  const heartbeat = setInterval(() => {
    const m = redis.multi().set(callerKey(config, caller), "1", "PX", CALLER_TTL_MS);
    for (const hash of scenarios.keys()) m.pexpire(scenarioKey(config, hash), SCENARIO_TTL_MS);
    m.exec().catch(() => {});
  }, HEARTBEAT_MS);
  heartbeat.unref();
  const poll = setInterval(() => void pollPending(), opts.pollMs ?? 5000);
  poll.unref();
  async function pollPending(): Promise<void> {
    if (pending.size === 0) return;
    try {
      for (const [id, p] of [...pending]) {
        if (p.fetching) continue;
        const state = await queue.getJobState(id);
        if (state === "unknown") await fetch(id, "its job vanished");
      }
      if (!noticed && Date.now() - lastProgress > NO_WORKER_NOTICE_MS && (await queue.getWorkersCount()) === 0) {
        noticed = true;
        opts.onNotice?.(
          `no gfsim worker is connected to queue "${config.name}" at ${config.display}; blocks wait until one starts (gfsim worker --queue …)`,
        );
      }
    } catch {
      // A transient Redis fault: the next poll tries again; a lasting one ends the connection (failAll).
    }
  }

  /** Stores the scenario once per run; every block of it waits until it is stored. */
  function publishScenario(loaded: LoadedScenario): Promise<unknown> {
    let s = scenarios.get(loaded.hash);
    if (!s) {
      const json = JSON.stringify(loaded.scenario);
      s = { json, stored: redis.set(scenarioKey(config, loaded.hash), json, "PX", SCENARIO_TTL_MS) };
      scenarios.set(loaded.hash, s);
    }
    return s.stored;
  }

  return {
    concurrency: Math.max(1, Math.floor(opts.concurrency ?? 32)),
    blockSize: queueBlockSize,
    get completed() {
      return completed;
    },
    async run(loaded, seed, start, end) {
      if (fault) throw fault;
      if (closed) throw new Error("the queue runner is closed");
      await publishScenario(loaded);
      const data: BlockJobData = { version: VERSION, hash: loaded.hash, seed, start, end, caller, expiresAt: 0 };
      const id = blockJobId(data);
      const prior = pending.get(id);
      if (prior) return new Promise<Block>((resolve, reject) => chain(prior, resolve, reject));
      return new Promise<Block>((resolve, reject) => {
        const p: Pending = { data, resolve, reject, resubmits: 0, fetching: false };
        pending.set(id, p);
        submit(id, p).catch((e) => {
          if (pending.get(id) !== p) return;
          pending.delete(id);
          reject(unavailable(config, e));
        });
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      clearInterval(poll);
      const ids = [...pending.keys()];
      failAll(new GfsimError("CANCELLED", "the run was cancelled"));
      try {
        // Waiting blocks are removed; a block already running finishes and its stored copy expires unread.
        await Promise.all(ids.map((id) => queue.remove(id).catch(() => 0)));
        await redis.del(callerKey(config, caller));
      } catch {
        // Redis is gone: the heart-beat key expires by itself.
      }
      // The event reader's connection first: closing the reader would otherwise wait out its blocking read.
      eventsRedis.disconnect();
      await events.close().catch(() => {});
      await queue.close().catch(() => {});
      redis.disconnect();
    },
  };
}

/** A second request for a block already pending (e.g. both sides of a comparison share a scenario) shares it. */
function chain(prior: Pending, resolve: (b: Block) => void, reject: (e: unknown) => void): void {
  const { resolve: r0, reject: j0 } = prior;
  prior.resolve = (b) => {
    r0(b);
    // Each caller of `run` gets its own copy: `runScenario` merges and may drop it.
    resolve({
      start: b.start,
      end: b.end,
      vehicles: b.vehicles.map((v) => ({ scalars: v.scalars.slice(), series: v.series.slice() })),
    });
  };
  prior.reject = (e) => {
    j0(e);
    reject(e);
  };
}
