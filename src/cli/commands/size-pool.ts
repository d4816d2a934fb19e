/**
 * `gfsim size-pool` and `gfsim max-leverage` (MODEL.md §6.1): the smallest initial pool, or the largest leverage,
 * with P(pool exhausted before the horizon) ≤ alpha — bisection with common random numbers, reported with its Monte
 * Carlo band and the probability curve evaluated along the way. `--report` writes the reports of the run at the
 * answer (the scenario reduced to the pool, as the solver runs it) with the sizing section.
 */
import type { Command } from "commander";
import { GfsimError } from "../../errors.ts";
import { maxLeverage, type ScenarioInput, type SizePoolOptions, sizePool } from "../../lib/api.ts";
import { sizingReportFrom } from "../../report/model/adapters.ts";
import type { Result } from "../../run/result.ts";
import type { CurvePoint, SolveResult } from "../../run/solve.ts";
import { MAX_PATHS } from "../../scenario/schema.ts";
import { fmtMoney, table } from "../format.ts";
import { checkOutputs, intOption } from "../io.ts";
import { announce, type ReportFlags, reportOptions, reportPlan, writeCommandReports } from "../report-flags.ts";
import { QUEUE_NAME_OPTION, QUEUE_OPTION, type QueueFlags, runnerFor } from "../threads.ts";

interface SolveFlags extends ReportFlags, QueueFlags {
  vehicle?: string;
  alpha: string;
  paths?: string;
  seed?: string;
  tolerance?: string;
  set: string[];
  json?: boolean;
  threads?: string;
}

function numberOption(name: string, raw: string, lo: number, hi: number): number {
  const x = Number(raw);
  if (!(raw.trim() !== "" && x > lo && x < hi))
    throw new GfsimError("INVALID_ARGUMENT", `${name} must be a number in (${lo}, ${hi})`, [
      { path: name, message: `must be in (${lo}, ${hi})`, value: raw },
    ]);
  return x;
}

const fmtValue = (solver: SolveResult["solver"], v: number | null) =>
  v === null
    ? "—"
    : solver === "size_pool"
      ? `${fmtMoney(v)} (${Math.round(v).toLocaleString("en")} yuan)`
      : `${v.toFixed(2)}×`;

function render(r: SolveResult): string {
  const what = r.solver === "size_pool" ? "smallest initial pool" : "largest leverage";
  const lines = [
    `${r.vehicle}: ${what} with P(exhausted before the horizon) ≤ ${r.alpha}  (${r.paths} paths, seed ${r.seed}, same paths for every candidate)`,
    `answer: ${fmtValue(r.solver, r.answer)}`,
    `Monte Carlo band (95% interval of P contains alpha): ${fmtValue(r.solver, r.band.lo)} … ${fmtValue(r.solver, r.band.hi)}`,
  ];
  if (r.note) lines.push(`note: ${r.note}`);
  const rows = r.curve.map((p: CurvePoint) => [
    r.solver === "size_pool" ? fmtMoney(p.value) : p.value.toFixed(3),
    p.p.toFixed(4),
    `[${p.lo.toFixed(4)}, ${p.hi.toFixed(4)}]`,
  ]);
  lines.push("", table([r.solver === "size_pool" ? "pool" : "leverage", "P(exhausted)", "95% interval"], rows));
  return `${lines.join("\n")}\n`;
}

/**
 * The candidate run a report describes: the one at the answer; without an answer (or when the answer itself was
 * not run, e.g. leverage 0), the evaluated candidate nearest to it, or the largest one tried.
 */
export function runAtAnswer(r: SolveResult, runs: Map<number, Result>): Result | undefined {
  if (runs.size === 0) return undefined;
  const values = [...runs.keys()];
  const target = r.answer ?? Math.max(...values);
  const nearest = values.reduce((best, v) => (Math.abs(v - target) < Math.abs(best - target) ? v : best));
  return runs.get(nearest);
}

