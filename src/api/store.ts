/**
 * Durable job records: `<data>/runs/<id>/job.json` (written before a job is acknowledged, rewritten on every status
 * change) and `<data>/runs/<id>/result.json` (written once, by the worker). Every write is a temporary file, fsync,
 * rename, then an fsync of the directory, so a crash leaves either the old or the new file, never half of one.
 */
import { mkdir, open, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { GfsimError } from "../errors.ts";
import type { ErrorDetail } from "./http-errors.ts";
import {
  ErrorDetail as ErrorDetailSchema,
  JOB_ID,
  JOB_STATUSES,
  JOB_TYPES,
  type JobStatus,
  type JobType,
} from "./schemas.ts";

export interface JobRecord {
  id: string;
  type: JobType;
  status: JobStatus;
  /** Identical requests share a key (see `jobKey`); a done job's result serves them all. */
  key: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  summary: { scenario: { name: string; hash: string } | null; seed: number | null; paths: number | null };
  /** What the worker needs to compute the job (validated, overrides applied). */
  payload: unknown;
  error: ErrorDetail | null;
}

const Timestamp = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "not a timestamp");

/**
 * What a job file must hold to be served. A file that is JSON but not this (a hand edit, an older version, a disk
 * fault) is skipped at start-up rather than turned into 500s on every route that lists or reads it.
 */
export const StoredJob = z.object({
  id: z.string().regex(JOB_ID),
  type: z.enum(JOB_TYPES),
  status: z.enum(JOB_STATUSES),
  key: z.string().min(1),
  created_at: Timestamp,
  started_at: Timestamp.nullable(),
  finished_at: Timestamp.nullable(),
  summary: z.object({
    scenario: z.object({ name: z.string(), hash: z.string() }).nullable(),
    seed: z.number().nullable(),
    paths: z.number().nullable(),
  }),
  payload: z.record(z.string(), z.unknown()),
  error: ErrorDetailSchema.nullable(),
});

/** A job file that was not loaded, and why (for one log line at start-up). */
export interface SkippedJob {
  file: string;
  reason: string;
}

/** `<name>.<pid>.<random>.tmp`: a write in progress, or one interrupted by a crash when that process is gone. */
const TMP_FILE = /\.(\d+)\.[0-9a-z]+\.tmp$/;

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

export const INTERRUPTED_REASON = "interrupted by server restart";

export function runsDir(dataDir: string): string {
  return join(dataDir, "runs");
}

/** The job's directory; the id is checked again here so no caller can reach outside `runs/`. */
export function jobDir(dataDir: string, id: string): string {
  if (!JOB_ID.test(id))
    throw new GfsimError("INVALID_REQUEST", "not a run id", [{ path: "id", message: "must be a lowercase UUID" }]);
  return join(runsDir(dataDir), id);
}

export function resultPath(dataDir: string, id: string): string {
  return join(jobDir(dataDir, id), "result.json");
}

async function fsyncDir(dir: string): Promise<void> {
  try {
    const h = await open(dir, "r");
    try {
      await h.sync();
    } finally {
      await h.close();
    }
  } catch {
    // Some platforms cannot open a directory; the rename is still atomic there.
  }
}

/** Atomic, durable write: temporary file in the same directory, fsync, rename, fsync of the directory. */
export async function writeDurable(path: string, data: string | Uint8Array): Promise<void> {
  const dir = join(path, "..");
  await mkdir(dir, { recursive: true });
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  const h = await open(tmp, "w");
  try {
    await h.writeFile(data);
    await h.sync();
  } finally {
    await h.close();
  }
  try {
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  await fsyncDir(dir);
}

/** Serialises writes per job so a late "running" can never overwrite an earlier-queued "done". */
export class JobStore {
  private readonly chains = new Map<string, Promise<void>>();
  constructor(readonly dataDir: string) {}

  save(job: JobRecord): Promise<void> {
    const snapshot = `${JSON.stringify(job, null, 2)}\n`;
    const prev = this.chains.get(job.id) ?? Promise.resolve();
    const next = prev.then(() => writeDurable(join(jobDir(this.dataDir, job.id), "job.json"), snapshot));
    const tail = next.catch(() => {});
    this.chains.set(job.id, tail);
    void tail.then(() => {
      if (this.chains.get(job.id) === tail) this.chains.delete(job.id);
    });
    return next;
  }

  /** Waits for every pending write (tests and shutdown). */
  async flush(): Promise<void> {
    await Promise.all([...this.chains.values()]);
  }

  /** Removes temporary files left by a writer that no longer runs (kill -9 between write and rename). */
  private async removeStaleTemporaries(dir: string): Promise<void> {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const m = TMP_FILE.exec(name);
      if (m && !processAlive(Number(m[1]))) await rm(join(dir, name), { force: true });
    }
  }

  /** A job file parsed and checked against `StoredJob`, or why not. */
  private async readJob(id: string): Promise<JobRecord | string> {
    let text: string;
    try {
      text = await readFile(join(jobDir(this.dataDir, id), "job.json"), "utf8");
    } catch (e) {
      return `unreadable (${(e as NodeJS.ErrnoException).code ?? "error"})`;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return "not valid JSON";
    }
    const r = StoredJob.safeParse(json);
    if (!r.success) {
      const i = r.error.issues[0]!;
      return `not a job record (${i.path.join(".") || "top level"}: ${i.message})`;
    }
    if (r.data.id !== id) return `its id ${r.data.id} is not its directory's name`;
    return r.data as JobRecord;
  }

  /**
   * Loads every job. Jobs left queued or running by a previous process are failed with the restart reason — unless
   * their result had already been written, in which case they are done. Job files that cannot be read or are not
   * job records — and done jobs whose result is missing — are skipped (listed nowhere; their routes answer 404) and
   * reported through `onSkip`. Stale temporary files are removed.
   */
  async recover(onSkip: (s: SkippedJob) => void = () => {}): Promise<JobRecord[]> {
    let ids: string[];
    try {
      ids = (await readdir(runsDir(this.dataDir))).filter((d) => JOB_ID.test(d));
    } catch {
      return [];
    }
    const jobs: JobRecord[] = [];
    for (const id of ids.sort()) {
      await this.removeStaleTemporaries(jobDir(this.dataDir, id));
      const file = join(jobDir(this.dataDir, id), "job.json");
      const read = await this.readJob(id);
      if (typeof read === "string") {
        onSkip({ file, reason: read });
        continue;
      }
      const job = read;
      if (job.status === "done") {
        const hasResult = await stat(resultPath(this.dataDir, id)).then(
          (st) => st.isFile(),
          () => false,
        );
        if (!hasResult) {
          onSkip({ file, reason: "the job is done but its result.json is missing" });
          continue;
        }
      }
      if (job.status === "queued" || job.status === "running") {
        const hasResult = await stat(resultPath(this.dataDir, id)).then(
          () => true,
          () => false,
        );
        job.finished_at = new Date().toISOString();
        if (hasResult) job.status = "done";
        else {
          job.status = "failed";
          job.error = { code: "INTERRUPTED", message: INTERRUPTED_REASON, issues: [] };
        }
        await this.save(job);
      }
      jobs.push(job);
    }
    return jobs;
  }
}
