/**
 * What callers and workers agree on: a job is one block of paths [start, end) of one scenario (sent once per run
 * under its content hash), its id is a function of what determines its result — so a retried or duplicated job is
 * the same job — and its output travels out of band: the worker stores the block's typed arrays, deflated, under a
 * key of the job id with an expiry, and the caller deletes it once merged. Redis keys of a deployment share the
 * queue name.
 */
import { deflateRawSync, inflateRawSync } from "node:zlib";
import type { Block } from "../run/simulate.ts";
import type { QueueConfig } from "./config.ts";

/** BullMQ's own keys are `gfsim:<queue name>:…`. */
export const BULL_PREFIX = "gfsim";

/** The data of one block job (JSON in Redis). */
export interface BlockJobData {
  /** gfsim version of the caller; a worker of another version refuses the job (results could differ). */
  version: string;
  /** Content hash of the scenario; the scenario itself is at `scenarioKey(hash)`. */
  hash: string;
  seed: number;
  start: number;
  end: number;
  /** The caller's id: a job whose caller has stopped heart-beating is dropped, not simulated. */
  caller: string;
  /** Epoch ms after which the job is dropped unstarted (a last resort against orphan work). */
  expiresAt: number;
}

/** A worker's answer (the block itself is at `blockKey(jobId)`). */
export type BlockJobResult = { bytes: number } | { skipped: "caller gone" | "expired" };

export const JOB_NAME = "block";

/** Deterministic: the same block of the same scenario, seed and version is one job, however often it is asked for. */
export function blockJobId(d: Pick<BlockJobData, "version" | "hash" | "seed" | "start" | "end">): string {
  return `${d.version}-${d.hash}-${d.seed}-${d.start}-${d.end}`;
}

const dataKey = (config: QueueConfig, kind: string, id: string) => `gfsim-data:${config.name}:${kind}:${id}`;
export const scenarioKey = (config: QueueConfig, hash: string) => dataKey(config, "scenario", hash);
export const blockKey = (config: QueueConfig, jobId: string) => dataKey(config, "block", jobId);
export const callerKey = (config: QueueConfig, caller: string) => dataKey(config, "caller", caller);

/** How long a stored block may wait for its caller to read it. */
export const BLOCK_TTL_MS = 60 * 60 * 1000;
/** A caller refreshes its heart-beat key this often; the key lives three times as long. */
export const HEARTBEAT_MS = 10_000;
export const CALLER_TTL_MS = 3 * HEARTBEAT_MS;
/** How long a scenario stays stored after the caller last touched it. */
export const SCENARIO_TTL_MS = 24 * 60 * 60 * 1000;

/** Marks the start of an encoded block: a reader of the other byte order, or of garbage, sees something else. */
const MAGIC = 7_101_973.25;

/**
 * A block as bytes: one Float64Array `[MAGIC, vehicles, (scalars length, series length) per vehicle, data…]`,
 * deflated (fast level: per-path doubles compress modestly, the zero-filled series of short-lived vehicles well).
 */
export function encodeBlock(block: Block): Buffer {
  const nv = block.vehicles.length;
  const head = 2 + 2 * nv;
  const total = head + block.vehicles.reduce((s, v) => s + v.scalars.length + v.series.length, 0);
  const out = new Float64Array(total);
  out[0] = MAGIC;
  out[1] = nv;
  let at = head;
  block.vehicles.forEach((v, i) => {
    out[2 + 2 * i] = v.scalars.length;
    out[3 + 2 * i] = v.series.length;
    out.set(v.scalars, at);
    at += v.scalars.length;
    out.set(v.series, at);
    at += v.series.length;
  });
  return deflateRawSync(new Uint8Array(out.buffer), { level: 1 });
}

/** The inverse of `encodeBlock` for the block [start, end); throws when the bytes are not such a block. */
export function decodeBlock(bytes: Buffer, start: number, end: number): Block {
  const raw = inflateRawSync(bytes);
  if (raw.byteLength % 8 !== 0) throw new Error("a stored block is corrupt (length)");
  // Copied into a fresh buffer: the inflated bytes need not be 8-byte aligned.
  const all = new Float64Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  if (all[0] !== MAGIC) throw new Error("a stored block is corrupt or from a machine of another byte order");
  const nv = all[1]!;
  let at = 2 + 2 * nv;
  const vehicles: Block["vehicles"] = [];
  for (let i = 0; i < nv; i++) {
    const ns = all[2 + 2 * i]!;
    const nr = all[3 + 2 * i]!;
    vehicles.push({ scalars: all.subarray(at, at + ns), series: all.subarray(at + ns, at + ns + nr) });
    at += ns + nr;
  }
  if (at !== all.length) throw new Error("a stored block is corrupt (lengths)");
  return { start, end, vehicles };
}
