/**
 * The contract of a job kind (run, sweep, compare, size-pool): its request schema, a `prepare` that validates a
 * request completely on the main thread (so bad input is a 400, never a failed job), and an `execute` that computes
 * the result in a worker thread from the prepared payload. Adding a kind is one module and one line in `index.ts`.
 */
import type { z } from "zod";
import type { BlockRunner } from "../../run/run.ts";
import type { JobType } from "../schemas.ts";
import type { JobRecord } from "../store.ts";

export interface JobContext {
  maxPaths: number;
  /** Raw object of a shipped scenario by name (SCENARIO_NOT_FOUND otherwise). */
  readShipped(name: string): Promise<unknown>;
}

export interface ExecuteContext {
  /** Share of the work done, 0..1. */
  onProgress(done: number): void;
  /** Where blocks run: this worker thread (`yieldingRunner`), or `gfsim worker`s with `serve --queue`. */
  runner: BlockRunner;
}

export interface Prepared<P> {
  /** Identical requests have the same key (include the program version and every input of the result). */
  key: string;
  summary: JobRecord["summary"];
  /** Structured-clonable; stored in job.json and handed to the worker. */
  payload: P;
}

export interface JobKind<B = unknown, P = unknown> {
  type: JobType;
  /** The POST route that submits it, e.g. `/v1/runs`. */
  route: string;
  summary: string;
  body: z.ZodType<B>;
  prepare(body: B, ctx: JobContext): Promise<Prepared<P>>;
}
