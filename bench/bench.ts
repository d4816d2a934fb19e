/**
 * `npm run bench`: speed and memory of every shipped scenario — a benchmark, not a test. The measuring scripts are
 * bundled by esbuild first (like dist/), so engines run as the installed CLI runs them. For each scenario (each in
 * its own process, `bench/measure.ts`): paths/s on one thread and on N threads, the scaling ratio, peak RSS, the
 * generator steps, stream keyings and normals a path consumes, the RNG bound (the same keyings and steps as bare
 * uniforms) and the variate bound (the same normals, lognormals and uniforms with the same generator: the
 * per-thread limit) with the engine's ratio to each. Then whole processes, alternated run by run (`bench/whole.ts`):
 * chengdu-pool-100m against the NumPy peer (../shared/peers/pool_numpy.py) at 20 000 and 200 000 paths, `validate`
 * against `node -e 0`, 1 against N threads at 200 000 paths, and with `--against DIR` yuhang-2b against the gfsim
 * checkout in DIR. Then cold CLI runs, memory at growing path counts, the generator candidates, and the fast vs
 * per-loan pool sampler. Prints tables (with the load average) and writes `reports/bench.json`.
 *
 * Options: --paths N (default 20000) · --threads N (default: available cores) · --only <name> · --million (also
 * 10⁶ paths of yuhang-2b, for the 1.5 GiB bound) · --against DIR · --quick (fewer repetitions; skips the cold CLI,
 * memory and generator sections)
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import { join, resolve } from "node:path";
import { build } from "esbuild";
import { VERSION } from "../src/version.ts";
import { benchApiLatency } from "./api-latency.ts";
import { GENERATORS, type GeneratorFigures } from "./generators.ts";
import type { ScenarioFigures } from "./measure.ts";
import { type Duel, duel, median } from "./whole.ts";

const ROOT = resolve(import.meta.dirname, "..");
const argv = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const PATHS = Number(opt("--paths") ?? 20_000);
const THREADS = Number(opt("--threads") ?? availableParallelism());
const ONLY = opt("--only");
const QUICK = argv.includes("--quick");
const MILLION = argv.includes("--million");
const AGAINST = opt("--against");

/** dist/ for the CLI and its workers, and the measuring scripts bundled beside it (dist/bench-*.js). */
async function buildAll(): Promise<void> {
  const r = spawnSync(process.execPath, [join(ROOT, "scripts", "build.mjs")], { cwd: ROOT, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`build failed:\n${r.stderr}`);
  await build({
    absWorkingDir: ROOT,
    entryPoints: {
      "bench-measure": "bench/measure.ts",
      "bench-memory": "bench/memory.ts",
      "bench-generators": "bench/generators.ts",
    },
    outdir: join(ROOT, "dist"),
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    logLevel: "warning",
  });
}

/** Runs a bundled bench script in a fresh process and parses the JSON on its last stdout line. */
function child<T>(script: string, args: string[]): T {
  const r = spawnSync(process.execPath, [join(ROOT, "dist", `bench-${script.replace(/\.ts$/, ".js")}`), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 1 << 26,
    env: { ...process.env, NODE_NO_WARNINGS: "1" },
  });
  const last = r.stdout.trim().split("\n").at(-1) ?? "";
  if (r.status !== 0 || !last.startsWith("{"))
    throw new Error(`bench/${script} ${args.join(" ")} failed:\n${r.stderr}`);
  return JSON.parse(last) as T;
}

/** Wall seconds of a CLI invocation (`node bin/gfsim.js ...`), best and all of `times` runs. */
function cliSeconds(args: string[], times: number): { best: number; runs: number[] } {
  const runs: number[] = [];
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [join(ROOT, "bin", "gfsim.js"), ...args], {
      cwd: ROOT,
      encoding: "utf8",
      maxBuffer: 1 << 26,
    });
    const s = (performance.now() - t0) / 1000;
    if (r.status !== 0 && r.status !== 1) throw new Error(`gfsim ${args.join(" ")} failed: ${r.stderr}`);
    runs.push(s);
  }
  return { best: Math.min(...runs), runs };
}

const f = (x: number | undefined, d = 0) => (x === undefined || !Number.isFinite(x) ? "—" : x.toFixed(d));
const mib = (bytes: number) => bytes / (1 << 20);

