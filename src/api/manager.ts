/**
 * The job manager: every job the server knows (recovered from the data directory at start), a bounded queue, and
 * one worker thread per running job — at most `threads` at a time — so simulations never run on the event loop.
 * Cancelling or exceeding the time limit terminates the job's worker.
 */
import { randomUUID } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { Worker } from "node:worker_threads";
import { GfsimError } from "../errors.ts";
import type { QueueConfig } from "../queue/config.ts";
import type { DocumentFormat } from "../report/formats.ts";
import type { Lang } from "../report/i18n.ts";
import { errorDetail } from "./http-errors.ts";
import { runScenarioOf } from "./kinds/run.ts";
import type { Prepared } from "./kinds/types.ts";
import type { JobType } from "./schemas.ts";
import { type JobRecord, JobStore, resultPath, runsDir, type SkippedJob } from "./store.ts";
import { WORKER_ENTRY, type WorkerInput, type WorkerMessage } from "./worker-protocol.ts";

export interface ManagerOptions {
  dataDir: string;
  threads: number;
  maxQueue: number;
  timeLimitMs: number;
  /** Called with internal faults (e.g. a job file that could not be written). */
  onFault?: (err: unknown) => void;
  /** Jobs' blocks run on `gfsim worker`s through this queue; a job is refused (503) while its Redis is unreachable. */
  queue?: QueueConfig | undefined;
  /** Called once per job file skipped at start-up (malformed, or done without a result). */
  onSkip?: (skipped: SkippedJob) => void;
}

interface Active {
  worker: Worker;
  timer: NodeJS.Timeout;
  progress: number;
  startedAt: number;
}

function spawnWorker(input: WorkerInput): Worker {
  // execArgv [] so the bootstrap alone decides how TypeScript is loaded, whoever started this process.
  // A heap limit makes a runaway job's out-of-memory end its worker (a failed job), not the whole server.
  return new Worker(WORKER_ENTRY, {
    workerData: input,
    execArgv: [],
    resourceLimits: { maxOldGenerationSizeMb: 2048 },
  });
}

/** Counts free slots; `acquire` waits for one. */
class Semaphore {
  private readonly waiters: (() => void)[] = [];
  constructor(private free: number) {}
  async acquire(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return;
    }
    await new Promise<void>((r) => this.waiters.push(r));
  }
  release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.free++;
  }
}

export class JobManager {
  private readonly jobs = new Map<string, JobRecord>();
  private readonly byKey = new Map<string, string>();
  private readonly waiting: JobRecord[] = [];
  private readonly active = new Map<string, Active>();
  /** Moving average of run durations (ms), for Retry-After. */
  private avgRunMs = 10_000;
  private closing = false;
  /** False once shutdown has begun: new jobs and reports are refused while running jobs may still finish. */
  private accepting = true;
  private readonly renderers = new Set<Worker>();
  private readonly renderSlots: Semaphore;
  readonly store: JobStore;

  private constructor(private readonly opts: ManagerOptions) {
    this.store = new JobStore(opts.dataDir);
    this.renderSlots = new Semaphore(opts.threads);
  }

  /** Opens the data directory: finished jobs are served again, interrupted ones become failed. */
  static async open(opts: ManagerOptions): Promise<JobManager> {
    const m = new JobManager(opts);
    await mkdir(runsDir(opts.dataDir), { recursive: true });
    const skipped = (s: SkippedJob) => opts.onSkip?.(s);
    for (const job of await m.store.recover(skipped)) {
      m.jobs.set(job.id, job);
      if (job.status === "done") m.byKey.set(job.key, job.id);
    }
    return m;
  }

  get(id: string): JobRecord | undefined {
    return this.jobs.get(id);
  }

  /** Every job, those recovered at start included, in the order they became known. */
  list(): JobRecord[] {
    return [...this.jobs.values()];
  }

  /** The job with this id; NOT_FOUND (404) when there is none. */
  lookup(id: string): JobRecord {
    const job = this.jobs.get(id);
    if (!job) throw new GfsimError("NOT_FOUND", `no run ${id}`, [{ path: "id", message: "no such run" }]);
    return job;
  }

