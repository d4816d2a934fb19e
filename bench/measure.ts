/**
 * One scenario's measurements, run in its own process by `bench/bench.ts` so that peak RSS and JIT state belong to
 * that scenario alone. Prints one JSON line (the last line of stdout).
 *
 * - draws: the generator steps, stream seedings (company streams apart) and normals a path consumes, counted while
 *   simulating a few hundred paths.
 * - RNG bound: the same seedings and steps as bare uniforms; variate bound (the per-thread limit): the same seedings,
 *   normals and the remaining steps as uniforms, with the same generator and key derivation.
 * - paths/s inline (= `--threads 1`) and on a warm pool of N worker threads.
 * - for vehicles with the risk pool: the per-loan vs fast default sampler.
 *
 * Usage: tsx bench/measure.ts <scenario file> [--paths N] [--threads N] [--memory] [--skip-inline]
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fastExp } from "../src/engine/fast-exp.ts";
import { deriveKey, type Key } from "../src/engine/keys.ts";
import { CompanyStreams, Stream } from "../src/engine/rng.ts";
import { compile, type Sampler } from "../src/engine/sampler.ts";
import type { VehicleEngine } from "../src/engine/vehicle.ts";
import { buildEngine } from "../src/engine/vehicles/index.ts";
import { RiskPoolEngine } from "../src/engine/vehicles/risk-pool/engine.ts";
import { createBlockPool } from "../src/run/pool.ts";
import { runScenario } from "../src/run/run.ts";
import { buildEngines, simulateBlock } from "../src/run/simulate.ts";
import { type LoadedScenario, loadScenarioText } from "../src/scenario/load.ts";
import type { RiskPool } from "../src/scenario/vehicles/risk-pool.ts";

export interface Timing {
  /** Wall-clock seconds. */
  wall: number;
  /** CPU seconds of the whole process (all threads). */
  cpu: number;
}

export interface ScenarioFigures {
  scenario: string;
  paths: number;
  threads: number;
  /** Generator steps (32-bit sfc32 outputs) per path, warm-up steps of seeding excluded. */
  drawsPerPath: number;
  /** Streams keyed per path (path streams, pool sub-streams, company streams). */
  streamsPerPath: number;
  /** Of these, company streams (`CompanyStreams.seed`). */
  companySeedsPerPath: number;
  /** Bare-loop cost of the same draws and seedings with the same generators, per path (microseconds, best of
   * several rounds). */
  rngMicrosPerPath: number;
  /** Engine cost per path on one thread (microseconds, best round of a warm engine). */
  engineMicrosPerPath: number;
  /** engineMicrosPerPath ÷ rngMicrosPerPath (target ≤ 3). */
  rngRatio: number;
  /** Standard normals a path draws (ziggurat: ≈ 1.26 generator steps each). */
  normalsPerPath: number;
  /** Of these, normals turned into lognormal values. */
  lognormalsPerPath: number;
  /** Bare-loop cost of the same normals plus the remaining draws as uniforms, per path (microseconds). */
  variateMicrosPerPath: number;
  /** engineMicrosPerPath ÷ variateMicrosPerPath: the engine's cost beyond generating its normals and uniforms. */
  variateRatio: number;
  inline?: Timing & { pathsPerSecond: number };
  pool: Timing & { pathsPerSecond: number; coldStartSeconds: number };
  /** pool paths/s ÷ inline paths/s. */
  scaling?: number;
  /** Per-loan ÷ fast default sampler time, for scenarios with a risk pool. */
  poolSamplerRatio?: { fastMicrosPerPath: number; perLoanMicrosPerPath: number; ratio: number };
  /** Bytes of per-path result arrays (PathData) per path. */
  resultBytesPerPath: number;
  peakRssBytes: number;
}

let sink = 0;