/** CSV: one line per candidate — value, estimated P(exhausted) and its Wilson 95% interval. */
export function sizingCsv(r: SolveResult): string {
  const head = r.solver === "size_pool" ? "pool" : "leverage";
  return `${[`${head},p,lo,hi,chosen`, ...r.curve.map((p) => [p.value, p.p, p.lo, p.hi, p.value === r.answer].join(","))].join("\n")}\n`;
}

function register(
  program: Command,
  name: string,
  describe: string,
  solve: (scenario: ScenarioInput, o: SizePoolOptions) => Promise<SolveResult>,
): void {
  const command = program
    .command(name)
    .description(describe)
    .argument("<scenario>", "scenario file (YAML or JSON) or shipped scenario name")
    .option("--vehicle <id>", "the risk pool (default: the scenario's only risk_pool)")
    .option("--alpha <p>", "tolerated probability that the pool is exhausted before the horizon", "0.05")
    .option("--paths <n>", "Monte Carlo paths per candidate (default: the scenario's run.paths)")
    .option("--seed <s>", "seed (default: the scenario's run.seed)")
    .option("--tolerance <r>", "relative precision of the bisection", "0.005")
    .option("--set <path=value...>", "override fields before solving", [])
    .option("--threads <n>", "worker threads (default: available cores)")
    .option(...QUEUE_OPTION)
    .option(...QUEUE_NAME_OPTION)
    .option("--json", "print the result as JSON");
  reportOptions(command, "the solver's result").action(async (file: string, flags: SolveFlags) => {
    checkOutputs(flags);
    const plan = reportPlan(flags);
    const alpha = numberOption("--alpha", flags.alpha, 0, 1);
    const tolerance = numberOption("--tolerance", flags.tolerance ?? "0.005", 0, 0.5);
    const paths = intOption("--paths", flags.paths, 1, MAX_PATHS);
    const seed = intOption("--seed", flags.seed, 0, Number.MAX_SAFE_INTEGER);
    const threads = intOption("--threads", flags.threads, 1, 256);
    const runner = await runnerFor(threads, flags);
    const runs = new Map<number, Result>();
    const progress =
      !flags.json && process.stderr.isTTY
        ? (p: CurvePoint) => process.stderr.write(`  candidate ${p.value.toPrecision(6)}: P = ${p.p.toFixed(4)}\n`)
        : undefined;
    try {
      const result = await solve(file, {
        set: flags.set,
        alpha,
        tolerance,
        ...(flags.vehicle !== undefined && { vehicle: flags.vehicle }),
        ...(paths !== undefined && { paths }),
        ...(seed !== undefined && { seed }),
        ...(runner && { runner: runner.runner }),
        ...((progress || plan) && {
          onEvaluate: (p: CurvePoint, r: Result) => {
            progress?.(p);
            if (plan) runs.set(p.value, r);
          },
        }),
      });
      process.stdout.write(flags.json ? `${JSON.stringify(result, null, 2)}\n` : render(result));
      const at = plan && runAtAnswer(result, runs);
      if (plan && at)
        announce(
          await writeCommandReports(plan, {
            result: at,
            baseName: `${at.scenario.name}-${name}-s${result.seed}-n${result.paths}`,
            extra: { sizing: sizingReportFrom(result) },
            json: result,
            csv: { suffix: "sizing", text: sizingCsv(result) },
          }),
          flags.json,
        );
    } finally {
      await runner?.close();
    }
  });
}

export function registerSizePool(program: Command): void {
  register(
    program,
    "size-pool",
    "smallest initial risk pool with P(exhausted) ≤ alpha for the lending programme (leverage limit off)",
    sizePool,
  );
}

export function registerMaxLeverage(program: Command): void {
  register(program, "max-leverage", "largest leverage with P(exhausted) ≤ alpha for the given risk pool", maxLeverage);
}
