/**
 * One scenario's measurements, run in its own process by `bench/bench.ts` so that peak RSS and JIT state belong to
 * that scenario alone. Prints one JSON line (the last line of stdout).
 *
 * - draws: the generator calls a path consumes, counted while simulating a few hundred paths, apart for the two
 *   generators: seedrandom's Alea (behind every path stream) and the per-company Weyl/fmix32 streams
 *   (`CompanyStreams`); streams seeded per path and companies seeded per path likewise.
 * - RNG-bound limit: the same seedings and draws, in a bare loop with the same generators (Alea for the path
 *   streams' share, a real `CompanyStreams` for the companies' share).
 * - paths/s inline (= `--threads 1`) and on a warm pool of N worker threads.
 * - for vehicles with the risk pool: the per-loan vs fast default sampler.
 *
 * Usage: tsx bench/measure.ts <scenario file> [--paths N] [--threads N] [--memory] [--skip-inline]
 */
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import seedrandom from "seedrandom";
import { CompanyStreams, fmix32, Stream } from "../src/engine/rng.ts";
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
  /** All generator calls per path: `aleaDrawsPerPath + companyDrawsPerPath`. */
  drawsPerPath: number;
  /** Draws from seedrandom's Alea (the path streams). */
  aleaDrawsPerPath: number;
  /** Draws from the per-company streams (`CompanyStreams`: a Weyl sequence through fmix32). */
  companyDrawsPerPath: number;
  /** Alea streams seeded per path. */
  streamsPerPath: number;
  /** Company streams seeded per path (`CompanyStreams.seed`: two hashes, no Alea). */
  companySeedsPerPath: number;
  /** Bare-loop cost of the same draws and seedings with the same generators, per path (microseconds, best of
   * several rounds). */
  rngMicrosPerPath: number;
  /** Engine cost per path on one thread (microseconds, best round of a warm engine). */
  engineMicrosPerPath: number;
  /** engineMicrosPerPath ÷ rngMicrosPerPath (target ≤ 3). */
  rngRatio: number;
  /** Standard normals a path draws (Marsaglia polar: ~1.27 draws, a log and a square root per normal). */
  normalsPerPath: number;
  /** Of these, the normals drawn from company streams. */
  companyNormalsPerPath: number;
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

/** What paths consume from each generator: totals over the counted paths, or their averages per path. */
export interface DrawCounts {
  /** Alea draws (path streams). */
  alea: number;
  /** Alea streams seeded. */
  streams: number;
  /** Normals drawn from Alea streams. */
  normals: number;
  /** Company-stream draws. */
  companyDraws: number;
  /** Company streams seeded. */
  companySeeds: number;
  /** Normals drawn from company streams. */
  companyNormals: number;
}

/** Counts generator calls, seedings and normals while `fn` runs, per generator: seedrandom.alea (which
 * `makeStream` calls) is wrapped, and so are `CompanyStreams`' seed and select (the selected stream's generator)
 * and Stream.prototype.normal. */
export function countDraws(fn: () => void): DrawCounts {
  const original = seedrandom.alea;
  const normal = Stream.prototype.normal;
  const seed = CompanyStreams.prototype.seed;
  const select = CompanyStreams.prototype.select;
  const n: DrawCounts = { alea: 0, streams: 0, normals: 0, companyDraws: 0, companySeeds: 0, companyNormals: 0 };
  const company = new WeakSet<Stream>();
  CompanyStreams.prototype.seed = function (this: CompanyStreams, c: number, key: number, deal: number) {
    n.companySeeds++;
    seed.call(this, c, key, deal);
  };
  CompanyStreams.prototype.select = function (this: CompanyStreams, c: number) {
    const s = select.call(this, c);
    if (!company.has(s)) {
      company.add(s);
      const raw = s as unknown as { prng: () => number };
      const g = raw.prng;
      raw.prng = () => {
        n.companyDraws++;
        return g();
      };
    }
    return s;
  };
  Stream.prototype.normal = function (this: Stream) {
    if (company.has(this)) n.companyNormals++;
    else n.normals++;
    return normal.call(this);
  };
  const counting = (key: string) => {
    n.streams++;
    const g = original(key);
    const f = () => {
      n.alea++;
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
    CompanyStreams.prototype.seed = seed;
    CompanyStreams.prototype.select = select;
  }
  return n;
}

/** Uniform draws left once `normals` polar normals are taken out of `draws` (a normal uses 4/π ≈ 1.27 draws). */
const uniformsLeft = (draws: number, normals: number) => Math.max(0, Math.round(draws - normals * (4 / Math.PI)));

/** Best of `rounds` timings of `loop(round)` over `paths` paths, in microseconds per path (round 0 warms the JIT). */
function bestMicros(paths: number, rounds: number, loop: (round: number) => number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r <= rounds; r++) {
    const t0 = performance.now();
    sink += loop(r);
    const ms = performance.now() - t0;
    if (r > 0) best = Math.min(best, ms);
  }
  return (best * 1000) / paths;
}