function timed<T>(fn: () => T): [T, Timing] {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = fn();
  const cpu = process.cpuUsage(c0);
  return [r, { wall: (performance.now() - t0) / 1000, cpu: (cpu.user + cpu.system) / 1e6 }];
}

async function timedAsync<T>(fn: () => Promise<T>): Promise<[T, Timing]> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await fn();
  const cpu = process.cpuUsage(c0);
  return [r, { wall: (performance.now() - t0) / 1000, cpu: (cpu.user + cpu.system) / 1e6 }];
}

/** What paths consume from the generator: totals over the counted paths, or their averages per path. */
export interface DrawCounts {
  /** 32-bit generator outputs (sfc32 steps after seeding). */
  draws: number;
  /** Streams keyed (path streams, pool sub-streams and company streams alike; each seeding runs 8 warm-up steps). */
  seeds: number;
  /** Of these, company streams (`CompanyStreams.seed`). */
  companySeeds: number;
  /** Standard normals (ziggurat). */
  normals: number;
  /** Of these, normals turned into lognormal values (an exp each). */
  lognormals: number;
}

/** Counts generator steps, seedings and normals while `fn` runs, by wrapping `Stream`'s methods. */
export function countDraws(fn: () => void): DrawCounts {
  const u32 = Stream.prototype.u32;
  const seed = Stream.prototype.seed;
  const normal = Stream.prototype.normal;
  const companySeed = CompanyStreams.prototype.seed;
  const n: DrawCounts = { draws: 0, seeds: 0, companySeeds: 0, normals: 0, lognormals: 0 };
  const lognormal = Object.getPrototypeOf(compile({ dist: "lognormal", median: 1, sigma: 1 })) as Sampler;
  const lognormalSample = lognormal.sample;
  lognormal.sample = function (this: Sampler, rng: Stream) {
    n.lognormals++;
    return lognormalSample.call(this, rng);
  };
  let warming = false;
  Stream.prototype.u32 = function (this: Stream) {
    if (!warming) n.draws++;
    return u32.call(this);
  };
  Stream.prototype.seed = function (this: Stream, hi: number, lo: number) {
    n.seeds++;
    warming = true;
    try {
      return seed.call(this, hi, lo);
    } finally {
      warming = false;
    }
  };
  Stream.prototype.normal = function (this: Stream) {
    n.normals++;
    return normal.call(this);
  };
  CompanyStreams.prototype.seed = function (this: CompanyStreams, c: number, key: Key, deal: number) {
    n.companySeeds++;
    companySeed.call(this, c, key, deal);
  };
  try {
    fn();
  } finally {
    Stream.prototype.u32 = u32;
    Stream.prototype.seed = seed;
    Stream.prototype.normal = normal;
    CompanyStreams.prototype.seed = companySeed;
    lognormal.sample = lognormalSample;
  }
  return n;
}

/** A ziggurat normal takes ≈ 1.26 generator steps (1 for the value, ¼ for the layer, a few rejections). */
const STEPS_PER_NORMAL = 1.26;

/** CPU milliseconds of this process since `c0` (single-threaded sections: steadier than wall time on a busy
 * machine, where other jobs' time slices would count). */
function cpuMs(c0: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

/** Best of `rounds` CPU timings of `loop(round)` over `paths` paths, in µs per path (round 0 warms the JIT). */
function bestMicros(paths: number, rounds: number, loop: (round: number) => number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r <= rounds; r++) {
    const c0 = process.cpuUsage();
    sink += loop(r);
    const ms = cpuMs(c0);
    if (r > 0) best = Math.min(best, ms);
  }
  return (best * 1000) / paths;
}

/**
 * The variate bound per path (the per-thread limit): a bare loop with the same generator that keys the same number
 * of streams (through the same key derivation), draws the same number of ziggurat normals (those the engine turns
 * into lognormals through the same table exp) and the remaining generator steps as uniforms. The engine's cost
 * beyond it is its model work.
 */
