/**
 * One scenario's measurements, run in its own process by `bench/bench.ts` so that peak RSS and JIT state belong to
 * that scenario alone. Prints one JSON line (the last line of stdout).
 *
 * - draws: the generator calls a path consumes, counted by wrapping seedrandom's Alea (the generator behind every
 *   stream) while simulating a few hundred paths; streams seeded per path likewise.
 * - RNG-bound limit: the same number of streams seeded and draws made, in a bare loop with the same generator.
 * - paths/s inline (= `--threads 1`) and on a warm pool of N worker threads.
 * - for vehicles with the risk pool: the per-loan vs fast default sampler.
 *
 * Usage: tsx bench/measure.ts <scenario file> [--paths N] [--threads N] [--memory] [--skip-inline]
 */
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import seedrandom from "seedrandom";
import { CompanyStreams, Stream } from "../src/engine/rng.ts";
import type { VehicleEngine } from "../src/engine/vehicle.ts";
import { buildEngine } from "../src/engine/vehicles/index.ts";
import { RiskPoolEngine } from "../src/engine/vehicles/risk-pool.ts";
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
  drawsPerPath: number;
  streamsPerPath: number;
  /** Bare-loop cost of the same draws and seedings, per path (microseconds, best of several rounds). */
  rngMicrosPerPath: number;
  /** Engine cost per path on one thread (microseconds, best round of a warm engine). */
  engineMicrosPerPath: number;
  /** engineMicrosPerPath ÷ rngMicrosPerPath (target ≤ 3). */
  rngRatio: number;
  /** Standard normals a path draws (Marsaglia polar: ~1.27 draws, a log and a square root per normal). */
  normalsPerPath: number;
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

/** Counts generator calls, seedings and normals while `fn` runs (wraps seedrandom.alea, which `makeStream` calls,
 * the generator of `CompanyStreams`' stream, and Stream.prototype.normal). Company sub-stream draws count as draws;
 * their seeding (two hashes, no Alea) does not count as a stream. */
export function countDraws(fn: () => void): { draws: number; streams: number; normals: number } {
  const original = seedrandom.alea;
  const normal = Stream.prototype.normal;
  const select = CompanyStreams.prototype.select;
  let draws = 0;
  let streams = 0;
  let normals = 0;
  const counted = new WeakSet<Stream>();
  CompanyStreams.prototype.select = function (this: CompanyStreams, c: number) {
    const s = select.call(this, c);
    if (!counted.has(s)) {
      counted.add(s);
      const raw = s as unknown as { prng: () => number };
      const g = raw.prng;
      raw.prng = () => {
        draws++;
        return g();
      };
    }
    return s;
  };
  Stream.prototype.normal = function (this: Stream) {
    normals++;
    return normal.call(this);
  };
  const counting = (key: string) => {
    streams++;
    const g = original(key);
    const f = () => {
      draws++;
      return g();
    };
    return Object.assign(f, { int32: g.int32, double: g.double, quick: f });
  };
  (seedrandom as unknown as { alea: unknown }).alea = counting;
  try {
    fn();
  } finally {
    (seedrandom as unknown as { alea: unknown }).alea = original;
    Stream.prototype.normal = normal;
    CompanyStreams.prototype.select = select;
  }
  return { draws, streams, normals };
}

/** The variate-bound cost per path: `normals` standard normals and the rest of `draws` as uniforms, through Stream. */
export function variateMicrosPerPath(
  draws: number,
  normals: number,
  streams: number,
  paths: number,
  rounds = 7,
): number {
  // A polar normal uses 4/π ≈ 1.27 draws on average; the draws left over are plain uniforms.
  const uniforms = Math.max(0, Math.round(draws - normals * (4 / Math.PI)));
  const perStream = Math.ceil(normals / streams);
  const uniPerStream = Math.ceil(uniforms / streams);
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r <= rounds; r++) {
    const t0 = performance.now();
    let s = 0;
    for (let p = 0; p < paths; p++)
      for (let k = 0; k < streams; k++) {
        const rng = new Stream(seedrandom.alea(`20231124:${r * paths + p}:v${k}`));
        for (let i = 0; i < perStream; i++) s += rng.normal();
        for (let i = 0; i < uniPerStream; i++) s += rng.next();
      }
    sink += s;
    const ms = performance.now() - t0;
    if (r > 0) best = Math.min(best, ms);
  }
  return (best * 1000) / paths;
}

/** The RNG-bound cost per path: `streams` seedings (keys like the engine's) and `draws` draws, best of `rounds`. */
export function rngMicrosPerPath(draws: number, streams: number, paths: number, rounds = 7): number {
  const perStream = Math.round(draws / streams);
  const labels = Array.from({ length: streams }, (_, k) => `v${k}`);
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r <= rounds; r++) {
    const t0 = performance.now();
    let s = 0;
    for (let p = 0; p < paths; p++)
      for (let k = 0; k < streams; k++) {
        const g = seedrandom.alea(`20231124:${r * paths + p}:${labels[k]}`);
        for (let i = 0; i < perStream; i++) s += g();
      }
    sink += s;
    const ms = performance.now() - t0;
    if (r > 0) best = Math.min(best, ms); // round 0 warms the JIT
  }
  return (best * 1000) / paths;
}

/** Engine cost per path: best of `rounds` blocks on warm engines (one thread). */
function engineMicrosPerPath(loaded: LoadedScenario, engines: VehicleEngine[], paths: number, rounds = 7): number {
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r <= rounds; r++) {
    const t0 = performance.now();
    simulateBlock(loaded, 1, r * paths, (r + 1) * paths, engines);
    const ms = performance.now() - t0;
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
  const { draws, streams, normals } = countDraws(() => simulateBlock(loaded, 1, 0, sample, buildEngines(loaded)));
  const engines = buildEngines(loaded);
  // Blocks of ~0.1 s so that the best round is one the machine's other load left alone.
  const probe = Math.max(50, Math.min(2000, Math.round(0.1 / (engineMicrosPerPath(loaded, engines, 50, 1) * 1e-6))));
  const engineMicros = engineMicrosPerPath(loaded, engines, probe);
  const rngMicros = rngMicrosPerPath(draws / sample, streams / sample, probe);
  const variateMicros = variateMicrosPerPath(draws / sample, normals / sample, streams / sample, probe);

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
    drawsPerPath: draws / sample,
    streamsPerPath: streams / sample,
    rngMicrosPerPath: rngMicros,
    engineMicrosPerPath: engineMicros,
    rngRatio: engineMicros / rngMicros,
    normalsPerPath: normals / sample,
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

if (import.meta.url === `file://${process.argv[1]}`) {
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
