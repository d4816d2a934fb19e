/**
 * `gfsim worker --queue redis://HOST:PORT[/DB]`: a long-running process that simulates blocks of paths for any
 * `gfsim … --queue` caller or `gfsim serve --queue` (docs/scale-out.md). SIGTERM or SIGINT: it takes no new block,
 * finishes the running ones and exits 0; a second signal puts the running blocks back on the queue at once and
 * exits. It logs one line per block to stderr, never the password.
 */
import type { Command } from "commander";
import { GfsimError } from "../../errors.ts";
import { queueConfig } from "../../queue/config.ts";
import { intOption } from "../io.ts";

interface WorkerFlags {
  queue?: string;
  queueName?: string;
  concurrency: string;
  lockDuration: string;
  stalledInterval: string;
  quiet?: boolean;
}

export function registerWorker(program: Command): void {
  program
    .command("worker")
    .description("simulate blocks of paths for gfsim commands run with --queue (on this or other machines)")
    .option(
      "--queue <url>",
      "redis://HOST:PORT[/DB] or rediss:// (default: GFSIM_QUEUE); password: GFSIM_QUEUE_PASSWORD",
    )
    .option("--queue-name <name>", "queue of this deployment (default: GFSIM_QUEUE_NAME, else gfsim)")
    .option("--concurrency <n>", "blocks simulated at once, one thread each (e.g. the machine's cores)", "1")
    .option("--lock-duration <ms>", "a worker silent this long is taken as dead and its block re-run", "30000")
    .option("--stalled-interval <ms>", "how often to look for blocks of dead workers", "30000")
    .option("--quiet", "log start and stop only, not every block")
    .action(async (flags: WorkerFlags) => {
      const config = queueConfig({ url: flags.queue, name: flags.queueName });
      if (!config)
        throw new GfsimError("INVALID_ARGUMENT", "gfsim worker needs --queue redis://HOST:PORT[/DB] (or GFSIM_QUEUE)", [
          { path: "--queue", message: "missing" },
        ]);
      const concurrency = intOption("--concurrency", flags.concurrency, 1, 256)!;
      const lockDurationMs = intOption("--lock-duration", flags.lockDuration, 500, 3_600_000)!;
      const stalledIntervalMs = intOption("--stalled-interval", flags.stalledInterval, 200, 3_600_000)!;
      const stamp = () => new Date().toISOString().slice(0, 19).replace("T", " ");
      const say = (line: string) => process.stderr.write(`${stamp()} gfsim worker[${process.pid}]: ${line}\n`);
      const blockLine = /^(ran|dropped|released) /;
      const log = flags.quiet ? (line: string) => (blockLine.test(line) ? undefined : say(line)) : say;
      const { startQueueWorker } = await import("../../queue/worker.ts");
      const worker = await startQueueWorker(config, { concurrency, lockDurationMs, stalledIntervalMs, log });
      await new Promise<void>((resolve) => {
        let stopping = false;
        const stop = (signal: NodeJS.Signals) => {
          if (stopping) {
            say(`${signal} again: putting running blocks back on the queue`);
            void worker.close({ release: true }).finally(resolve);
            return;
          }
          stopping = true;
          say(`${signal}: finishing running blocks, taking no new ones (send it again to hand them back)`);
          void worker.close().finally(resolve);
        };
        process.on("SIGTERM", stop);
        process.on("SIGINT", stop);
      });
      say(`stopped after ${worker.completed} block${worker.completed === 1 ? "" : "s"}`);
    });
}