  /** The job with this id if it is done (its result is stored); otherwise CONFLICT (409) saying why not. */
  finished(id: string): JobRecord {
    const job = this.lookup(id);
    if (job.status === "done") return job;
    const why =
      job.status === "failed"
        ? `the run failed (${job.error?.code}: ${job.error?.message})`
        : job.status === "cancelled"
          ? "the run was cancelled"
          : `the run is ${job.status} (${Math.round(this.progress(job) * 100)}%); retry when it is done`;
    throw new GfsimError("CONFLICT", `no result: ${why}`, [{ path: "id", message: `status is ${job.status}` }]);
  }

  progress(job: JobRecord): number {
    if (job.status === "done") return 1;
    return this.active.get(job.id)?.progress ?? 0;
  }

  counts(): { queued: number; running: number } {
    return { queued: this.waiting.length, running: this.active.size };
  }

  /** Seconds a client should wait before retrying when the queue is full. */
  retryAfter(): number {
    return Math.min(600, Math.max(1, Math.ceil(this.avgRunMs / 1000 / this.opts.threads)));
  }

  /**
   * Throws unless a new job could be accepted now (SHUTTING_DOWN, or QUEUE_FULL when every thread is busy and the
   * queue is full). Routes call it before validating a request, so a full server refuses a large request cheaply.
   */
  admit(): void {
    if (!this.accepting) throw new GfsimError("SHUTTING_DOWN", "the server is shutting down; retry in a moment");
    if (this.waiting.length >= this.opts.maxQueue && this.active.size >= this.opts.threads)
      throw new GfsimError("QUEUE_FULL", `the queue is full (${this.opts.maxQueue} jobs waiting); retry later`);
  }

  /**
   * Accepts a prepared job: an identical queued, running or done job is returned instead (reused); otherwise the
   * job file is written durably and only then is the job queued and returned.
   */
  async submit(type: JobType, prepared: Prepared<unknown>): Promise<{ job: JobRecord; reused: boolean }> {
    const existing = this.byKey.get(prepared.key);
    const prior = existing ? this.jobs.get(existing) : undefined;
    if (prior && (prior.status === "done" || prior.status === "queued" || prior.status === "running"))
      return { job: prior, reused: true };
    this.admit();
    if (this.opts.queue) await (await import("../queue/connection.ts")).checkReachable(this.opts.queue);
    const job: JobRecord = {
      id: randomUUID(),
      type,
      status: "queued",
      key: prepared.key,
      created_at: new Date().toISOString(),
      started_at: null,
      finished_at: null,
      summary: prepared.summary,
      payload: prepared.payload,
      error: null,
    };
    // Indexed before the write so a concurrent identical request reuses it; undone if the write fails.
    this.jobs.set(job.id, job);
    this.byKey.set(job.key, job.id);
    this.waiting.push(job);
    try {
      await this.store.save(job);
    } catch (e) {
      this.jobs.delete(job.id);
      this.byKey.delete(job.key);
      const i = this.waiting.indexOf(job);
      if (i >= 0) this.waiting.splice(i, 1);
      throw e;
    }
    this.pump();
    return { job, reused: false };
  }

  /** Cancels a queued or running job (CONFLICT when it has already finished). */
  async cancel(id: string): Promise<JobRecord> {
    const job = this.lookup(id);
    if (job.status !== "queued" && job.status !== "running")
      throw new GfsimError("CONFLICT", `the run is already ${job.status}`, [
        { path: "id", message: `status is ${job.status}` },
      ]);
    const i = this.waiting.indexOf(job);
    if (i >= 0) this.waiting.splice(i, 1);
    await this.finish(job, "cancelled", null);
    return job;
  }

  private pump(): void {
    while (!this.closing && this.active.size < this.opts.threads && this.waiting.length > 0)
      this.start(this.waiting.shift()!);
  }

