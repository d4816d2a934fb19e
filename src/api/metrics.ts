/**
 * `/metrics` in the Prometheus text format (prom-client), for the dashboards and alerts of whoever runs the server:
 * jobs by kind and state, queue depth, job durations and paths simulated. Everything is read from the job records
 * when Prometheus scrapes, so the job manager carries no metrics code; finished jobs are counted once, and jobs
 * already finished when the server started (recovered from the data directory) are not counted as this process's.
 */
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { JobManager } from "./manager.ts";
import { JOB_STATUSES } from "./schemas.ts";
import type { JobRecord } from "./store.ts";

/** Job durations (seconds from start to finish): from a quick validation-sized run to the default 15-minute limit. */
const DURATION_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 900];

export interface ServerMetrics {
  registry: Registry;
  /** The exposition text (what `GET /metrics` answers). */
  text(): Promise<string>;
}

const FINISHED = new Set(["done", "failed", "cancelled"]);

export function serverMetrics(manager: JobManager, opts: { threads: number; maxQueue: number }): ServerMetrics {
  const registry = new Registry();
  const seen = new Set(
    manager
      .list()
      .filter((j) => FINISHED.has(j.status))
      .map((j) => j.id),
  );

  const duration = new Histogram({
    name: "gfsim_job_duration_seconds",
    help: "Wall time of finished jobs from start to finish, by kind and final state",
    labelNames: ["type", "status"],
    buckets: DURATION_BUCKETS,
    registers: [registry],
    collect: () => observeFinished(manager.list()),
  });
  const paths = new Counter({
    name: "gfsim_paths_simulated_total",
    help: "Monte Carlo paths of jobs finished done since the server started: a run's paths, both sides of a comparison; a sweep or sizing adds its per-row / per-candidate path count once (a lower bound)",
    labelNames: ["type"],
    registers: [registry],
    collect: () => observeFinished(manager.list()),
  });
  /** Counts jobs that finished since the last scrape (each once). */
  const observeFinished = (jobs: JobRecord[]) => {
    for (const job of jobs) {
      if (!FINISHED.has(job.status) || seen.has(job.id)) continue;
      seen.add(job.id);
      if (job.started_at && job.finished_at) {
        const seconds = (Date.parse(job.finished_at) - Date.parse(job.started_at)) / 1000;
        if (Number.isFinite(seconds) && seconds >= 0) duration.observe({ type: job.type, status: job.status }, seconds);
      }
      if (job.status === "done") paths.inc({ type: job.type }, (job.summary.paths ?? 0) * evaluations(job));
    }
  };

  new Gauge({
    name: "gfsim_jobs",
    help: "Jobs known to the server (those in the data directory included), by kind and state",
    labelNames: ["type", "status"],
    registers: [registry],
    collect() {
      this.reset();
      const jobs = manager.list();
      observeFinished(jobs);
      for (const status of JOB_STATUSES) this.set({ type: "run", status }, 0);
      for (const job of jobs) this.inc({ type: job.type, status: job.status });
    },
  });
  new Gauge({
    name: "gfsim_queue_depth",
    help: "Jobs waiting for a worker thread",
    registers: [registry],
    collect() {
      this.set(manager.counts().queued);
    },
  });
  new Gauge({
    name: "gfsim_jobs_running",
    help: "Jobs being computed now",
    registers: [registry],
    collect() {
      this.set(manager.counts().running);
    },
  });
  new Gauge({
    name: "gfsim_worker_threads",
    help: "Jobs the server computes at once (--threads)",
    registers: [registry],
  }).set(opts.threads);
  new Gauge({
    name: "gfsim_queue_limit",
    help: "Jobs allowed to wait before the server answers 429 (--max-queue)",
    registers: [registry],
  }).set(opts.maxQueue);

  return { registry, text: () => registry.metrics() };
}

/** Runs of a job's path count known from its record: one for a run, two for a comparison, at least one otherwise. */
function evaluations(job: JobRecord): number {
  return job.type === "compare" ? 2 : 1;
}
