/**
 * Chooses where blocks run, for every simulating command alike: on `gfsim worker` processes through the queue at
 * `--queue` / `GFSIM_QUEUE` (any number of machines), else this thread for `--threads 1`, else this thread plus
 * `threads − 1` worker threads (default: one thread per available core). The result is the same every way; only
 * the speed differs. A command adds the flags `QUEUE_OPTION`, `QUEUE_NAME_OPTION` and calls `runnerFor(threads, flags)`.
 */
import { queueConfig } from "../queue/config.ts";
import { createBlockPool, defaultThreads } from "../run/pool.ts";
import type { BlockRunner } from "../run/run.ts";

/** The queue flags of a command (`runnerOptions`); both may be omitted (then `GFSIM_QUEUE` / `GFSIM_QUEUE_NAME`). */
export interface QueueFlags {
  queue?: string;
  queueName?: string;
}

/** The flags of a simulating command: `.option(...QUEUE_OPTION).option(...QUEUE_NAME_OPTION)`. */
export const QUEUE_OPTION = [
  "--queue <url>",
  "run blocks on gfsim workers: redis://HOST:PORT[/DB] or rediss:// (default: GFSIM_QUEUE)",
] as const;
export const QUEUE_NAME_OPTION = [
  "--queue-name <name>",
  "queue of this deployment (default: GFSIM_QUEUE_NAME, else gfsim)",
] as const;

export interface Runner {
  runner: BlockRunner;
  close: () => Promise<void>;
}

/**
 * The block runner of a command; undefined means this thread alone. With a queue, Redis is checked first: an
 * unreachable one is QUEUE_UNAVAILABLE (exit 2) before anything runs. Always `close()` the runner (in `finally`).
 */
export async function runnerFor(threads: number | undefined, flags: QueueFlags = {}): Promise<Runner | undefined> {
  const queue = queueConfig({ url: flags.queue, name: flags.queueName });
  if (queue) {
    const { openQueueRunner } = await import("../queue/runner.ts");
    const runner = await openQueueRunner(queue, {
      onNotice: (m) => process.stderr.write(`gfsim: ${m}\n`),
    });
    // Interrupted: the waiting blocks are taken off the queue at once (else workers drop them within 30 s).
    const stop = () => void runner.close().finally(() => process.exit(130));
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    return {
      runner,
      close: () => {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
        return runner.close();
      },
    };
  }
  const n = threads ?? defaultThreads();
  if (n <= 1) return undefined;
  const pool = createBlockPool({ threads: n, mainThread: true });
  return { runner: pool, close: () => pool.close() };
}
