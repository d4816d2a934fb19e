/**
 * `gfsim run <scenario>`: simulate, print the summary (or the §10 JSON with --json), write the result file under
 * --out, and exit 1 when a target fails.
 */
import { join } from "node:path";
import type { Command } from "commander";
import { GfsimError } from "../../errors.ts";
import { run } from "../../lib/api.ts";
import { shippedScenario } from "../../report/baseline.ts";
import { parseFormats, REPORT_FORMATS, safeBaseName } from "../../report/formats.ts";
import { MAX_PATHS } from "../../scenario/schema.ts";
import { junitXml, runSuites, runSummaryMd } from "../ci-output.ts";
import { checkOutputs, intOption, readScenario, writeFileAtomic } from "../io.ts";
import { defaultLang } from "../lang.ts";
import { startProgress } from "../progress.ts";
import { parseLang } from "../report-flags.ts";
import { renderSummary } from "../summary.ts";
import { parseTarget } from "../targets.ts";
import { QUEUE_NAME_OPTION, QUEUE_OPTION, type QueueFlags, runnerFor } from "../threads.ts";

interface RunFlags extends QueueFlags {
  paths?: string;
  seed?: string;
  set: string[];
  target: string[];
  json?: boolean;
  out?: string;
  threads?: string;
  blockSize?: string;
  report?: string;
  lang: string;
  junit?: string;
  summary?: string;
  progress: boolean;
  fail: boolean;
}

export function registerRun(program: Command): void {
  program
    .command("run")
    .description("run a scenario and print its summary")
    .argument("<scenario>", "scenario file (YAML or JSON) or shipped scenario name")
    .option("--paths <n>", "Monte Carlo paths (default: the scenario's run.paths)")
    .option("--seed <s>", "seed (default: the scenario's run.seed)")
    .option("--set <path=value...>", "override fields, e.g. fund.reserves=0.4", [])
    .option("--target <expr...>", "extra target, e.g. 'fund.tolerance_breach.mean<=0.1'", [])
    .option("--json", "print the result JSON (MODEL.md §10) instead of the summary")
    .option("--out <dir>", "write the result JSON (and reports) to this directory")
    .option("--threads <n>", "worker threads (default: available cores)")
    .option(...QUEUE_OPTION)
    .option(...QUEUE_NAME_OPTION)
    .option("--block-size <n>", "paths per block")
    .option(
      "--report <formats>",
      `reports to write with --out: ${REPORT_FORMATS.filter((f) => f !== "json").join(",")}`,
    )
    .option(
      "--lang <lang>",
      "language of the summary and reports: zh or en (default: from LC_ALL / LANG)",
      defaultLang(),
    )
    .option("--junit <file>", "write JUnit XML (one test case per target)")
    .option("--summary <file>", "write a Markdown summary (for a CI job summary page)")
    .option("--no-progress", "no progress bar")
    .option("--no-fail", "report failed targets but exit 0 (for exploring, not for CI gates)")
    .action(async (file: string, flags: RunFlags) => {
      checkOutputs(flags);
      // Worker threads start first: they load the engine while this thread reads and validates the scenario.
      const threads = intOption("--threads", flags.threads, 1, 256);
      const runner = await runnerFor(threads, flags);
      let progress: ReturnType<typeof startProgress> | undefined;
      try {
        const loaded = readScenario(file, flags.set);
        const paths = intOption("--paths", flags.paths, 1, MAX_PATHS);
        const seed = intOption("--seed", flags.seed, 0, Number.MAX_SAFE_INTEGER);
        const blockSize = intOption("--block-size", flags.blockSize, 1, 1_000_000);
        const targets = flags.target.map(parseTarget);
        const lang = parseLang(flags.lang);
        const formats = parseFormats(flags.report);
        if (formats.length > 0 && !flags.out)
          throw new GfsimError("INVALID_ARGUMENT", "--report needs --out <dir>", [
            { path: "--report", message: "needs --out" },
          ]);
        progress = flags.progress && !(flags.json && !process.stdout.isTTY) ? startProgress() : undefined;
        const t0 = performance.now();
        const result = await run(loaded, {
          ...(paths !== undefined && { paths }),
          ...(seed !== undefined && { seed }),
          ...(blockSize !== undefined && { blockSize }),
          targets,
          ...(runner && { runner: runner.runner }),
          ...(progress && { onProgress: progress.update }),
        });
        progress?.stop();
        const json = `${JSON.stringify(result, null, 2)}\n`;
        process.stdout.write(
          flags.json
            ? json
            : renderSummary(result, {
                lang,
                scenario: loaded.scenario,
                shipped: shippedScenario(result.scenario.name),
              }),
        );
        if (flags.out) {
          const base = `${result.scenario.name}-s${result.seed}-n${result.paths}`;
          const path = join(flags.out, `${safeBaseName(base)}.json`);
          writeFileAtomic(path, json);
          if (!flags.json) process.stdout.write(`\nresult written to ${path}\n`);
          // The result JSON is written above; `--report json` must not write it a second time.
          const reports = formats.filter((f) => f !== "json");
          if (reports.length > 0) {
            const { writeReports } = await import("../../report/write.ts");
            const written = await writeReports(result, {
              formats: reports,
              lang,
              outDir: flags.out,
              baseName: base,
              extra: { scenario: loaded.scenario },
            });
            if (!flags.json) process.stdout.write(`reports: ${written.join(", ")}\n`);
          }
        }
        if (flags.junit)
          writeFileAtomic(
            flags.junit,
            junitXml(runSuites(result, (performance.now() - t0) / 1000, new Date().toISOString().slice(0, 19))),
          );
        if (flags.summary) writeFileAtomic(flags.summary, runSummaryMd(result));
        process.exitCode = result.targets.every((t) => t.pass) || !flags.fail ? 0 : 1;
      } finally {
        progress?.stop();
        await runner?.close();
      }
    });
}
