/**
 * Rendering a stored result as a report (worker side). Loaded only by report workers, so job workers and the
 * server thread never load the chart and spreadsheet libraries, and a slow render never holds the event loop.
 */
import { readFile } from "node:fs/promises";
import { renderCsv, renderHtml, renderMarkdown, renderXlsx } from "../report/index.ts";
import type { Result } from "../run/result.ts";
import type { Lang, ReportFormat } from "./schemas.ts";

export async function renderStored(resultPath: string, format: ReportFormat, lang: Lang): Promise<string | Uint8Array> {
  const result = JSON.parse(await readFile(resultPath, "utf8")) as Result;
  switch (format) {
    case "html":
      return renderHtml(result, lang);
    case "md":
      return renderMarkdown(result, lang);
    case "csv":
      return renderCsv(result);
    case "xlsx":
      return renderXlsx(result, lang);
  }
}
