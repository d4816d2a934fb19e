/**
 * Chooses where blocks run: this thread for `--threads 1`, otherwise this thread plus `threads − 1` worker threads
 * (default: one thread per available core). The result is the same either way; only the speed differs.
 */
import { createBlockPool, defaultThreads } from "../run/pool.ts";
import type { BlockRunner } from "../run/run.ts";

export async function runnerFor(
  threads: number | undefined,
): Promise<{ runner: BlockRunner; close: () => Promise<void> } | undefined> {
  const n = threads ?? defaultThreads();
  if (n <= 1) return undefined;
  const pool = createBlockPool({ threads: n, mainThread: true });
  return { runner: pool, close: () => pool.close() };
}
