/**
 * The inline runner (this thread, engines compiled once per run, one block at a time) with a macrotask before each
 * block, so a worker's progress messages go out between blocks instead of all at the end.
 */
import { type BlockRunner, inlineRunner } from "../../run/run.ts";

export const yieldingRunner: BlockRunner = {
  concurrency: 1,
  run: async (loaded, seed, start, end) => {
    await new Promise((resolve) => setImmediate(resolve));
    return inlineRunner.run(loaded, seed, start, end);
  },
};