export function variateMicrosPerPath(d: DrawCounts, paths: number, rounds = 7): number {
  const seeds = Math.max(1, Math.round(d.seeds));
  const normals = Math.round(d.normals - d.lognormals);
  const lognormals = Math.round(d.lognormals);
  const uniforms = Math.max(0, Math.round(d.draws - d.normals * STEPS_PER_NORMAL));
  const rng = new Stream();
  const root = { hi: 0x12345678, lo: 0x9abcdef0 };
  const share = (total: number, j: number) => Math.round((j * total) / seeds);
  return bestMicros(paths, rounds, (r) => {
    let s = 0;
    for (let p = 0; p < paths; p++) {
      const key = deriveKey(root, r * paths + p);
      // Draws spread over the path's streams as the engine spreads them.
      for (let j = 0; j < seeds; j++) {
        rng.seedChild(key, j);
        for (let i = share(normals, j); i < share(normals, j + 1); i++) s += rng.normal();
        for (let i = share(lognormals, j); i < share(lognormals, j + 1); i++) s += fastExp(14.7 + 0.6 * rng.normal());
        for (let i = share(uniforms, j); i < share(uniforms, j + 1); i++) s += rng.next();
      }
    }
    return s;
  });
}

/** The RNG bound per path: the same seedings and generator steps as bare uniform draws. */
export function rngMicrosPerPath(d: DrawCounts, paths: number, rounds = 7): number {
  const seeds = Math.max(1, Math.round(d.seeds));
  const perSeed = Math.round(d.draws / seeds);
  const rng = new Stream();
  const root = { hi: 0x12345678, lo: 0x9abcdef0 };
  return bestMicros(paths, rounds, (r) => {
    let s = 0;
    for (let p = 0; p < paths; p++) {
      const key = deriveKey(root, r * paths + p);
      for (let j = 0; j < seeds; j++) {
        rng.seedChild(key, j);
        for (let i = 0; i < perSeed; i++) s += rng.next();
      }
    }
    return s;
  });
}

/** Engine cost per path: best of `rounds` blocks on warm engines (one thread, CPU time). */
function engineMicrosPerPath(loaded: LoadedScenario, engines: VehicleEngine[], paths: number, rounds = 7): number {
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r <= rounds; r++) {
    const c0 = process.cpuUsage();
    simulateBlock(loaded, 1, r * paths, (r + 1) * paths, engines);
    const ms = cpuMs(c0);
    if (r > 0) best = Math.min(best, ms);
  }
  return (best * 1000) / paths;
}

function poolSamplerRatio(loaded: LoadedScenario, paths: number): ScenarioFigures["poolSamplerRatio"] {
  if (!loaded.scenario.vehicles.some((v) => v.kind === "risk_pool")) return undefined;
  const engines = (sampler: "fast" | "per_loan") =>
    loaded.byYear.map((versions) =>
      versions[0]!.kind === "risk_pool"
        ? new RiskPoolEngine(versions as RiskPool[], { sampler })
        : buildEngine(versions, loaded.scenario),
    );
  const fast = engineMicrosPerPath(loaded, engines("fast"), paths, 3);
  const perLoan = engineMicrosPerPath(loaded, engines("per_loan"), paths, 3);
  return { fastMicrosPerPath: fast, perLoanMicrosPerPath: perLoan, ratio: perLoan / fast };
}

/** The draw counts of `sample` paths, measured by this script in a fresh process (`--count N`). */
function countInChild(file: string, sample: number): DrawCounts {
  const r = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, file, "--count", String(sample)], {
    encoding: "utf8",
  });
  const last = r.stdout.trim().split("\n").at(-1) ?? "";
  if (r.status !== 0 || !last.startsWith("{")) throw new Error(`counting draws failed:\n${r.stderr}`);
  return JSON.parse(last) as DrawCounts;
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

