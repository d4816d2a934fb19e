/**
 * Writing report files: every requested format next to each other in one directory, each written atomically
 * (temporary file in the same directory, then rename) so a reader never sees half a report. Kept here rather than
 * borrowed from the CLI because the API writes reports too.
 */
import { join } from "node:path";
import { writeFileAtomic } from "../atomic.ts";
import type { Result } from "../run/result.ts";
import { renderSeriesCsv } from "./csv.ts";
import { type DocumentFormat, type ReportFormat, safeBaseName } from "./formats.ts";
import type { Lang } from "./i18n.ts";
import type { ReportExtra } from "./model/index.ts";
import { reportRenderer } from "./render.ts";

export interface WriteReportsOptions {
  formats: readonly ReportFormat[];
  lang: Lang;
  outDir: string;
  /** File name without extension; defaults to the scenario name. */
  baseName?: string;
  extra?: ReportExtra;
}

/** File name ending of each document (CSV: the summary; its series table goes next to it). */
const SUFFIX: Record<DocumentFormat, string> = {
  html: ".html",
  md: ".md",
  csv: "-summary.csv",
  xlsx: ".xlsx",
  parquet: ".parquet",
  tidy: "-tidy.csv",
};

/** Renders and writes the requested formats; returns the written paths in format order. */
export async function writeReports(result: Result, opts: WriteReportsOptions): Promise<string[]> {
  const base = join(opts.outDir, safeBaseName(opts.baseName ?? result.scenario?.name ?? "report"));
  const render = reportRenderer(result, opts.lang, opts.extra ?? {});
  const written: string[] = [];
  const put = (path: string, data: string | Uint8Array) => {
    writeFileAtomic(path, data);
    written.push(path);
  };
  for (const format of [...new Set(opts.formats)]) {
    if (format === "json") {
      put(`${base}.json`, `${JSON.stringify(result, null, 2)}\n`);
      continue;
    }
    put(`${base}${SUFFIX[format]}`, await render(format));
    if (format === "csv") put(`${base}-series.csv`, renderSeriesCsv(result));
  }
  return written;
}
