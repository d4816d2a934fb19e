/**
 * Writing report files: every requested format next to each other in one directory, each written atomically
 * (temporary file in the same directory, then rename) so a reader never sees half a report. Kept here rather than
 * borrowed from the CLI because the API writes reports too.
 */
import { join } from "node:path";
import { writeFileAtomic } from "../atomic.ts";
import type { Result } from "../run/result.ts";
import { renderCsv, renderSeriesCsv } from "./csv.ts";
import { type ReportFormat, safeBaseName } from "./formats.ts";
import { renderHtml } from "./html.ts";
import type { Lang } from "./i18n.ts";
import { renderMarkdown } from "./markdown.ts";
import type { ReportExtra } from "./model/index.ts";
import { renderXlsx } from "./xlsx.ts";

export interface WriteReportsOptions {
  formats: readonly ReportFormat[];
  lang: Lang;
  outDir: string;
  /** File name without extension; defaults to the scenario name. */
  baseName?: string;
  extra?: ReportExtra;
}

/** Renders and writes the requested formats; returns the written paths in format order. */
export async function writeReports(result: Result, opts: WriteReportsOptions): Promise<string[]> {
  const base = join(opts.outDir, safeBaseName(opts.baseName ?? result.scenario?.name ?? "report"));
  const extra = opts.extra ?? {};
  const written: string[] = [];
  const put = (path: string, data: string | Uint8Array) => {
    writeFileAtomic(path, data);
    written.push(path);
  };
  for (const format of [...new Set(opts.formats)]) {
    switch (format) {
      case "html":
        put(`${base}.html`, await renderHtml(result, opts.lang, extra));
        break;
      case "md":
        put(`${base}.md`, renderMarkdown(result, opts.lang, extra));
        break;
      case "csv":
        put(`${base}-summary.csv`, renderCsv(result));
        put(`${base}-series.csv`, renderSeriesCsv(result));
        break;
      case "xlsx":
        put(`${base}.xlsx`, await renderXlsx(result, opts.lang, extra.scenario, extra));
        break;
      case "json":
        put(`${base}.json`, `${JSON.stringify(result, null, 2)}\n`);
        break;
    }
  }
  return written;
}
