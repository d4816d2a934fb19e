/**
 * The report flags shared by commands (`--out`, `--report`, `--lang`): parsed and checked before anything is
 * simulated, so a typo exits 2 at once, and the writing of a command's reports — the report formats of one result
 * with the command's own section (sweep, comparison, sizing) plus the command's own JSON and CSV.
 */
import { join } from "node:path";
import type { Command } from "commander";
import { writeFileAtomic } from "../atomic.ts";
import { GfsimError } from "../errors.ts";
import { parseFormats, REPORT_FORMATS, type ReportFormat, safeBaseName } from "../report/formats.ts";
import type { Lang } from "../report/i18n.ts";
import type { ReportExtra } from "../report/model/index.ts";
import type { Result } from "../run/result.ts";
import { defaultLang } from "./lang.ts";

/** Where reports go when `--report` is given without `--out`. */
export const DEFAULT_REPORT_DIR = "reports";

/** Parses `--lang`: zh or en. */
export function parseLang(text: string): Lang {
  if (text !== "zh" && text !== "en")
    throw new GfsimError("INVALID_ARGUMENT", "--lang must be zh or en", [
      { path: "--lang", message: "must be zh or en", value: text },
    ]);
  return text;
}

export interface ReportFlags {
  out?: string;
  report?: string;
  lang: string;
}

/** What to write: formats, language and directory. */
export interface ReportPlan {
  formats: ReportFormat[];
  lang: Lang;
  outDir: string;
}

/** Adds `--out`, `--report` and `--lang` to a command whose JSON is `what` (e.g. "the sweep"). */
export function reportOptions(command: Command, what: string): Command {
  return command
    .option(
      "--out <dir>",
      `directory for --report (default: ${DEFAULT_REPORT_DIR}); alone, writes ${what} as JSON there`,
    )
    .option("--report <formats>", `reports to write: ${REPORT_FORMATS.join(",")} (json: ${what})`)
    .option("--lang <lang>", "report language: zh or en (default: from LC_ALL / LANG)", defaultLang());
}

/**
 * The plan from the flags, or undefined when nothing is to be written: `--report` writes its formats to `--out`
 * (default `reports/`); `--out` alone writes the command's JSON.
 */
export function reportPlan(flags: ReportFlags): ReportPlan | undefined {
  const lang = parseLang(flags.lang);
  const formats = parseFormats(flags.report);
  if (formats.length === 0 && flags.out === undefined) return undefined;
  return { formats: formats.length > 0 ? formats : ["json"], lang, outDir: flags.out ?? DEFAULT_REPORT_DIR };
}

export interface CommandReport {
  /** The run the report's vehicle sections describe. */
  result: Result;
  /** File name without extension. */
  baseName: string;
  /** The command's section (sweep, compare or sizing) and the scenario, if any. */
  extra: ReportExtra;
  /** The command's own output: written as `BASE.json` for the `json` format. */
  json: unknown;
  /** The command's own table as CSV: written as `BASE-<suffix>.csv` with the `csv` format. */
  csv?: { suffix: string; text: string };
}

/** Writes the planned formats; returns the written paths. */
export async function writeCommandReports(plan: ReportPlan, r: CommandReport): Promise<string[]> {
  const { writeReports } = await import("../report/write.ts");
  const written = await writeReports(r.result, {
    formats: plan.formats.filter((f) => f !== "json"),
    lang: plan.lang,
    outDir: plan.outDir,
    baseName: r.baseName,
    extra: r.extra,
  });
  const base = join(plan.outDir, safeBaseName(r.baseName));
  if (plan.formats.includes("csv") && r.csv) {
    writeFileAtomic(`${base}-${r.csv.suffix}.csv`, r.csv.text);
    written.push(`${base}-${r.csv.suffix}.csv`);
  }
  if (plan.formats.includes("json")) {
    writeFileAtomic(`${base}.json`, `${JSON.stringify(r.json, null, 2)}\n`);
    written.push(`${base}.json`);
  }
  return written;
}

/** Tells the user what was written: on stdout, or on stderr when stdout carries JSON. */
export function announce(written: string[], json: boolean | undefined): void {
  if (written.length > 0) (json ? process.stderr : process.stdout).write(`reports: ${written.join(", ")}\n`);
}
