/**
 * `gfsim sweep <scenario> --vary fund.reserves=0.2,0.3,0.4 --vary fund.fees.management=0.01:0.02:0.005`: run every
 * combination (full grid, or `--zip`) with the same seed, print a table (or JSON), optionally CSV, JUnit and a
 * Markdown summary, and exit 1 when a row fails a target. Without `--vary` the scenario's `sweep:` block is used.
 * `--report` writes the reports of the base row (the row equal to the unmodified scenario, else row 1) with the
 * sweep section.
 */
import type { Command } from "commander";
import { parse as parseYaml } from "yaml";
import { GfsimError } from "../../errors.ts";
import { sweep } from "../../lib/api.ts";
import { sweepReportFrom } from "../../report/model/adapters.ts";
import type { Result } from "../../run/result.ts";
import type { SweepResult, SweepRow } from "../../run/sweep.ts";
import { applyOverrides, validateScenario } from "../../scenario/load.ts";
import { MAX_PATHS } from "../../scenario/schema.ts";
import { type SweepBlockInput, type SweepValues, varyPathProblem } from "../../scenario/sweep.ts";
import { fmtSetting, fmtValue, junitXml, sweepSuites, sweepSummaryMd } from "../ci-output.ts";
import { table } from "../format.ts";
import { checkOutputs, intOption, readRawScenario, writeFileAtomic } from "../io.ts";
import { startProgress } from "../progress.ts";
import { announce, type ReportFlags, reportOptions, reportPlan, writeCommandReports } from "../report-flags.ts";
import { parseTarget } from "../targets.ts";
import { QUEUE_NAME_OPTION, QUEUE_OPTION, type QueueFlags, runnerFor } from "../threads.ts";

interface SweepFlags extends ReportFlags, QueueFlags {
  vary: string[];
  zip?: boolean;
  metrics?: string;
  paths?: string;
  seed?: string;
  set: string[];
  target: string[];
  json?: boolean;
  csv?: string;
  junit?: string;
  summary?: string;
  threads?: string;
  progress: boolean;
  fail: boolean;
}

const NUMBER = /^\s*-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

function badVary(text: string, message: string): GfsimError {
  return new GfsimError(
    "INVALID_ARGUMENT",
    `--vary ${message}; expected path=v1,v2,... or path=start:stop:step (e.g. fund.reserves=0.2:0.4:0.1), got "${text}"`,
    [{ path: "--vary", message, value: text }],
  );
}

/** Parses `--vary path=v1,v2,...`, `path=start:stop:step` or `path=[yaml, flow, list]`. */
export function parseVary(text: string): { path: string; values: SweepValues } {
  const eq = text.indexOf("=");
  if (eq <= 0) throw badVary(text, "needs path=values");
  const path = text.slice(0, eq).trim();
  const spec = text.slice(eq + 1).trim();
  const problem = varyPathProblem(path);
  if (problem) throw badVary(text, `${path}: ${problem}`);
  if (spec === "") throw badVary(text, `${path}: no values`);
  const parts = spec.split(":");
  if (parts.length > 1 && !spec.startsWith("[") && !spec.startsWith("{")) {
    if (parts.length !== 3 || !parts.every((p) => NUMBER.test(p)))
      throw badVary(text, `${path}: a range is start:stop:step, three numbers`);
    const [from, to, step] = parts.map(Number) as [number, number, number];
    if (step === 0) throw badVary(text, `${path}: the step must not be 0`);
    return { path, values: { from, to, step } };
  }
  const parse = (s: string): unknown => {
    try {
      return parseYaml(s);
    } catch {
      throw badVary(text, `${path}: "${s}" could not be parsed`);
    }
  };
  if (spec.startsWith("[")) {
    const list = parse(spec);
    if (!Array.isArray(list) || list.length === 0) throw badVary(text, `${path}: expected a non-empty list`);
    return { path, values: list };
  }
  const items = spec.split(",").map((s) => s.trim());
  if (items.some((s) => s === "")) throw badVary(text, `${path}: an empty value in the list`);
  return { path, values: items.map((s) => parse(s) ?? null) };
}

