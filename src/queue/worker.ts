/**
 * The worker side of the block queue (`gfsim worker`): takes block jobs from BullMQ, simulates them on a pool of
 * threads (so this process's event loop stays free to renew its job locks and to answer signals), stores each block
 * out of band and reports the job done. Scenarios are fetched once per content hash and checked against it; a job
 * of another gfsim version, of a caller that has gone, or past its expiry is refused or dropped, never guessed at.
 */
import { endianness } from "node:os";
import { type Job, UnrecoverableError, WaitingError, Worker } from "bullmq";
import { createBlockPool } from "../run/pool.ts";
import { type LoadedScenario, validateScenario } from "../scenario/load.ts";
import { VERSION } from "../version.ts";
import type { QueueConfig } from "./config.ts";
import { checkReachable, openRedis } from "./connection.ts";
import {
  BLOCK_TTL_MS,
  type BlockJobData,
  type BlockJobResult,
  BULL_PREFIX,
  blockKey,
  callerKey,
  encodeBlock,
  scenarioKey,
} from "./protocol.ts";

export interface QueueWorkerOptions {
  /** Blocks simulated at once, one thread each (default 1). */
  concurrency?: number;
  /** Lock of a running job; a worker that stops renewing it is taken as dead after this long (default 30 s). */
  lockDurationMs?: number;
  /** How often this worker looks for stalled jobs of dead workers (default 30 s). */
  stalledIntervalMs?: number;
  /** One line per event (started, block done, stopping); never contains the password. */
  log?: (line: string) => void;
}

export interface QueueWorker {
  /** Blocks simulated so far. */
  readonly completed: number;
  /**
   * Stops taking jobs. Graceful: running blocks finish and are delivered. `release`: running blocks are put back
   * on the queue at once for another worker (their results here are discarded).
   */
  close(opts?: { release?: boolean }): Promise<void>;
}

const SCENARIO_CACHE = 16;

export async function startQueueWorker(config: QueueConfig, opts: QueueWorkerOptions = {}): Promise<QueueWorker> {
  if (endianness() !== "LE") throw new Error("gfsim workers need a little-endian machine (blocks are raw doubles)");
  await checkReachable(config);
  const log = opts.log ?? (() => {});
  const concurrency = Math.max(1, Math.floor(opts.concurrency ?? 1));
  const redis = openRedis(config, { blocking: true });
  redis.on("error", () => {});
  const pool = createBlockPool({ threads: concurrency });
  const scenarios = new Map<string, LoadedScenario>();
  const releasing = new AbortController();
  let completed = 0;

  async function scenarioFor(hash: string): Promise<LoadedScenario> {
    const cached = scenarios.get(hash);
    if (cached) return cached;
    const text = await redis.get(scenarioKey(config, hash));
    if (text === null) throw new Error(`scenario ${hash} is not stored in the queue (expired?)`);
    const loaded = validateScenario(JSON.parse(text));
    if (loaded.hash !== hash)
      throw new UnrecoverableError(`scenario ${hash} validates to hash ${loaded.hash} on this worker`);
    if (scenarios.size >= SCENARIO_CACHE) scenarios.delete(scenarios.keys().next().value!);
    scenarios.set(hash, loaded);
    return loaded;
  }

  const processor = async (job: Job<BlockJobData, BlockJobResult>, token?: string): Promise<BlockJobResult> => {
    const d = job.data;
    const what = `block ${d.start}–${d.end} of scenario ${d.hash}, seed ${d.seed}`;
    if (d.version !== VERSION)
      throw new UnrecoverableError(`this worker runs gfsim ${VERSION}, the caller ${d.version}; run one version`);
    if (Date.now() > d.expiresAt) {
      log(`dropped ${what}: expired`);
      return { skipped: "expired" };
    }
    if ((await redis.exists(callerKey(config, d.caller))) === 0) {
      log(`dropped ${what}: its caller has gone`);
      return { skipped: "caller gone" };
    }
    const loaded = await scenarioFor(d.hash);
    const t0 = performance.now();
    let onRelease = () => {};
    const released = new Promise<"released">((resolve) => {
      onRelease = () => resolve("released");
      if (releasing.signal.aborted) onRelease();
      releasing.signal.addEventListener("abort", onRelease, { once: true });
    });
    const block = await Promise.race([pool.run(loaded, d.seed, d.start, d.end), released]).finally(() =>
      releasing.signal.removeEventListener("abort", onRelease),
    );
    if (block === "released") {
      await job.moveToWait(token);
      log(`released ${what}`);
      throw new WaitingError();
    }
    const bytes = encodeBlock(block);
    await redis.set(blockKey(config, job.id!), bytes, "PX", BLOCK_TTL_MS);
    completed++;
    log(`ran ${what} in ${Math.round(performance.now() - t0)} ms (${bytes.length} bytes stored)`);
    return { bytes: bytes.length };
  };

  const worker = new Worker<BlockJobData, BlockJobResult>(config.name, processor, {
    connection: redis,
    prefix: BULL_PREFIX,
    // Two blocks per thread: while a thread simulates one, this thread stores the previous block and fetches the
    // next, so the threads never wait on Redis round trips (which are slow on a busy machine).
    concurrency: 2 * concurrency,
    lockDuration: opts.lockDurationMs ?? 30_000,
    stalledInterval: opts.stalledIntervalMs ?? 30_000,
    // A block whose worker died this many times fails rather than killing worker after worker.
    maxStalledCount: 3,
    name: `gfsim-${VERSION}`,
  });
  // Connection errors repeat while Redis is away: each message once per 10 s is enough.
  const lastError = { message: "", at: 0 };
  worker.on("error", (e) => {
    const now = Date.now();
    if (e.message === lastError.message && now - lastError.at < 10_000) return;
    Object.assign(lastError, { message: e.message, at: now });
    log(`queue error: ${e.message}`);
  });
  worker.on("failed", (job, e) => {
    if (job && !(e instanceof WaitingError)) log(`block job ${job.id} failed: ${e.message}`);
  });
  worker.on("stalled", (id) => log(`block job ${id} was stalled (its worker stopped) and is queued again`));
  await worker.waitUntilReady();
  log(
    `gfsim ${VERSION} worker on queue "${config.name}" at ${config.display}, ${concurrency} thread${concurrency === 1 ? "" : "s"}`,
  );

  return {
    get completed() {
      return completed;
    },
    async close(o = {}) {
      if (o.release) releasing.abort();
      await worker.close();
      await pool.close();
      redis.disconnect();
    },
  };
}