  private start(job: JobRecord): void {
    job.status = "running";
    job.started_at = new Date().toISOString();
    this.save(job);
    const input: WorkerInput = {
      task: "job",
      type: job.type,
      payload: job.payload,
      resultPath: resultPath(this.opts.dataDir, job.id),
      ...(this.opts.queue && { queue: this.opts.queue }),
    };
    const worker = spawnWorker(input);
    const timer = setTimeout(() => {
      const limit = `${Math.round(this.opts.timeLimitMs / 1000)} s`;
      void this.finish(
        job,
        "failed",
        errorDetail(new GfsimError("TIMEOUT", `the run exceeded its time limit of ${limit}`)),
      );
    }, this.opts.timeLimitMs);
    this.active.set(job.id, { worker, timer, progress: 0, startedAt: Date.now() });
    worker.on("message", (m: WorkerMessage) => {
      const a = this.active.get(job.id);
      if (!a || a.worker !== worker) return;
      if (m.kind === "progress") a.progress = Math.max(a.progress, Math.min(1, m.done));
      else if (m.kind === "done") void this.finish(job, "done", null);
      else if (m.kind === "error") void this.finish(job, "failed", m.error);
    });
    worker.on("error", (e) => {
      void this.finish(job, "failed", { code: "RUN_FAILED", message: `the run failed: ${e.message}`, issues: [] });
    });
    worker.on("exit", (code) => {
      if (this.active.get(job.id)?.worker === worker)
        void this.finish(job, "failed", {
          code: "RUN_FAILED",
          message: `the worker stopped unexpectedly (exit code ${code})`,
          issues: [],
        });
    });
  }

  private async finish(
    job: JobRecord,
    status: "done" | "failed" | "cancelled",
    error: JobRecord["error"],
  ): Promise<void> {
    if (this.closing) return;
    if (job.status !== "queued" && job.status !== "running") return;
    const a = this.active.get(job.id);
    if (a) {
      this.active.delete(job.id);
      clearTimeout(a.timer);
      if (status !== "done") void a.worker.terminate();
      else this.avgRunMs = 0.8 * this.avgRunMs + 0.2 * (Date.now() - a.startedAt);
    }
    job.status = status;
    job.error = error;
    job.finished_at = new Date().toISOString();
    if (status !== "done" && this.byKey.get(job.key) === job.id) this.byKey.delete(job.key);
    this.pump();
    await this.save(job);
  }

  private save(job: JobRecord): Promise<void> {
    return this.store.save({ ...job }).catch((e) => this.opts.onFault?.(e));
  }

  /**
   * Renders a report of a done job in a worker thread (at most `threads` renders at once; more wait their turn),
   * terminated after the time limit like a job. A run's report is given its scenario, as on the command line.
   */
  async render(job: JobRecord, format: DocumentFormat, lang: Lang): Promise<string | Uint8Array> {
    if (!this.accepting) throw new GfsimError("SHUTTING_DOWN", "the server is shutting down; retry in a moment");
    await this.renderSlots.acquire();
    try {
      const worker = spawnWorker({
        task: "report",
        resultPath: resultPath(this.opts.dataDir, job.id),
        format,
        lang,
        scenario: runScenarioOf(job),
      });
      this.renderers.add(worker);
      try {
        return await new Promise<string | Uint8Array>((resolve, reject) => {
          const timer = setTimeout(
            () => reject(new GfsimError("TIMEOUT", "rendering the report took too long")),
            this.opts.timeLimitMs,
          );
          const settle = (f: () => void) => {
            clearTimeout(timer);
            f();
          };
          worker.on("message", (m: WorkerMessage) => {
            if (m.kind === "report") settle(() => resolve(m.body));
            else if (m.kind === "error") settle(() => reject(new GfsimError(m.error.code, m.error.message)));
          });
          worker.on("error", (e) => settle(() => reject(e)));
          worker.on("exit", (code) => settle(() => reject(new Error(`report worker stopped (exit code ${code})`))));
        });
      } finally {
        this.renderers.delete(worker);
        void worker.terminate();
      }
    } finally {
      this.renderSlots.release();
    }
  }

  /** From now on every new job or report is refused with SHUTTING_DOWN (503); running jobs go on until `close`. */
  beginClose(): void {
    this.accepting = false;
  }

  /**
   * Stops every worker and accepts nothing more. Job files are left as they are: jobs still queued or running are
   * reported as interrupted by the next server that opens this data directory.
   */
  async close(): Promise<void> {
    this.beginClose();
    this.closing = true;
    const workers = [...this.active.values()];
    this.active.clear();
    this.waiting.length = 0;
    for (const a of workers) clearTimeout(a.timer);
    await Promise.all([...workers.map((a) => a.worker.terminate()), ...[...this.renderers].map((w) => w.terminate())]);
    await this.store.flush();
  }
}
