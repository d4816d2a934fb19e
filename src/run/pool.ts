/**
 * A pool of worker threads that simulates blocks of paths (a `BlockRunner` for `runScenario`). Each task carries the
 * validated scenario as plain data (structured clone: a few kilobytes against a block's tens of milliseconds); a
 * worker compiles the engines once per scenario and sends the block's typed arrays back by transfer. Path i depends
 * only on (seed, i) and blocks are merged by position, so results do not depend on the thread count.
 *
 * With `mainThread: true` the calling thread is one of the `threads`: it simulates blocks itself between merging the
 * workers' results, so the run starts at once instead of after the workers' start-up (loading TypeScript and the
 * engine takes a worker about half a second), and each worker keeps a second block queued so it never waits for the
 * busy main thread.
 */
import { availableParallelism } from "node:os";
import Tinypool from "tinypool";
import type { VehicleEngine } from "../engine/vehicle.ts";
import { workerEntry } from "../package-root.ts";
import type { LoadedScenario } from "../scenario/load.ts";
import type { BlockRunner } from "./run.ts";
import { type Block, buildEngines, simulateBlock } from "./simulate.ts";
import type { BlockTask } from "./worker.ts";

export interface BlockPool extends BlockRunner {
  /** Threads simulating blocks (the calling thread included with `mainThread`). */
  readonly threads: number;
  /** Thread ids of the live workers (for tests and diagnostics). */
  threadIds(): number[];
  /** Blocks the workers have completed so far. */
  readonly completed: number;
  /** Blocks the calling thread has simulated itself (`mainThread` only). */
  readonly completedOnMain: number;
  /** Ends the worker threads (pending blocks are rejected). */
  close(): Promise<void>;
}

export interface BlockPoolOptions {
  /** Threads simulating blocks (default: available cores). */
  threads?: number;
  /** Count the calling thread as one of the threads and simulate blocks on it too (default false). */
  mainThread?: boolean;
}

/** Compiled runs start `dist/run-worker.js`; runs on the sources (tsx: tests, `npm run gfsim`) the tsx bootstrap. */
const WORKER_ENTRY = workerEntry({ compiled: "run-worker.js", source: new URL("./worker-entry.mjs", import.meta.url) });

/** The default thread count: the cores this process may use. */
export function defaultThreads(): number {
  return availableParallelism();
}

interface Job {
  task: BlockTask;
  resolve: (b: Block) => void;
  reject: (e: unknown) => void;
}

export function createBlockPool(opts: BlockPoolOptions = {}): BlockPool {
  const threads = Math.max(1, Math.floor(opts.threads ?? defaultThreads()));
  const onMain = opts.mainThread === true;
  const workers = onMain ? threads - 1 : threads;
  // Blocks queued beyond the running one only matter when the main thread may be busy simulating (and then cannot
  // hand a worker its next block): two more keep a worker busy through a main-thread block.
  const perWorker = onMain ? 3 : 1;
  const pool =
    workers > 0
      ? new Tinypool({
          filename: WORKER_ENTRY.href,
          minThreads: workers,
          maxThreads: workers,
          concurrentTasksPerWorker: perWorker,
          // Workers live as long as the pool; close() ends them.
          idleTimeout: 0,
        })
      : undefined;
  const queue: Job[] = [];
  const engines = new WeakMap<LoadedScenario, VehicleEngine[]>();
  let inFlight = 0;
  let mainBusy = false;
  let completedOnMain = 0;
  let closed = false;

  const toWorker = (job: Job) => {
    inFlight++;
    pool!.run(job.task).then(
      (block: Block) => {
        inFlight--;
        job.resolve(block);
        pump();
      },
      (e: unknown) => {
        inFlight--;
        job.reject(e);
        pump();
      },
    );
  };

  const runOnMain = () => {
    const job = queue.shift();
    if (!job || closed) {
      mainBusy = false;
      return;
    }
    try {
      const { loaded, seed, start, end } = job.task;
      let e = engines.get(loaded);
      if (!e) engines.set(loaded, (e = buildEngines(loaded)));
      job.resolve(simulateBlock(loaded, seed, start, end, e));
      completedOnMain++;
    } catch (err) {
      job.reject(err);
    }
    mainBusy = false;
    pump();
  };

  /** Hands queued blocks to free workers, and to this thread between turns of the event loop. */
  function pump(): void {
    while (pool && queue.length > 0 && inFlight < workers * perWorker) toWorker(queue.shift()!);
    if (onMain && !mainBusy && queue.length > 0) {
      mainBusy = true;
      setImmediate(runOnMain);
    }
  }

  return {
    threads,
    // Enough blocks queued that no thread waits for the next, few enough that memory stays bounded.
    concurrency: threads * 3,
    run(loaded: LoadedScenario, seed: number, start: number, end: number): Promise<Block> {
      if (closed) return Promise.reject(new Error("the block pool is closed"));
      return new Promise<Block>((resolve, reject) => {
        queue.push({ task: { loaded, seed, start, end }, resolve, reject });
        pump();
      });
    },
    threadIds: () => pool?.threads.map((w) => w.threadId) ?? [],
    get completed() {
      return pool?.completed ?? 0;
    },
    get completedOnMain() {
      return completedOnMain;
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const job of queue.splice(0)) job.reject(new Error("the block pool was closed"));
      await pool?.destroy();
    },
  };
}