function printScenarioTable(rows: ScenarioFigures[]): void {
  const head = [
    "scenario",
    "paths/s 1T",
    `paths/s ${THREADS}T`,
    "scaling",
    "peak MiB",
    "draws/path",
    "streams",
    "companies",
    "µs/path",
    "RNG µs",
    "÷RNG",
    "variates µs",
    "÷variates",
  ];
  const lines = rows.map((r) => [
    r.scenario,
    f(r.inline?.pathsPerSecond),
    f(r.pool.pathsPerSecond),
    f(r.scaling, 2),
    f(mib(r.peakRssBytes)),
    f(r.drawsPerPath),
    f(r.streamsPerPath, 1),
    f(r.companySeedsPerPath, 1),
    f(r.engineMicrosPerPath, 1),
    f(r.rngMicrosPerPath, 1),
    f(r.rngRatio, 2),
    f(r.variateMicrosPerPath, 1),
    f(r.variateRatio, 2),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  console.log(fmt(head));
  console.log(widths.map((w) => "─".repeat(w)).join("  "));
  for (const l of lines) console.log(fmt(l));
}

const started = new Date().toISOString();
const loadBefore = loadavg();
const files = readdirSync(join(ROOT, "scenarios"))
  .filter((x) => /\.(ya?ml|json)$/.test(x))
  .filter((x) => !ONLY || x.startsWith(ONLY));

await buildAll();
console.log(
  `gfsim ${VERSION} bench — ${PATHS} paths, ${THREADS} threads, ${cpus().length}× ${cpus()[0]?.model ?? "?"}, load ${loadBefore.map((x) => x.toFixed(1)).join(" ")}\n`,
);
const scenarios: ScenarioFigures[] = [];
for (const file of files) {
  process.stderr.write(`  measuring ${file} …\n`);
  scenarios.push(
    child<ScenarioFigures>("measure.ts", [
      join("scenarios", file),
      "--paths",
      String(PATHS),
      "--threads",
      String(THREADS),
    ]),
  );
}
printScenarioTable(scenarios);
for (const r of scenarios)
  if (r.poolSamplerRatio)
    console.log(
      `\n${r.scenario}: per-loan pool sampler ${f(r.poolSamplerRatio.perLoanMicrosPerPath, 1)} µs/path vs fast ${f(r.poolSamplerRatio.fastMicrosPerPath, 1)} µs/path — ratio ${f(r.poolSamplerRatio.ratio, 2)}`,
    );

const loadNow = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(" ");
const GFSIM = [process.execPath, join(ROOT, "bin", "gfsim.js")];
const runArgs = (scenario: string, paths: number, threads?: number) => [
  "run",
  `scenarios/${scenario}.yaml`,
  "--paths",
  String(paths),
  "--json",
  "--no-progress",
  "--no-fail",
  ...(threads ? ["--threads", String(threads)] : []),
];
const sides = (d: Duel) =>
  `${f(median(d.runsA.map((r) => r.wall)), 2)} s vs ${f(median(d.runsB.map((r) => r.wall)), 2)} s wall (CPU ${f(median(d.runsA.map((r) => r.cpu)), 2)} vs ${f(median(d.runsB.map((r) => r.cpu)), 2)} s)`;
const whole: Record<string, Duel> = {};

console.log("\nwhole processes, alternated run by run (medians; ratio = other ÷ gfsim, > 1: gfsim faster):");
const PEER = resolve(ROOT, "..", "shared", "peers", "pool_numpy.py");
for (const n of [20_000, 200_000]) {
  const d = duel({
    a: [...GFSIM, ...runArgs("chengdu-pool-100m", n)],
    b: ["python3", PEER, "scenarios/chengdu-pool-100m.yaml", String(n), "20151117"],
    times: QUICK ? 1 : 3,
    cwd: ROOT,
  });
  whole[`numpy peer ${n}`] = d;
  console.log(
    `  chengdu-pool-100m ${String(n).padStart(6)} paths, NumPy peer ÷ gfsim: ${f(d.wallRatio, 2)}× wall, ${f(d.cpuRatio, 2)}× CPU — ${sides(d)}; load ${loadNow()}`,
  );
}
{
  const d = duel({
    a: [process.execPath, "-e", "0"],
    b: [...GFSIM, "validate", "scenarios/yuhang-2b.yaml"],
    times: QUICK ? 3 : 7,
    cwd: ROOT,
  });
  whole["validate vs node -e 0"] = d;
  console.log(`  gfsim validate ÷ node -e 0: ${f(d.wallRatio, 2)}× wall — ${sides(d)}; load ${loadNow()}`);
}
{
  const d = duel({
    a: [...GFSIM, ...runArgs("chengdu-pool-100m", 200_000, THREADS)],
    b: [...GFSIM, ...runArgs("chengdu-pool-100m", 200_000, 1)],
    times: QUICK ? 1 : 3,
    cwd: ROOT,
  });
  whole.threads = d;
  console.log(
    `  chengdu-pool-100m 200000 paths, ${THREADS} threads vs 1: ${f(d.wallRatio, 2)}× — ${sides(d)}; load ${loadNow()}`,
  );
}
if (AGAINST) {
  const d = duel({
    a: [...GFSIM, ...runArgs("yuhang-2b", PATHS)],
    b: [process.execPath, join(resolve(AGAINST), "bin", "gfsim.js"), ...runArgs("yuhang-2b", PATHS)],
    times: QUICK ? 2 : 3,
    cwd: ROOT,
  });
  whole[`against ${AGAINST}`] = d;
  console.log(
    `  yuhang-2b ${PATHS} paths, ${AGAINST} ÷ this: ${f(d.wallRatio, 2)}× wall, ${f(d.cpuRatio, 2)}× CPU — ${sides(d)}; load ${loadNow()}`,
  );
}

const report: Record<string, unknown> = {
  version: VERSION,
  started,
  node: process.version,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model,
  availableParallelism: availableParallelism(),
  loadAverageBefore: loadBefore,
  paths: PATHS,
  threads: THREADS,
  scenarios,
  whole,
};

if (!QUICK) {
  console.log("\ncold CLI runs (node bin/gfsim.js, wall seconds incl. start-up, best of 3):");
  const cli: Record<string, unknown> = {};
  const validate = cliSeconds(["validate", "scenarios/yuhang-2b.yaml"], 5);
  cli.validate = validate;
  console.log(`  validate yuhang-2b                       ${f(validate.best, 2)} s`);
  for (const name of ["chengdu-pool-100m", "yuhang-2b"].filter((n) => files.some((x) => x.startsWith(n)))) {
    for (const threads of [1, THREADS]) {
      const r = cliSeconds(
        [
          "run",
          `scenarios/${name}.yaml`,
          "--paths",
          String(PATHS),
          "--json",
          "--no-progress",
          "--threads",
          String(threads),
        ],
        3,
      );
      cli[`run ${name} --threads ${threads}`] = r;
      console.log(`  run ${name} --paths ${PATHS} --threads ${threads}`.padEnd(44), `${f(r.best, 2)} s`);
    }
  }
  report.cli = cli;

  console.log("\nmemory (yuhang-2b, own process per run):");
  const counts = [25_000, 50_000, 100_000, 200_000, ...(MILLION ? [1_000_000] : [])];
  const memory = counts.map((n) =>
    child<{ paths: number; wall: number; peakRssBytes: number; resultArrayBytes: number }>("memory.ts", [
      "scenarios/yuhang-2b.yaml",
      String(n),
      String(THREADS),
    ]),
  );
  for (const m of memory)
    console.log(
      `  ${String(m.paths).padStart(8)} paths  peak RSS ${f(mib(m.peakRssBytes)).padStart(6)} MiB  result arrays ${f(mib(m.resultArrayBytes)).padStart(6)} MiB  ${f(m.wall, 1)} s`,
    );
  const a = memory[0]!;
  const b = memory.at(-1)!;
  const slope = (b.peakRssBytes - a.peakRssBytes) / (b.paths - a.paths);
  console.log(
    `  peak RSS grows by ${f(slope)} bytes per path (result arrays: ${f(b.resultArrayBytes / b.paths)} bytes per path)`,
  );
  report.memory = { runs: memory, rssBytesPerPath: slope, resultArrayBytesPerPath: b.resultArrayBytes / b.paths };

  // The draws a seedrandom generator serves: the company streams have their own generator.
  const draws = scenarios.find((s) => s.scenario === "yuhang-2b")?.drawsPerPath ?? 3000;
  console.log(`\ngenerator candidates (3 streams keyed + ${f(draws)} draws per path):`);
  const gens = Object.keys(GENERATORS).map((name) =>
    child<GeneratorFigures>("generators.ts", [String(Math.round(draws)), name]),
  );
  for (const g of gens)
    console.log(
      `  ${g.name.padEnd(18)} seed ${f(g.seedMicros, 3).padStart(6)} µs   draw ${f(g.drawNanos, 2).padStart(6)} ns   path ${f(g.pathMicros, 1).padStart(7)} µs`,
    );
  report.generators = gens;
}

if (!ONLY) report.apiLatency = benchApiLatency();
report.loadAverageAfter = loadavg();
mkdirSync(join(ROOT, "reports"), { recursive: true });
writeFileSync(join(ROOT, "reports", "bench.json"), `${JSON.stringify(report, null, 2)}\n`);
console.log(
  `\nload average after: ${loadavg()
    .map((x) => x.toFixed(1))
    .join(" ")} — figures written to reports/bench.json`,
);
