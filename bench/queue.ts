/**
 * `npm run bench:queue`: throughput of a large sweep whose blocks run on 1, 2, 3 … `gfsim worker` processes (one
 * thread each) through a BullMQ queue on a throw-away redis-server, against the same sweep in this process on one
 * thread — a benchmark, not a test. Every configuration must give the same sweep JSON (checked); the figures are
 * wall-clock seconds, paths per second and the speed-up over one worker. Workers are started and warmed up (threads
 * spawned, engines compiled) before the clock starts, as a deployment's long-running workers would be.
 *
 * Options: --paths N per row (default 20000) · --values a,b,… of pool.pool (default 6 values) · --workers 1,2,3 ·
 * --scenario NAME (default chengdu-pool-100m) · --skip-local. Writes `reports/bench-queue.json`.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import { join, resolve } from "node:path";
import { readRawScenario, readScenario } from "../src/cli/io.ts";
import { openQueueRunner } from "../src/queue/runner.ts";
import { runScenario } from "../src/run/run.ts";
import { runSweep } from "../src/run/sweep.ts";
import { VERSION } from "../src/version.ts";
import { findRedisServer, startRedis, startWorker, type TestWorker } from "../test/queue-helpers.ts";

const ROOT = resolve(import.meta.dirname, "..");
const argv = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const PATHS = Number(opt("--paths") ?? 20_000);
const SCENARIO = opt("--scenario") ?? "chengdu-pool-100m";
const VALUES = (opt("--values") ?? "50000000,75000000,100000000,125000000,150000000,200000000").split(",").map(Number);
const WORKERS = (opt("--workers") ?? "1,2,3").split(",").map(Number);
const SPEC = { vary: { "pool.pool": VALUES } };

const digest = (x: unknown) => createHash("sha256").update(JSON.stringify(x)).digest("hex").slice(0, 16);

/** CPU seconds (user + system, all threads) a process has used so far, from /proc (Linux). */
function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}
const ownCpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

interface Row {
  setup: string;
  workers: number;
  seconds: number;
  /** CPU seconds: simulating (the worker processes, or this process in process), the caller, Redis. */
  cpu: { workers: number; caller: number; redis: number };
  paths_per_s: number;
  speedup_vs_1_worker: number | null;
  result: string;
}

async function main(): Promise<void> {
  const bin = findRedisServer();
  if (!bin) throw new Error("redis-server is not installed (apt-get install redis-server)");
  const redis = await startRedis(bin);
  const raw = readRawScenario(SCENARIO);
  const total = PATHS * VALUES.length;
  const rows: Row[] = [];
  const log = (s: string) => process.stderr.write(`${s}\n`);
  log(`sweep of ${SCENARIO}: ${VALUES.length} rows × ${PATHS} paths; load average ${loadavg()[0]!.toFixed(1)}`);
  try {
    if (!argv.includes("--skip-local")) {
      const t0 = performance.now();
      const c0 = ownCpu();
      const r = await runSweep(raw, SPEC, { paths: PATHS });
      const seconds = (performance.now() - t0) / 1000;
      rows.push({
        cpu: { workers: ownCpu() - c0, caller: 0, redis: 0 },
        setup: "in process, 1 thread",
        workers: 0,
        seconds,
        paths_per_s: total / seconds,
        speedup_vs_1_worker: null,
        result: digest(r),
      });
      log(`  in process: ${seconds.toFixed(1)} s`);
    }
    for (const n of WORKERS) {
      const name = `bench-${process.pid}-${n}`;
      const workers: TestWorker[] = [];
      for (let i = 0; i < n; i++) workers.push(startWorker(["--queue", redis.url, "--queue-name", name, "--quiet"]));
      await Promise.all(workers.map((w) => w.waitFor(/worker on queue/)));
      const runner = await openQueueRunner(redis.config(name));
      try {
        // Warm-up: every worker's thread started and the engines compiled (2 blocks per worker).
        await runScenario(readScenario(SCENARIO), { paths: 500 * 2 * n, blockSize: 500, runner });
        const cpuOf = () => ({
          workers: workers.reduce((t, w) => t + cpuSeconds(w.proc.pid), 0),
          caller: ownCpu(),
          redis: cpuSeconds(redis.pid()),
        });
        const t0 = performance.now();
        const c0 = cpuOf();
        const r = await runSweep(raw, SPEC, { paths: PATHS, runner });
        const seconds = (performance.now() - t0) / 1000;
        const c1 = cpuOf();
        rows.push({
          cpu: { workers: c1.workers - c0.workers, caller: c1.caller - c0.caller, redis: c1.redis - c0.redis },
          setup: `${n} worker process${n === 1 ? "" : "es"}`,
          workers: n,
          seconds,
          paths_per_s: total / seconds,
          speedup_vs_1_worker: null,
          result: digest(r),
        });
        log(`  ${n} worker(s): ${seconds.toFixed(1)} s; load average ${loadavg()[0]!.toFixed(1)}`);
      } finally {
        await runner.close();
        for (const w of workers) w.proc.kill("SIGTERM");
        await Promise.all(workers.map((w) => w.exited));
      }
    }
  } finally {
    await redis.stop();
  }
  const one = rows.find((r) => r.workers === 1);
  for (const r of rows) if (one && r.workers > 0) r.speedup_vs_1_worker = one.seconds / r.seconds;
  const same = new Set(rows.map((r) => r.result)).size === 1;
  const local = rows.find((r) => r.workers === 0);
  const lines = [
    `gfsim ${VERSION} — queue bench: sweep of ${SCENARIO}, ${VALUES.length} rows × ${PATHS} paths (${total} paths), ${cpus().length} cores (${availableParallelism()} available), load average now ${loadavg()[0]!.toFixed(1)}`,
    "",
    "| setup | seconds | paths/s | speed-up vs 1 worker | CPU s: simulating | caller | Redis | CPU vs in process |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...rows.map(
      (r) =>
        `| ${r.setup} | ${r.seconds.toFixed(1)} | ${Math.round(r.paths_per_s)} | ${r.speedup_vs_1_worker === null ? "—" : `${r.speedup_vs_1_worker.toFixed(2)}×`} | ${r.cpu.workers.toFixed(1)} | ${r.cpu.caller.toFixed(1)} | ${r.cpu.redis.toFixed(1)} | ${local ? `${((r.cpu.workers + r.cpu.caller + r.cpu.redis) / local.cpu.workers).toFixed(2)}×` : "—"} |`,
    ),
    "",
    same ? "every setup gave the same sweep JSON" : "RESULTS DIFFER between setups",
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  mkdirSync(join(ROOT, "reports"), { recursive: true });
  writeFileSync(
    join(ROOT, "reports", "bench-queue.json"),
    `${JSON.stringify({ version: VERSION, scenario: SCENARIO, rows: VALUES.length, paths: PATHS, loadavg: loadavg(), results: rows, identical: same }, null, 2)}\n`,
  );
  if (!same) process.exitCode = 1;
}

await main();
