/**
 * `gfsim calibrate SCENARIO --match 'vc.tvpi.p50=1.67' --free 'vc.lifecycle.stages.*.advance' [--free 'P=LO..HI']`
 * (MODEL.md §11): fits the free parameters with common random numbers, prints targets against achieved values with
 * their standard errors, writes the scenario with the fitted values (`--out`, comments of the file kept, a header
 * comment naming the targets), and exits 1 when a target is missed beyond its tolerance and error, 2 on bad input.
 */
import { existsSync, readFileSync } from "node:fs";
import type { Command } from "commander";
import { parseDocument } from "yaml";
import { GfsimError } from "../../errors.ts";
import { type CalibrateResult, calibrate } from "../../run/calibrate.ts";
import { parseFree, parseMatch } from "../../scenario/calibration.ts";
import { MAX_PATHS } from "../../scenario/schema.ts";
import { fmtNum, table } from "../format.ts";
import { intOption, readRawScenario, resolveScenarioPath, writeFileAtomic } from "../io.ts";
import { QUEUE_NAME_OPTION, QUEUE_OPTION, type QueueFlags, runnerFor } from "../threads.ts";

interface CalibrateFlags extends QueueFlags {
  match: string[];
  free: string[];
  paths?: string;
  seed?: string;
  set: string[];
  out?: string;
  json?: boolean;
  threads?: string;
  maxEvaluations?: string;
  fail: boolean;
}

function render(r: CalibrateResult): string {
  const rows = r.targets.map((t) => [
    t.metric,
    fmtNum(t.target) + (t.tolerance > 0 ? ` ± ${fmtNum(t.tolerance)}` : ""),
    fmtNum(t.achieved),
    t.se === null ? "—" : fmtNum(t.se),
    t.pass ? "met 达标" : "MISSED 未达标",
  ]);
  const free = r.free.map((f) => [f.path, fmtNum(f.start), fmtNum(f.fitted), `${fmtNum(f.low)}..${fmtNum(f.high)}`]);
  return [
    `calibrate 校准: ${r.scenario.name} — seed ${r.seed}, ${r.paths} paths per candidate, ${r.evaluations} candidates`,
    "",
    table(["target 目标", "value 目标值", "achieved 拟合值", "se 标准误", ""], rows),
    "",
    table(["free parameter 自由参数", "start 初值", "fitted 拟合", "bounds 范围"], free),
    "",
    r.pass ? "every target met 全部达标" : "a target is missed beyond its error 有目标未达标",
    "",
  ].join("\n");
}

/** The scenario file with the fitted values set in place (its comments kept) and a header naming the targets. */
function fittedYaml(file: string, r: CalibrateResult, sets: string[]): string {
  const path = resolveScenarioPath(file);
  const text = existsSync(path) ? readFileSync(path, "utf8") : "";
  const doc = sets.length === 0 && text ? parseDocument(text) : parseDocument(JSON.stringify(r.fitted));
  for (const l of r.locations) doc.setIn(l.segments, l.value);
  const header = [
    ` Calibrated by gfsim calibrate (seed ${r.seed}, ${r.paths} paths, version ${r.version}) to:`,
    ...r.targets.map(
      (t) =>
        `   ${t.metric} = ${t.target}${t.tolerance > 0 ? ` ± ${t.tolerance}` : ""} (achieved ${t.achieved === null ? "n/a" : t.achieved.toPrecision(4)}${t.se === null ? "" : `, se ${t.se.toPrecision(2)}`})`,
    ),
    ` Free parameters: ${r.free.map((f) => f.path).join(", ")}`,
  ].join("\n");
  doc.commentBefore = doc.commentBefore ? `${header}\n${doc.commentBefore}` : header;
  return doc.toString({ lineWidth: 0 });
}

export function registerCalibrate(program: Command): void {
  program
    .command("calibrate")
    .description("fit free parameters so that metrics match targets (common random numbers)")
    .argument("<scenario>", "scenario file (YAML or JSON) or shipped scenario name")
    .option("--match <metric=value...>", "target, e.g. vc.tvpi.p50=1.67 or vc.tvpi.p50=1.67±0.05", [])
    .option("--free <path...>", "free parameter: PATH or PATH=LOW..HIGH; * matches every entry of a list", [])
    .option("--paths <n>", "Monte Carlo paths per candidate (default: the scenario's run.paths)")
    .option("--seed <s>", "seed shared by every candidate (default: the scenario's run.seed)")
    .option("--set <path=value...>", "override fields before fitting", [])
    .option("--max-evaluations <n>", "largest number of candidates (default 40 + 30 per free parameter)")
    .option("--out <file>", "write the fitted scenario (YAML) to this file")
    .option("--threads <n>", "worker threads (default: available cores)")
    .option(...QUEUE_OPTION)
    .option(...QUEUE_NAME_OPTION)
    .option("--json", "print the result as JSON")
    .option("--no-fail", "report missed targets but exit 0")
    .action(async (file: string, flags: CalibrateFlags) => {
      const match = flags.match.map(parseMatch);
      const free = flags.free.map(parseFree);
      if (match.length === 0)
        throw new GfsimError("INVALID_ARGUMENT", "calibrate needs at least one --match METRIC=VALUE", [
          { path: "--match", message: "missing" },
        ]);
      const paths = intOption("--paths", flags.paths, 1, MAX_PATHS);
      const seed = intOption("--seed", flags.seed, 0, Number.MAX_SAFE_INTEGER);
      const threads = intOption("--threads", flags.threads, 1, 256);
      const maxEvaluations = intOption("--max-evaluations", flags.maxEvaluations, 1, 100_000);
      const raw = readRawScenario(file, flags.set);
      const runner = await runnerFor(threads, flags);
      try {
        const result = await calibrate(raw, free, match, {
          ...(paths !== undefined && { paths }),
          ...(seed !== undefined && { seed }),
          ...(maxEvaluations !== undefined && { maxEvaluations }),
          ...(runner && { runner: runner.runner }),
        });
        if (flags.out) writeFileAtomic(flags.out, fittedYaml(file, result, flags.set));
        const { fitted: _f, locations: _l, ...shown } = result;
        process.stdout.write(flags.json ? `${JSON.stringify(shown, null, 2)}\n` : render(result));
        process.exitCode = result.pass || !flags.fail ? 0 : 1;
      } finally {
        await runner?.close();
      }
    });
}
