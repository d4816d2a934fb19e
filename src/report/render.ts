/**
 * One document of a result in a given format — the one switch over formats, used by `writeReports` (CLI) and the
 * API's report worker, so both render the same documents from the same inputs. The report model is built once,
 * when a format first needs it, and shared by the formats drawn from it (HTML and Markdown).
 */
import type { Result } from "../run/result.ts";
import { withBaseline } from "./baseline.ts";
import { renderCsv } from "./csv.ts";
import type { DocumentFormat } from "./formats.ts";
import { htmlFromModel } from "./html.ts";
import type { Lang } from "./i18n.ts";
import { markdownFromModel } from "./markdown.ts";
import { buildReportModel, type ReportExtra } from "./model/index.ts";
import type { ReportModel } from "./model/types.ts";
import { renderTidyCsv } from "./tidy.ts";
import { renderXlsx } from "./xlsx.ts";

export type ReportRenderer = (format: DocumentFormat) => Promise<string | Uint8Array>;

/** A renderer of one result's documents; call it once per format. */
export function reportRenderer(result: Result, lang: Lang, given: ReportExtra = {}): ReportRenderer {
  const extra = withBaseline(given, result.scenario?.name);
  let model: ReportModel | undefined;
  const modelOf = () => {
    model ??= buildReportModel(result, lang, extra);
    return model;
  };
  return async (format) => {
    switch (format) {
      case "html":
        return htmlFromModel(modelOf());
      case "md":
        return markdownFromModel(modelOf());
      case "csv":
        return renderCsv(result);
      case "xlsx":
        return renderXlsx(result, lang, extra.scenario, extra);
      case "parquet":
        return (await import("./parquet.ts")).renderParquet(result);
      case "tidy":
        return renderTidyCsv(result);
    }
  };
}

/** One document of a result; `extra.scenario` marks the 容错 limits and fills the XLSX Scenario sheet. */
export function renderReport(
  result: Result,
  format: DocumentFormat,
  lang: Lang,
  extra: ReportExtra = {},
): Promise<string | Uint8Array> {
  return reportRenderer(result, lang, extra)(format);
}
