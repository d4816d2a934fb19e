/**
 * Phase 4: the result → CSV for spreadsheets and scripts: one row per metric (summary) and one row per series
 * point (series). Column names are fixed English keys and numbers are written in full precision, so a CSV
 * round-trips to the same numbers as the JSON result; the programme view appears as vehicle `programme`.
 */
import type { Result } from "../run/result.ts";

export const SUMMARY_COLUMNS = [
  "vehicle",
  "kind",
  "metric",
  "mean",
  "sd",
  "se",
  "p01",
  "p05",
  "p25",
  "p50",
  "p75",
  "p95",
  "p99",
  "defined",
  "n",
] as const;
export const SERIES_COLUMNS = ["vehicle", "kind", "metric", "year", "mean", "p05", "p25", "p50", "p75", "p95"] as const;

/** RFC 4180 field: quoted when it holds a comma, quote or line break; null and non-finite numbers are empty. */
function field(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "";
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function lines(rows: unknown[][]): string {
  return `${rows.map((r) => r.map(field).join(",")).join("\r\n")}\r\n`;
}

type Loose = Record<string, unknown>;

/** Every vehicle plus the programme, as [id, kind, metrics, series]. */
export function resultBlocks(result: Result): [string, string, Record<string, Loose>, Record<string, Loose[]>][] {
  const blocks: [string, string, Record<string, Loose>, Record<string, Loose[]>][] = Object.entries(
    result.vehicles ?? {},
  ).map(([id, v]) => [
    id,
    String(v.kind),
    (v.metrics ?? {}) as unknown as Record<string, Loose>,
    (v.series ?? {}) as unknown as Record<string, Loose[]>,
  ]);
  if (result.programme)
    blocks.push([
      "programme",
      "programme",
      (result.programme.metrics ?? {}) as unknown as Record<string, Loose>,
      (result.programme.series ?? {}) as unknown as Record<string, Loose[]>,
    ]);
  return blocks;
}

/** The per-metric summary CSV (one row per metric and vehicle; what `renderReport(..., "csv")` of the API serves). */
export function renderCsv(result: Result): string {
  const rows: unknown[][] = [[...SUMMARY_COLUMNS]];
  for (const [id, kind, metrics] of resultBlocks(result))
    for (const [name, m] of Object.entries(metrics))
      rows.push([id, kind, name, ...SUMMARY_COLUMNS.slice(3).map((c) => m[c])]);
  return lines(rows);
}

/** The per-year series CSV (one row per series point). */
export function renderSeriesCsv(result: Result): string {
  const rows: unknown[][] = [[...SERIES_COLUMNS]];
  for (const [id, kind, , series] of resultBlocks(result))
    for (const [name, points] of Object.entries(series))
      for (const p of points) rows.push([id, kind, name, ...SERIES_COLUMNS.slice(3).map((c) => p[c])]);
  return lines(rows);
}
