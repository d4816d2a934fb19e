/**
 * A worker thread of the API: computes one job (reports progress, writes the result file durably itself, says
 * "done") or renders one report, off the server's event loop. Errors are reported in the API's error shape.
 */
import { parentPort, workerData } from "node:worker_threads";
import { GfsimError } from "../errors.ts";
import { errorDetail } from "./http-errors.ts";
import { yieldingRunner } from "./kinds/yielding-runner.ts";
import { writeDurable } from "./store.ts";
import type { WorkerInput, WorkerMessage } from "./worker-protocol.ts";

const PROGRESS_INTERVAL_MS = 100;

function post(m: WorkerMessage): void {
  parentPort!.postMessage(m);
}

async function runJob(input: Extract<WorkerInput, { task: "job" }>): Promise<void> {
  const { EXECUTORS } = await import("./executors.ts");
  const execute = EXECUTORS[input.type];
  if (!execute) throw new GfsimError("NOT_IMPLEMENTED", `jobs of type "${input.type}" are not available in this build`);
  let last = 0;
  // With `serve --queue` the blocks go to the `gfsim worker`s; this thread only merges them.
  const queued = input.queue ? await (await import("../queue/runner.ts")).openQueueRunner(input.queue) : undefined;
  let result: unknown;
  try {
    result = await execute(input.payload, {
      onProgress: (done) => {
        const now = Date.now();
        if (now - last < PROGRESS_INTERVAL_MS && done < 1) return;
        last = now;
        post({ kind: "progress", done });
      },
      runner: queued ?? yieldingRunner,
    });
  } finally {
    await queued?.close();
  }
  await writeDurable(input.resultPath, `${JSON.stringify(result, null, 2)}\n`);
  post({ kind: "done" });
}

async function renderReport(input: Extract<WorkerInput, { task: "report" }>): Promise<void> {
  const { renderStored } = await import("./render.ts");
  const body = await renderStored(input);
  post({ kind: "report", body });
}

try {
  const input = workerData as WorkerInput;
  await (input.task === "job" ? runJob(input) : renderReport(input));
} catch (e) {
  const error =
    e instanceof GfsimError
      ? errorDetail(e)
      : {
          code: "RUN_FAILED" as const,
          message: `the run failed: ${e instanceof Error ? e.message : String(e)}`,
          issues: [],
        };
  post({ kind: "error", error });
}
