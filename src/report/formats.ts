/**
 * The report formats and file naming, kept apart from the renderers so that commands can check `--report` without
 * loading vega or exceljs.
 */
import { GfsimError } from "../errors.ts";

/**
 * The documents rendered from a result (what the API serves); CSV here is the summary table, `tidy` the long CSV
 * (one row per vehicle, metric, statistic and year with the run's identity) and `parquet` the same table as Parquet.
 */
export const DOCUMENT_FORMATS = ["html", "md", "csv", "xlsx", "parquet", "tidy"] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];
/** What commands write: the documents, and `json` (the command's own output). */
export const REPORT_FORMATS = [...DOCUMENT_FORMATS, "json"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Parses a comma-separated format list (`--report`, `--format`) against the report formats; undefined ⇒ none. */
export function parseFormats(text: string | undefined, option = "--report"): ReportFormat[] {
  if (text === undefined) return [];
  const formats = text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  const bad = formats.filter((f) => !(REPORT_FORMATS as readonly string[]).includes(f));
  if (bad.length > 0 || formats.length === 0)
    throw new GfsimError("INVALID_ARGUMENT", `${option} takes a comma-separated list of ${REPORT_FORMATS.join(", ")}`, [
      { path: option, message: bad.length > 0 ? "unknown format" : "no format given", value: bad.join(",") || text },
    ]);
  return [...new Set(formats)] as ReportFormat[];
}

/** A scenario name as a file name: letters, digits, `.`, `_`, `-` and CJK kept, the rest `-`. */
export function safeBaseName(name: string): string {
  const s = name.replace(/[^\p{L}\p{N}._-]+/gu, "-").replace(/^[-.]+|-+$/g, "");
  return s || "report";
}