export async function measureScenario(
  file: string,
  paths: number,
  threads: number,
  skipInline: boolean,
): Promise<ScenarioFigures> {
  const loaded = loadScenarioText(readFileSync(file, "utf8"));
  const sample = 300;
  // Counted in a child process: wrapping Stream's methods changes its prototype, which would slow every later
  // timing in this process.
  const counts = countInChild(file, sample);
  const perPath: DrawCounts = {
    draws: counts.draws / sample,
    seeds: counts.seeds / sample,
    companySeeds: counts.companySeeds / sample,
    normals: counts.normals / sample,
    lognormals: counts.lognormals / sample,
  };
  const engines = buildEngines(loaded);
  // Blocks of ~0.1 s so that the best round is one the machine's other load left alone.
  const probe = Math.max(50, Math.min(2000, Math.round(0.1 / (engineMicrosPerPath(loaded, engines, 50, 1) * 1e-6))));
  const engineMicros = engineMicrosPerPath(loaded, engines, probe);
  const rngMicros = rngMicrosPerPath(perPath, probe);
  const variateMicros = variateMicrosPerPath(perPath, probe);

  let inline: ScenarioFigures["inline"];
  let bytes = 0;
  if (!skipInline) {
    const [out, t] = await timedAsync(() => runScenario(loaded, { paths }));
    inline = { ...t, pathsPerSecond: paths / t.wall };
    bytes =
      out.data.vehicles.reduce((s, v) => s + [...v.scalars, ...v.series].reduce((a, x) => a + x.byteLength, 0), 0) /
      paths;
  }

  // As the CLI runs it: this thread plus threads − 1 workers.
  const [pool, cold] = timed(() => createBlockPool({ threads, mainThread: true }));
  const [, warm] = await timedAsync(() => runScenario(loaded, { paths: threads * 200, blockSize: 100, runner: pool }));
  const [out, t] = await timedAsync(() => runScenario(loaded, { paths, runner: pool }));
  await pool.close();
  if (!bytes)
    bytes =
      out.data.vehicles.reduce((s, v) => s + [...v.scalars, ...v.series].reduce((a, x) => a + x.byteLength, 0), 0) /
      paths;
  const pooled = { ...t, pathsPerSecond: paths / t.wall, coldStartSeconds: cold.wall + warm.wall };

  const figures: ScenarioFigures = {
    scenario: file
      .split("/")
      .pop()!
      .replace(/\.ya?ml$/, ""),
    paths,
    threads,
    drawsPerPath: perPath.draws,
    streamsPerPath: perPath.seeds,
    companySeedsPerPath: perPath.companySeeds,
    rngMicrosPerPath: rngMicros,
    engineMicrosPerPath: engineMicros,
    rngRatio: engineMicros / rngMicros,
    normalsPerPath: perPath.normals,
    lognormalsPerPath: perPath.lognormals,
    variateMicrosPerPath: variateMicros,
    variateRatio: engineMicros / variateMicros,
    pool: pooled,
    resultBytesPerPath: bytes,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  };
  if (inline) {
    figures.inline = inline;
    figures.scaling = pooled.pathsPerSecond / inline.pathsPerSecond;
  }
  const sampler = poolSamplerRatio(loaded, Math.max(20, Math.round(probe / 4)));
  if (sampler) figures.poolSamplerRatio = sampler;
  return figures;
}

if (import.meta.url === `file://${process.argv[1]}` && process.argv.includes("--count")) {
  const loaded = loadScenarioText(readFileSync(process.argv[2]!, "utf8"));
  const counts = countDraws(() => simulateBlock(loaded, 1, 0, arg("--count", 300), buildEngines(loaded)));
  process.stdout.write(`${JSON.stringify(counts)}\n`);
} else if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2]!;
  const figures = await measureScenario(
    file,
    arg("--paths", 20_000),
    arg("--threads", availableParallelism()),
    process.argv.includes("--skip-inline"),
  );
  if (sink === 0.5) process.stderr.write("");
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}