/** The sweep spec: `--vary`/`--zip`/`--metrics` over the scenario's own `sweep:` block. */
export function sweepSpec(
  fileBlock: unknown,
  flags: Pick<SweepFlags, "vary" | "zip" | "metrics">,
): SweepBlockInput | undefined {
  const file = fileBlock && typeof fileBlock === "object" ? (fileBlock as Record<string, unknown>) : undefined;
  const metrics = flags.metrics
    ?.split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (flags.vary.length === 0 && !file) return undefined;
  const spec: Record<string, unknown> = { ...file };
  if (flags.vary.length > 0) {
    const vary: Record<string, SweepValues> = {};
    for (const v of flags.vary.map(parseVary)) {
      if (v.path in vary) throw badVary(v.path, `${v.path} is given twice`);
      vary[v.path] = v.values;
    }
    spec.vary = vary;
  }
  if (flags.zip !== undefined) spec.zip = flags.zip;
  if (metrics) spec.metrics = metrics;
  return spec as SweepBlockInput;
}

export function renderSweepTable(s: SweepResult): string {
  const header = ["#", ...s.vary.map((v) => v.path), ...s.metrics, "targets"];
  const rows = s.rows.map((r) => [
    String(r.row),
    ...s.vary.map((v) => fmtSetting(r.values[v.path])),
    ...s.metrics.map((m) => fmtValue(r.metrics[m])),
    r.targets.length === 0
      ? "—"
      : `${r.pass ? "PASS" : "FAIL"} ${r.targets.filter((t) => t.pass).length}/${r.targets.length}`,
  ]);
  const head = `gfsim ${s.version} — sweep of ${s.scenario.name} (hash ${s.scenario.hash}), seed ${s.seed}, ${s.paths} paths per row, ${s.rows.length} rows (${s.zip ? "zipped" : "full grid"})`;
  const tail = s.rows.some((r) => r.targets.length > 0)
    ? `\n${s.failed_rows === 0 ? "all rows meet their targets" : `${s.failed_rows} of ${s.rows.length} rows fail a target`}\n`
    : "\n";
  return `${head}\n\n${table(header, rows)}\n${tail}`;
}

