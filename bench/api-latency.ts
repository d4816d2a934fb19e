/**
 * API latency while the server is busy: GET /v1/health over a real socket on 127.0.0.1, p50/p99 of sequential
 * requests (1) while a long run computes in a worker thread and (2) while, on top of it, a 1000-row sweep is
 * validated on the event loop. Run by `npm run bench` in a process of its own (`benchApiLatency`); the figures are
 * measurements, never test assertions, since they depend on the machine's load.
 */
import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export interface ApiLatency {
  duringRun: { requests: number; p50Ms: number; p99Ms: number; maxMs: number };
  duringSweepValidation: { requests: number; p50Ms: number; p99Ms: number; maxMs: number; sweepPostMs: number };
}

const q = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
const stats = (times: number[]) => {
  const s = [...times].sort((a, b) => a - b);
  return { requests: s.length, p50Ms: q(s, 0.5), p99Ms: q(s, 0.99), maxMs: s.at(-1)! };
};

async function timedGet(url: string): Promise<number> {
  const t0 = performance.now();
  const r = await fetch(url);
  await r.arrayBuffer();
  if (r.status !== 200) throw new Error(`GET ${url}: ${r.status}`);
  return performance.now() - t0;
}

async function measure(): Promise<ApiLatency> {
  const { buildApp } = await import("../src/api/app.ts");
  const dir = await mkdtemp(join(tmpdir(), "gfsim-bench-api-"));
  const app = await buildApp({ dataDir: dir, token: "", threads: 1, logger: false });
  try {
    const base = await app.listen({ port: 0, host: "127.0.0.1" });
    const post = (path: string, body: unknown) =>
      fetch(`${base}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const run = (await (await post("/v1/runs", { scenario: "yuhang-2b", paths: 1_000_000, seed: 21 })).json()) as {
      id: string;
    };
    for (;;) {
      const j = (await (await fetch(`${base}/v1/runs/${run.id}`)).json()) as { status: string; progress: number };
      if (j.status === "running" && j.progress > 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const duringRun: number[] = [];
    for (let i = 0; i < 200; i++) duringRun.push(await timedGet(`${base}/v1/health`));

    let sweepDone = false;
    const t0 = performance.now();
    const sweep = post("/v1/sweeps", {
      scenario: "yuhang-2b",
      paths: 100,
      seed: 1,
      sweep: { vary: { "fund.reserves": { from: 0, to: 0.999, step: 0.001 } } },
    }).then(async (r) => {
      sweepDone = true;
      if (r.status !== 202) throw new Error(`sweep: ${r.status} ${await r.text()}`);
      return performance.now() - t0;
    });
    const duringSweep: number[] = [];
    while (!sweepDone || duringSweep.length < 200) duringSweep.push(await timedGet(`${base}/v1/health`));
    const sweepPostMs = await sweep;
    return { duringRun: stats(duringRun), duringSweepValidation: { ...stats(duringSweep), sweepPostMs } };
  } finally {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Measures in a fresh process (its own event loop and worker threads) and prints the figures. */
export function benchApiLatency(): ApiLatency {
  const root = resolve(import.meta.dirname, "..");
  const r = spawnSync(process.execPath, ["--import", "tsx", join(root, "bench", "api-latency.ts"), "--child"], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, NODE_NO_WARNINGS: "1", GFSIM_API_TOKEN: "" },
  });
  const last = r.stdout.trim().split("\n").at(-1) ?? "";
  if (r.status !== 0 || !last.startsWith("{")) throw new Error(`bench/api-latency.ts failed:\n${r.stderr}`);
  const f = JSON.parse(last) as ApiLatency;
  const line = (s: { requests: number; p50Ms: number; p99Ms: number; maxMs: number }) =>
    `p50 ${s.p50Ms.toFixed(1)} ms  p99 ${s.p99Ms.toFixed(1)} ms  max ${s.maxMs.toFixed(1)} ms  (${s.requests} requests)`;
  console.log("\nAPI latency, GET /v1/health over 127.0.0.1:");
  console.log(`  while a 1,000,000-path run computes          ${line(f.duringRun)}`);
  console.log(`  ... and a 1000-row sweep is validated        ${line(f.duringSweepValidation)}`);
  console.log(`  the sweep's POST answered 202 after ${(f.duringSweepValidation.sweepPostMs / 1000).toFixed(2)} s`);
  return f;
}

if (process.argv.includes("--child")) console.log(JSON.stringify(await measure()));
else if (import.meta.url === `file://${process.argv[1]}`) benchApiLatency();
