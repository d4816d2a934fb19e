/**
 * Chooses where blocks run for one call: the caller's runner, this thread for one thread, otherwise this thread plus
 * `threads − 1` worker threads, closed when the call is done. The result is the same either way; only speed differs.
 */
import { createBlockPool } from "../run/pool.ts";
import type { BlockRunner } from "../run/run.ts";

/** A runner for `threads` (undefined: this thread only), and its closing. */
export async function runnerFor(
  threads: number | undefined,
): Promise<{ runner: BlockRunner; close: () => Promise<void> } | undefined> {
  if (threads === undefined || threads <= 1) return undefined;
  const pool = createBlockPool({ threads, mainThread: true });
  return { runner: pool, close: () => pool.close() };
}

/** Calls `f` with the runner the options ask for, and closes a pool it started. */
export async function withRunner<T>(
  opts: { runner?: BlockRunner; threads?: number },
  f: (runner: BlockRunner | undefined) => Promise<T>,
): Promise<T> {
  if (opts.runner) return f(opts.runner);
  const pool = await runnerFor(opts.threads);
  try {
    return await f(pool?.runner);
  } finally {
    await pool?.close();
  }
}
