/**
 * Reports from a run result, built like a small compiler (vega-lite's compile.ts): result → report model
 * (`model/`, plain localized data) → vega-lite specs (`charts/`, builders that depend on field names and types
 * only) → documents (HTML with inline SVG, Markdown, CSV, XLSX). This is the public entry of `src/report`.
 */
export type { ChartInput } from "./charts/index.ts";
export { chartSpec } from "./charts/index.ts";
export { renderCsv, renderSeriesCsv } from "./csv.ts";
export {
  DOCUMENT_FORMATS,
  type DocumentFormat,
  parseFormats,
  REPORT_FORMATS,
  type ReportFormat,
  safeBaseName,
} from "./formats.ts";
export { htmlFromModel, modelSpecs, renderHtml } from "./html.ts";
export { DICTIONARIES, LANGS, type Lang } from "./i18n.ts";
export { parseResultJson } from "./load.ts";
export { markdownFromModel, renderMarkdown } from "./markdown.ts";
export { compareReportFrom, sizingReportFrom, sweepReportFrom } from "./model/adapters.ts";
export type { CompareReport, SizingReport, SweepReport } from "./model/extras.ts";
export { buildReportModel, type ReportExtra } from "./model/index.ts";
export type { ReportModel } from "./model/types.ts";
export { type ReportRenderer, renderReport, reportRenderer } from "./render.ts";
export { renderSvg } from "./svg.ts";
export { type WriteReportsOptions, writeReports } from "./write.ts";
export { renderXlsx } from "./xlsx.ts";
