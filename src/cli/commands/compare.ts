/**
 * `gfsim compare <a> [b] [--set ...]`: run two scenarios (or one and its changed copy) with common random numbers
 * and print every common metric's difference b − a with its paired standard error; targets are checked on b, the
 * changed scenario, and a failed one exits 1 (a CI gate on a change). `--report` writes the reports of b's run
 * with the comparison section.
 */
import type { Command } from "commander";
import { GfsimError } from "../../errors.ts";
import { compare } from "../../lib/api.ts";
import { formatSe, formatValue, pathUnit } from "../../report/format.ts";
import type { Lang } from "../../report/i18n.ts";
import { compareReportFrom } from "../../report/model/adapters.ts";
import type { Comparison } from "../../run/compare.ts";
import type { Result } from "../../run/result.ts";
import { MAX_PATHS } from "../../scenario/schema.ts";
import { compareSuites, compareSummaryMd, fmtValue, junitXml, targetLabel } from "../ci-output.ts";
import { fmtNum, table } from "../format.ts";
import { checkOutputs, intOption, readScenario, writeFileAtomic } from "../io.ts";
import { startProgress } from "../progress.ts";
import {
  announce,
  parseLang,
  type ReportFlags,
  reportOptions,
  reportPlan,
  writeCommandReports,
} from "../report-flags.ts";
import { parseTarget } from "../targets.ts";
import { QUEUE_NAME_OPTION, QUEUE_OPTION, type QueueFlags, runnerFor } from "../threads.ts";

interface CompareFlags extends ReportFlags, QueueFlags {
  set: string[];
  paths?: string;
  seed?: string;
  target: string[];
  metrics?: string;
  significant?: boolean;
  json?: boolean;
  junit?: string;
  summary?: string;
  threads?: string;
  progress: boolean;
  fail: boolean;
}

export function renderComparison(c: Comparison, onlySignificant = false, lang: Lang = "en"): string {
  const out = [
    `gfsim ${c.version} — compare ${c.a.scenario.name} (a, hash ${c.a.scenario.hash}) → ${c.b.scenario.name} (b, hash ${c.b.scenario.hash})`,
    `seed ${c.seed}, ${c.paths} paths each, paired paths (common random numbers); * marks |b − a| > 2 se`,
    "",
  ];
  const shown = onlySignificant ? c.metrics.filter((m) => m.significant) : c.metrics;
  const rows = shown.map((m) => {
    const unit = pathUnit(m.metric);
    const v = (x: number | null) => formatValue(x, unit, lang);
    const se = (x: number | null) => formatSe(x, unit, lang);
    return [
      m.metric,
      v(m.a),
      v(m.b),
      m.diff !== null && m.diff > 0 ? `+${v(m.diff)}` : v(m.diff),
      se(m.se),
      se(m.se_unpaired),
      m.se && m.se_unpaired ? `${fmtNum(m.se_unpaired / m.se)}×` : "—",
      m.significant ? "*" : "",
    ];
  });
  out.push(table(["metric", "a", "b", "b − a", "se paired", "se unpaired", "gain", ""], rows));
  if (c.only_a.length > 0) out.push("", `only in a: ${c.only_a.join(", ")}`);
  if (c.only_b.length > 0) out.push("", `only in b: ${c.only_b.join(", ")}`);
  if (c.b.targets.length > 0) {
    out.push("", "targets (checked on b)");
    out.push(
      table(
        ["target", "actual", "result"],
        c.b.targets.map((t) => [targetLabel(t), fmtValue(t.actual), t.pass ? "PASS" : "FAIL"]),
      ),
    );
  }
  return `${out.join("\n")}\n`;
}

/** Names for a and b in the report: b's --set changes shown, and (a)/(b) when the names would still be equal. */
export function sideLabels(c: Comparison, sets: string[]): { a: string; b: string } {
  let a = c.a.scenario.name;
  let b = sets.length > 0 ? `${c.b.scenario.name} (${sets.join(", ")})` : c.b.scenario.name;
  if (a === b) {
    a = `${a} (a)`;
    b = `${b} (b)`;
  }
  return { a, b };
}

/** CSV: one line per metric — the paired difference with both standard errors, at full precision. */
export function compareCsv(c: Comparison): string {
  const cols = ["metric", "a", "b", "diff", "se", "se_unpaired", "n", "significant"] as const;
  const cell = (v: unknown) => (v === null || v === undefined ? "" : String(v));
  return `${[cols.join(","), ...c.metrics.map((m) => cols.map((k) => cell(m[k])).join(","))].join("\n")}\n`;
}