const csvCell = (v: unknown): string => {
  const s =
    v === null || v === undefined
      ? ""
      : typeof v === "string"
        ? v
        : typeof v === "number" || typeof v === "boolean"
          ? String(v)
          : JSON.stringify(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** CSV: one line per row — varied values, metrics (full precision), each target's pass/fail, and the row's verdict. */
export function sweepCsv(s: SweepResult): string {
  const targetNames = s.rows[0]?.targets.map((t) => `${t.metric} ${t.op} ${t.value}`) ?? [];
  const header = ["row", ...s.vary.map((v) => v.path), ...s.metrics, ...targetNames, "pass"];
  const lines = [header.map(csvCell).join(",")];
  for (const r of s.rows)
    lines.push(
      [
        r.row,
        ...s.vary.map((v) => r.values[v.path]),
        ...s.metrics.map((m) => r.metrics[m]),
        ...r.targets.map((t) => (t.pass ? "pass" : "fail")),
        r.pass,
      ]
        .map(csvCell)
        .join(","),
    );
  return `${lines.join("\n")}\n`;
}

/**
 * Keeps the result of the base row as the rows finish — the row whose scenario hash is the base scenario's (no
 * swept value changed), else row 1 — so no run is repeated for the report. `baseRaw` is the scenario with `--set`.
 */
function baseRowKeeper(baseRaw: unknown) {
  const baseHash = validateScenario(baseRaw).hash;
  let kept: { row: SweepRow; result: Result } | undefined;
  return {
    onRow(row: SweepRow, result: Result): void {
      if (!kept || (row.hash === baseHash && kept.row.hash !== baseHash)) kept = { row, result };
    },
    /** The kept run and its scenario; named after its row's changes when it is not the unmodified scenario. */
    kept(): { result: Result; scenario: unknown } | undefined {
      if (!kept) return undefined;
      const { result, row } = kept;
      const scenario = validateScenario(
        applyOverrides(
          baseRaw,
          Object.entries(row.values).map(([path, value]) => ({ path, value })),
        ),
      ).scenario;
      if (row.hash === baseHash) return { result, scenario };
      const name = `${result.scenario.name} (${row.set.join(", ")})`;
      return { result: { ...result, scenario: { ...result.scenario, name } }, scenario };
    },
  };
}

export function registerSweep(program: Command): void {
  const command = program
    .command("sweep")
    .description("run a scenario over a grid of parameter values with common random numbers")
    .argument("<scenario>", "scenario file (YAML or JSON) or shipped scenario name")
    .option("--vary <path=values...>", "field and values: fund.reserves=0.2,0.3,0.4 or fund.reserves=0.2:0.4:0.05", [])
    .option("--zip", "pair the --vary lists element by element instead of the full grid")
    .option("--no-zip", "take the full grid even if the scenario's sweep block says zip")
    .option("--metrics <paths>", "comma-separated columns, e.g. fund.tvpi.mean,fund.loss_ratio.p95")
    .option("--paths <n>", "Monte Carlo paths per row (default: the scenario's run.paths)")
    .option("--seed <s>", "seed shared by every row (default: the scenario's run.seed)")
    .option("--set <path=value...>", "override fields of the base scenario", [])
    .option("--target <expr...>", "extra target checked on every row, e.g. 'fund.tolerance_breach.mean<=0.1'", [])
    .option("--json", "print the sweep result as JSON")
    .option("--csv <file>", "write the table as CSV")
    .option("--junit <file>", "write JUnit XML (one test case per target per row)")
    .option("--summary <file>", "write a Markdown summary (for a CI job summary page)")
    .option("--threads <n>", "worker threads (default: available cores)")
    .option(...QUEUE_OPTION)
    .option(...QUEUE_NAME_OPTION)
    .option("--no-progress", "no progress bar")
    .option("--no-fail", "report failed targets but exit 0");
  reportOptions(command, "the sweep").action(async (file: string, flags: SweepFlags) => {
    checkOutputs(flags);
    const raw = readRawScenario(file, flags.set);
    const plan = reportPlan(flags);
    const keeper = plan ? baseRowKeeper(raw) : undefined;
    const targets = flags.target.map(parseTarget);
    const paths = intOption("--paths", flags.paths, 1, MAX_PATHS);
    const seed = intOption("--seed", flags.seed, 0, Number.MAX_SAFE_INTEGER);
    const threads = intOption("--threads", flags.threads, 1, 256);
    const spec = sweepSpec((raw as { sweep?: unknown } | null)?.sweep, flags);
    const runner = await runnerFor(threads, flags);
    const progress = flags.progress && !(flags.json && !process.stdout.isTTY) ? startProgress() : undefined;
    const seconds: number[] = [];
    let t0 = performance.now();
    try {
      const result = await sweep(file, {
        set: flags.set,
        ...(spec && { vary: spec.vary }),
        ...(spec?.zip !== undefined && { zip: spec.zip }),
        ...(spec?.metrics !== undefined && { metrics: spec.metrics }),
        targets,
        ...(paths !== undefined && { paths }),
        ...(seed !== undefined && { seed }),
        ...(runner && { runner: runner.runner }),
        ...(progress && { onProgress: progress.update }),
        onRow: (row, rowResult) => {
          keeper?.onRow(row, rowResult);
          const now = performance.now();
          seconds.push((now - t0) / 1000);
          t0 = now;
        },
      });
      progress?.stop();
      process.stdout.write(flags.json ? `${JSON.stringify(result, null, 2)}\n` : renderSweepTable(result));
      if (flags.csv) writeFileAtomic(flags.csv, sweepCsv(result));
      const stamp = new Date().toISOString().slice(0, 19);
      if (flags.junit) writeFileAtomic(flags.junit, junitXml(sweepSuites(result, seconds, stamp)));
      if (flags.summary) writeFileAtomic(flags.summary, sweepSummaryMd(result));
      const base = keeper?.kept();
      if (plan && base)
        announce(
          await writeCommandReports(plan, {
            result: base.result,
            baseName: `${result.scenario.name}-sweep-s${result.seed}-n${result.paths}`,
            extra: { sweep: sweepReportFrom(result), scenario: base.scenario },
            json: result,
            csv: { suffix: "sweep", text: sweepCsv(result) },
          }),
          flags.json,
        );
      process.exitCode = result.pass || !flags.fail ? 0 : 1;
    } finally {
      progress?.stop();
      await runner?.close();
    }
  });
}
