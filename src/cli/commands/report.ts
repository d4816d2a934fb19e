/**
 * `gfsim report <result.json>`: re-render a saved result (from `gfsim run --out` or `--json`, or the API) as HTML,
 * Markdown, CSV, XLSX or JSON, in Chinese or English, without running anything again.
 */
import { basename, dirname } from "node:path";
import { type Command, Option } from "commander";
import { GfsimError } from "../../errors.ts";
import { parseFormats, REPORT_FORMATS } from "../../report/formats.ts";
import { parseResultJson } from "../../report/load.ts";
import { readScenario, readUserFile } from "../io.ts";
import { defaultLang } from "../lang.ts";
import { parseLang } from "../report-flags.ts";

interface ReportFlags {
  report?: string;
  /** Deprecated spelling of `--report`. */
  format?: string;
  lang: string;
  out?: string;
  name?: string;
  scenario?: string;
}

export function registerReport(program: Command): void {
  program
    .command("report")
    .description("render a saved result JSON as reports (HTML with charts, Markdown, CSV, XLSX)")
    .argument("<result>", "result JSON file (gfsim run --out or --json)")
    .option("--report <formats>", `comma-separated: ${REPORT_FORMATS.join(",")} (default: html,md)`)
    .addOption(new Option("--format <formats>", "deprecated: use --report").hideHelp())
    .option("--lang <lang>", "report language: zh or en (default: from LC_ALL / LANG)", defaultLang())
    .option("--out <dir>", "output directory (default: the result file's directory)")
    .option("--name <base>", "file name without extension (default: the result file's name)")
    .option(
      "--scenario <file>",
      "the scenario that produced the result: marks 容错 limits, fills the XLSX Scenario sheet",
    )
    .action(async (file: string, flags: ReportFlags) => {
      if (flags.format !== undefined && flags.report !== undefined)
        throw new GfsimError("INVALID_ARGUMENT", "give --report only (--format is its old spelling)", [
          { path: "--format", message: "use --report", value: flags.format },
        ]);
      if (flags.format !== undefined) process.stderr.write("gfsim: --format is deprecated; use --report\n");
      const formats =
        flags.format !== undefined
          ? parseFormats(flags.format, "--format")
          : parseFormats(flags.report ?? "html,md", "--report");
      const lang = parseLang(flags.lang);
      const result = parseResultJson(readUserFile(file, "result file"), file);
      const extra = flags.scenario ? { scenario: readScenario(flags.scenario).scenario } : {};
      const { writeReports } = await import("../../report/write.ts");
      const written = await writeReports(result, {
        formats,
        lang,
        outDir: flags.out ?? dirname(file),
        baseName: flags.name ?? basename(file).replace(/\.json$/i, ""),
        extra,
      });
      process.stdout.write(`${written.join("\n")}\n`);
    });
}