export function registerCompare(program: Command): void {
  const command = program
    .command("compare")
    .description("paired comparison of two scenarios (or one and --set changes) with common random numbers")
    .argument("<a>", "baseline scenario file or shipped name")
    .argument("[b]", "changed scenario (default: a with the --set changes)")
    .option("--set <path=value...>", "changes applied to b (to a's copy when b is not given)", [])
    .option("--paths <n>", "Monte Carlo paths of each run (default: a's run.paths)")
    .option("--seed <s>", "seed of both runs (default: a's run.seed)")
    .option("--target <expr...>", "extra target checked on b, e.g. 'fund.tvpi.p50>=1.2'", [])
    .option(
      "--metrics <prefixes>",
      "only metrics starting with these comma-separated prefixes, e.g. fund.tvpi,programme.",
    )
    .option("--significant", "list only the differences flagged significant")
    .option("--json", "print the comparison as JSON")
    .option("--junit <file>", "write JUnit XML (one test case per target of b)")
    .option("--summary <file>", "write a Markdown summary (for a CI job summary page)")
    .option("--threads <n>", "worker threads (default: available cores)")
    .option(...QUEUE_OPTION)
    .option(...QUEUE_NAME_OPTION)
    .option("--no-progress", "no progress bar")
    .option("--no-fail", "report failed targets but exit 0");
  reportOptions(command, "the comparison").action(
    async (aFile: string, bFile: string | undefined, flags: CompareFlags) => {
      if (bFile === undefined && flags.set.length === 0)
        throw new GfsimError("INVALID_ARGUMENT", "compare needs a second scenario or --set changes", [
          { path: "<b>", message: "missing" },
        ]);
      checkOutputs(flags);
      const plan = reportPlan(flags);
      const a = readScenario(aFile);
      const b = readScenario(bFile ?? aFile, flags.set);
      let bResult: Result | undefined;
      const targets = flags.target.map(parseTarget);
      const paths = intOption("--paths", flags.paths, 1, MAX_PATHS);
      const seed = intOption("--seed", flags.seed, 0, Number.MAX_SAFE_INTEGER);
      const threads = intOption("--threads", flags.threads, 1, 256);
      const metrics = flags.metrics
        ?.split(",")
        .map((s) => s.trim())
        .filter((s) => s !== "");
      const runner = await runnerFor(threads, flags);
      const progress = flags.progress && !(flags.json && !process.stdout.isTTY) ? startProgress() : undefined;
      const t0 = performance.now();
      try {
        const c = await compare(a, b, {
          targets,
          ...(paths !== undefined && { paths }),
          ...(seed !== undefined && { seed }),
          ...(metrics && { metrics }),
          ...(runner && { runner: runner.runner }),
          ...(progress && { onProgress: progress.update }),
          ...(plan && {
            onResult: (side: "a" | "b", r: Result) => {
              if (side === "b") bResult = r;
            },
          }),
        });
        progress?.stop();
        const seconds = (performance.now() - t0) / 1000;
        process.stdout.write(
          flags.json
            ? `${JSON.stringify(c, null, 2)}\n`
            : renderComparison(c, flags.significant, parseLang(flags.lang)),
        );
        if (flags.junit)
          writeFileAtomic(flags.junit, junitXml(compareSuites(c, seconds, new Date().toISOString().slice(0, 19))));
        if (flags.summary) writeFileAtomic(flags.summary, compareSummaryMd(c));
        if (plan && bResult) {
          const labels = sideLabels(c, flags.set);
          const names = [c.a.scenario.name, c.b.scenario.name];
          announce(
            await writeCommandReports(plan, {
              result: { ...bResult, scenario: { ...bResult.scenario, name: labels.b } },
              baseName: `${names[0] === names[1] ? names[0] : names.join("-vs-")}-compare-s${c.seed}-n${c.paths}`,
              extra: {
                compare: compareReportFrom(c, { labels, scenarios: { a: a.scenario, b: b.scenario } }),
                scenario: b.scenario,
              },
              json: c,
              csv: { suffix: "compare", text: compareCsv(c) },
            }),
            flags.json,
          );
        }
        process.exitCode = c.pass || !flags.fail ? 0 : 1;
      } finally {
        progress?.stop();
        await runner?.close();
      }
    },
  );
}
