/**
 * `gfsim optimise SCENARIO --decide PATH=SPEC ... --maximise EXPR --subject-to 'EXPR <= LIMIT' ...`: the values of
 * the decided fields that do best while every limit holds with the stated confidence (MODEL.md §11). Prints a table
 * (or `--json`); `--out DIR` writes the recommended scenario as YAML there, and with `--report html,md` the
 * optimisation report. Exit 0 with a recommendation, 1 when no candidate meets every limit, 2 on bad input.
 */
import { join } from "node:path";
import type { Command } from "commander";
import { stringify as toYaml } from "yaml";
import { GfsimError } from "../../errors.ts";
import { safeBaseName } from "../../report/formats.ts";
import { writeOptimiseReports } from "../../report/optimise/write.ts";
import { type OptimiseResult, recommendedScenario, runOptimise } from "../../run/optimise/index.ts";
import { MAX_PATHS } from "../../scenario/schema.ts";
import { fmtNum, table } from "../format.ts";
import { intOption, readRawScenario, writeFileAtomic } from "../io.ts";
import { startProgress } from "../progress.ts";
import { announce, type ReportFlags, reportOptions, reportPlan } from "../report-flags.ts";
import { QUEUE_NAME_OPTION, QUEUE_OPTION, type QueueFlags, runnerFor } from "../threads.ts";

interface OptimiseFlags extends ReportFlags, QueueFlags {
  decide: string[];
  maximise?: string;
  minimise?: string;
  subjectTo: string[];
  paths?: string;
  seed?: string;
  budget?: string;
  confidence?: string;
  confirmPaths?: string;
  finalists?: string;
  frontier?: string;
  set: string[];
  json?: boolean;
  threads?: string;
  progress: boolean;
  fail: boolean;
}

function numberOption(name: string, raw: string | undefined, lo: number, hi: number): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < lo || n > hi)
    throw new GfsimError("INVALID_ARGUMENT", `${name} must be a number in [${lo}, ${hi}]`, [
      { path: name, message: `must be in [${lo}, ${hi}]`, value: raw },
    ]);
  return n;
}

const show = (v: unknown) => (typeof v === "number" ? fmtNum(v) : typeof v === "string" ? v : JSON.stringify(v));

/** The terminal view: verdict, the recommended values against the current plan, the constraint table, the ties. */
export function renderOptimiseTable(r: OptimiseResult): string {
  const lines: string[] = [];
  lines.push(
    `gfsim ${r.version} — optimise ${r.scenario.name} (hash ${r.scenario.hash}): ${r.objective.sense} ${r.objective.expr}`,
    `search: ${r.evaluations} candidates on ${r.paths} paths (seed ${r.seed}); confirmation: ${r.confirm.paths} fresh paths (seed ${r.confirm.seed}); confidence ${r.confidence}`,
    "",
  );
  const best = r.best;
  const fields = Object.keys(best?.set ?? r.current.set);
  lines.push(
    table(
      ["field", "current", "recommended"],
      fields.map((f) => [f, show(r.current.set[f]), best ? show(best.set[f]) : "—"]),
    ),
    "",
  );
  const rows = (best ?? r.current).constraints.map((c, i) => [
    c.expr,
    fmtNum(r.current.constraints[i]?.estimate ?? null),
    fmtNum(c.estimate),
    fmtNum(c.bound),
    `${c.op} ${fmtNum(c.limit)}`,
    c.pass ? "PASS" : "FAIL",
  ]);
  if (rows.length > 0)
    lines.push(table(["constraint", "current", "estimate", `${r.confidence * 100}% bound`, "limit", ""], rows), "");
  if (best) {
    const d = best.vs_current;
    lines.push(
      `objective ${fmtNum(best.objective)} (se ${fmtNum(best.objective_se)}); vs current plan ${fmtNum(r.current.objective)}: ${d.difference !== null && d.difference >= 0 ? "+" : ""}${fmtNum(d.difference)} (paired se ${fmtNum(d.se)})`,
    );
    if (r.binding) lines.push(`binding limit: ${r.binding}`);
    lines.push(
      r.tied.length > 0
        ? `${r.tied.length} other candidate(s) statistically tied with it (see --json "tied")`
        : "no other confirmed candidate is statistically tied with it",
    );
  } else lines.push(`NO RECOMMENDATION: ${r.note ?? "no candidate meets every limit"}`);
  return `${lines.join("\n")}\n`;
}