/** Company slots seeded per path, and draws and normals per company: the path's company share spread evenly. */
function companyShape(d: DrawCounts): { companies: number; draws: number; normals: number } {
  const companies = d.companyDraws > 0 ? Math.max(1, Math.round(d.companySeeds)) : 0;
  return companies
    ? { companies, draws: Math.round(d.companyDraws / companies), normals: Math.ceil(d.companyNormals / companies) }
    : { companies, draws: 0, normals: 0 };
}

/** The variate-bound cost per path: each generator's normals and the rest of its draws as uniforms, through Stream
 * (Alea streams seeded per path; one reused `CompanyStreams` seeded and selected per company, as the engines do). */
export function variateMicrosPerPath(d: DrawCounts, paths: number, rounds = 7): number {
  const streams = Math.max(1, Math.round(d.streams));
  const perStream = Math.ceil(d.normals / streams);
  const uniPerStream = Math.ceil(uniformsLeft(d.alea, d.normals) / streams);
  const co = companyShape(d);
  const coUniforms = Math.ceil(uniformsLeft(d.companyDraws, d.companyNormals) / Math.max(1, co.companies));
  const cs = new CompanyStreams();
  return bestMicros(paths, rounds, (r) => {
    let s = 0;
    for (let p = 0; p < paths; p++) {
      for (let k = 0; k < streams; k++) {
        const rng = new Stream(seedrandom.alea(`20231124:${r * paths + p}:v${k}`));
        for (let i = 0; i < perStream; i++) s += rng.normal();
        for (let i = 0; i < uniPerStream; i++) s += rng.next();
      }
      const key = fmix32(r * paths + p);
      for (let c = 0; c < co.companies; c++) {
        cs.seed(c, key, c);
        const rng = cs.select(c);
        for (let i = 0; i < co.normals; i++) s += rng.normal();
        for (let i = 0; i < coUniforms; i++) s += rng.next();
      }
    }
    return s;
  });
}

/** The RNG-bound cost per path: the same Alea seedings (keys like the engine's) and draws, and the same company
 * seedings and draws through a real `CompanyStreams`, best of `rounds`. */
export function rngMicrosPerPath(d: DrawCounts, paths: number, rounds = 7): number {
  const streams = Math.max(1, Math.round(d.streams));
  const perStream = Math.round(d.alea / streams);
  const labels = Array.from({ length: streams }, (_, k) => `v${k}`);
  const co = companyShape(d);
  const cs = new CompanyStreams();
  return bestMicros(paths, rounds, (r) => {
    let s = 0;
    for (let p = 0; p < paths; p++) {
      for (let k = 0; k < streams; k++) {
        const g = seedrandom.alea(`20231124:${r * paths + p}:${labels[k]}`);
        for (let i = 0; i < perStream; i++) s += g();
      }
      const key = fmix32(r * paths + p);
      for (let c = 0; c < co.companies; c++) {
        cs.seed(c, key, c);
        const rng = cs.select(c);
        for (let i = 0; i < co.draws; i++) s += rng.next();
      }
    }
    return s;
  });
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
  const counts = countDraws(() => simulateBlock(loaded, 1, 0, sample, buildEngines(loaded)));
  const perPath: DrawCounts = {
    alea: counts.alea / sample,
    streams: counts.streams / sample,
    normals: counts.normals / sample,
    companyDraws: counts.companyDraws / sample,
    companySeeds: counts.companySeeds / sample,
    companyNormals: counts.companyNormals / sample,
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
    drawsPerPath: perPath.alea + perPath.companyDraws,
    aleaDrawsPerPath: perPath.alea,
    companyDrawsPerPath: perPath.companyDraws,
    streamsPerPath: perPath.streams,
    companySeedsPerPath: perPath.companySeeds,
    rngMicrosPerPath: rngMicros,
    engineMicrosPerPath: engineMicros,
    rngRatio: engineMicros / rngMicros,
    normalsPerPath: perPath.normals + perPath.companyNormals,
    companyNormalsPerPath: perPath.companyNormals,
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
