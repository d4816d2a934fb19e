/**
 * Redis connections for the block queue. BullMQ's ESM build cannot load ioredis itself, so every connection is an
 * ioredis client made here from a `QueueConfig`. A worker's connections reconnect for ever (it should ride out a
 * Redis restart); a caller first checks that Redis answers, so an unreachable queue is a clear error at once
 * (exit 2 / HTTP 503) rather than a hang.
 */
import { Redis, type RedisOptions } from "ioredis";
import { GfsimError } from "../errors.ts";
import type { QueueConfig } from "./config.ts";

export interface ConnectionOptions {
  /** BullMQ workers and event readers block on Redis: their commands must not give up after a few retries. */
  blocking?: boolean;
  /** Reconnect at most this many times before commands fail (default: for ever). */
  maxReconnects?: number;
}

function baseOptions(config: QueueConfig): Omit<RedisOptions, "replyMapping"> {
  return {
    host: config.host,
    port: config.port,
    db: config.db,
    ...(config.username !== undefined && { username: config.username }),
    ...(config.password !== undefined && { password: config.password }),
    // rediss://: TLS with the system's CAs (NODE_EXTRA_CA_CERTS adds a private CA).
    ...(config.tls && { tls: { servername: config.host } }),
    connectionName: `gfsim-${config.name}`,
    connectTimeout: 5000,
  };
}

export function openRedis(config: QueueConfig, opts: ConnectionOptions = {}): Redis {
  const max = opts.maxReconnects ?? Number.POSITIVE_INFINITY;
  return new Redis({
    ...baseOptions(config),
    maxRetriesPerRequest: opts.blocking ? null : 5,
    retryStrategy: (times) => (times > max ? null : Math.min(200 * times, 5000)),
  });
}

/** Why a connection failed, without anything secret (ioredis messages name host and port, never the password). */
function reason(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.replace(/\s+/g, " ").slice(0, 200);
}

export function unavailable(config: QueueConfig, e: unknown): GfsimError {
  return new GfsimError(
    "QUEUE_UNAVAILABLE",
    `the job queue's Redis at ${config.display} cannot be reached (${reason(e)})`,
    [{ path: "--queue", message: "start Redis or check the URL, password (GFSIM_QUEUE_PASSWORD) and TLS (rediss://)" }],
  );
}

/** Connects once (no retries) and PINGs; QUEUE_UNAVAILABLE when Redis does not answer within `timeoutMs`. */
export async function checkReachable(config: QueueConfig, timeoutMs = 5000): Promise<void> {
  const client = new Redis({
    ...baseOptions(config),
    connectTimeout: timeoutMs,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  // Errors are reported through the promises below; without a listener ioredis would print them.
  client.on("error", () => {});
  try {
    await client.connect();
    await client.ping();
  } catch (e) {
    throw unavailable(config, e);
  } finally {
    client.disconnect();
  }
}