export function registerOptimise(program: Command): void {
  const command = program
    .command("optimise")
    .alias("optimize")
    .description("choose decision variables that maximise an objective while limits hold with stated confidence")
    .argument("<scenario>", "scenario file (YAML or JSON) or shipped scenario name")
    .option(
      "--decide <path=spec...>",
      "decision variable: fund.reserves=0.1..0.5, log(1e6..8e6), int(3..7), simplex, simplex(lab=0..0.3), choice(a,b); * matches every entry",
      [],
    )
    .option("--maximise <expr>", "objective to maximise, e.g. 'fund.tvpi.p50 - 0.5 * fund.loss_ratio.mean'")
    .option("--minimise <expr>", "objective to minimise")
    .option("--subject-to <constraint...>", "limit, e.g. 'fund.tolerance_breach.mean <= 0.1'", [])
    .option("--paths <n>", "paths of the search sample (default: the scenario's run.paths)")
    .option("--seed <s>", "seed of the search sample; the confirmation seed is derived from it")
    .option("--budget <n>", "candidate runs on the search sample (default 60)")
    .option("--confidence <p>", "one-sided confidence with which every limit must hold (default 0.95)")
    .option("--confirm-paths <n>", "paths of the fresh confirmation sample (default 4 × --paths)")
    .option("--finalists <n>", "candidates confirmed on fresh paths (default 5)")
    .option("--frontier <n>", "frontier points confirmed (default 5; 0 for none)")
    .option("--set <path=value...>", "override fields of the scenario first", [])
    .option("--json", "print the result as JSON")
    .option("--threads <n>", "worker threads (default: available cores)")
    .option(...QUEUE_OPTION)
    .option(...QUEUE_NAME_OPTION)
    .option("--no-progress", "no progress bar")
    .option("--no-fail", "exit 0 even when nothing can be recommended");
  reportOptions(command, "the optimisation").action(async (file: string, flags: OptimiseFlags) => {
    const raw = readRawScenario(file, flags.set);
    const plan = reportPlan(flags);
    const paths = intOption("--paths", flags.paths, 1, MAX_PATHS);
    const seed = intOption("--seed", flags.seed, 0, Number.MAX_SAFE_INTEGER);
    const threads = intOption("--threads", flags.threads, 1, 256);
    const spec = {
      decide: flags.decide,
      maximise: flags.maximise,
      minimise: flags.minimise,
      subject_to: flags.subjectTo,
      paths,
      seed,
      budget: intOption("--budget", flags.budget, 1, 5000),
      confidence: numberOption("--confidence", flags.confidence, 0.5, 0.9999),
      confirm_paths: intOption("--confirm-paths", flags.confirmPaths, 1, MAX_PATHS),
      finalists: intOption("--finalists", flags.finalists, 1, 50),
      frontier: intOption("--frontier", flags.frontier, 0, 50),
    };
    const runner = await runnerFor(threads, flags);
    const progress = flags.progress && !(flags.json && !process.stdout.isTTY) ? startProgress() : undefined;
    try {
      const result = await runOptimise(raw, spec, {
        ...(runner && { runner: runner.runner }),
        ...(progress && { onProgress: progress.update }),
      });
      progress?.stop();
      process.stdout.write(flags.json ? `${JSON.stringify(result, null, 2)}\n` : renderOptimiseTable(result));
      if (plan) {
        const base = safeBaseName(`${result.scenario.name}-optimise-s${result.seed}-n${result.paths}`);
        const written: string[] = [];
        if (result.best) {
          const yamlPath = join(plan.outDir, `${base}-recommended.yaml`);
          writeFileAtomic(yamlPath, toYaml(recommendedScenario(raw, result)));
          written.push(yamlPath);
        }
        written.push(...(await writeOptimiseReports(result, { ...plan, baseName: base })));
        announce(written, flags.json);
      }
      process.exitCode = result.best || !flags.fail ? 0 : 1;
    } finally {
      progress?.stop();
      await runner?.close();
    }
  });
}
