/** Messages between the server thread and its worker threads (structured-clonable plain data only). */
import { workerEntry } from "../package-root.ts";
import type { QueueConfig } from "../queue/config.ts";
import type { DocumentFormat } from "../report/formats.ts";
import type { Lang } from "../report/i18n.ts";
import type { ErrorDetail } from "./http-errors.ts";
import type { JobType } from "./schemas.ts";

export type WorkerInput =
  | {
      task: "job";
      type: JobType;
      payload: unknown;
      /** The worker writes the result here itself, so the server's event loop never serialises a large result. */
      resultPath: string;
      /** `serve --queue`: blocks are simulated by `gfsim worker`s through this queue. */
      queue?: QueueConfig;
    }
  | {
      task: "report";
      resultPath: string;
      format: DocumentFormat;
      lang: Lang;
      /** A run's scenario as submitted (overrides applied): marks the 容错 limits, fills the XLSX Scenario sheet. */
      scenario?: unknown;
    };

export type WorkerMessage =
  | { kind: "progress"; done: number }
  | { kind: "done" }
  | { kind: "report"; body: string | Uint8Array }
  | { kind: "error"; error: ErrorDetail };

/**
 * The worker entry: `dist/api-worker.js` when the server runs compiled; on the sources (tsx, vitest) a bootstrap that
 * registers tsx in the thread and then loads `worker.ts`.
 */
export const WORKER_ENTRY = workerEntry({
  compiled: "api-worker.js",
  source: new URL("./worker-entry.mjs", import.meta.url),
});
