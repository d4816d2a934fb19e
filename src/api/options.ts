/**
 * Server options and their defaults. Limits live here so the app, the job queue, the docs and the tests agree on one
 * set of numbers.
 */
import { availableParallelism } from "node:os";
import type { QueueConfig } from "../queue/config.ts";
import { SHIPPED_SCENARIOS_DIR } from "../scenario/shipped.ts";

/** pino's levels; `info` includes one line per request. */
export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface ApiOptions {
  /** Directory holding `runs/<id>/job.json` and `result.json`; created when missing. */
  dataDir: string;
  /** Jobs computed at the same time, one worker thread each (default: cores − 1, at least 1). */
  threads?: number;
  /** Jobs allowed to wait for a thread; one more is answered 429 (default 100). */
  maxQueue?: number;
  /** Largest path count a job may ask for (default 1,000,000). */
  maxPaths?: number;
  /** Largest request body in bytes (default 1 MiB). */
  bodyLimit?: number;
  /** Wall-clock limit of one job once it runs; the worker is terminated after it (default 15 minutes). */
  timeLimitMs?: number;
  /** Bearer token required on every endpoint. Undefined: `GFSIM_API_TOKEN` if set; "" disables. */
  token?: string;
  /**
   * Host names served besides loopback when no token is set (e.g. a reverse proxy's name). Undefined:
   * `GFSIM_ALLOWED_HOSTS` (comma-separated) if set. With a token every host is served.
   */
  allowedHosts?: string[];
  /** Where shipped scenarios are looked up (default: the repository's `scenarios/`). */
  scenariosDir?: string;
  /**
   * A request whose line, headers and body have not all arrived within this many ms is answered 408 and its
   * connection closed (default 30 s), so a slow or stalled client cannot hold a socket.
   */
  requestTimeoutMs?: number;
  /** Fastify logging (default off; `gfsim serve` turns it on). */
  logger?: boolean;
  /** With `logger`: the least severe level logged; at `info` each request is one line (default `warn`). */
  logLevel?: LogLevel;
  /** Jobs' blocks go to `gfsim worker`s through this queue (`serve --queue`); default: computed in this process. */
  queue?: QueueConfig;
}

export type ResolvedOptions = Required<Omit<ApiOptions, "token" | "queue">> & {
  token: string;
  queue: QueueConfig | undefined;
};

export const DEFAULTS = {
  maxQueue: 100,
  maxPaths: 1_000_000,
  bodyLimit: 1024 * 1024,
  timeLimitMs: 15 * 60 * 1000,
  requestTimeoutMs: 30_000,
} as const;

export function defaultThreads(): number {
  return Math.max(1, availableParallelism() - 1);
}

/** A comma-separated list (`--allowed-hosts`, `GFSIM_ALLOWED_HOSTS`), blanks dropped. */
export function splitList(text: string | undefined): string[] {
  return (text ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export function resolveOptions(opts: ApiOptions): ResolvedOptions {
  return {
    dataDir: opts.dataDir,
    threads: opts.threads ?? defaultThreads(),
    maxQueue: opts.maxQueue ?? DEFAULTS.maxQueue,
    maxPaths: opts.maxPaths ?? DEFAULTS.maxPaths,
    bodyLimit: opts.bodyLimit ?? DEFAULTS.bodyLimit,
    timeLimitMs: opts.timeLimitMs ?? DEFAULTS.timeLimitMs,
    requestTimeoutMs: opts.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs,
    token: opts.token ?? process.env.GFSIM_API_TOKEN ?? "",
    allowedHosts: opts.allowedHosts ?? splitList(process.env.GFSIM_ALLOWED_HOSTS),
    scenariosDir: opts.scenariosDir ?? SHIPPED_SCENARIOS_DIR,
    logger: opts.logger ?? false,
    logLevel: opts.logLevel ?? "warn",
    queue: opts.queue,
  };
}
