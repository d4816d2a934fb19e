/**
 * The result as one tidy long table for analysts querying across runs (DuckDB, pandas, R, Excel's Power Query): one
 * row per run, vehicle, metric, statistic and year, each row carrying the run's identity (scenario, hash, seed,
 * paths, version), so the files of many runs can simply be concatenated. Scalar metrics have an empty year; series
 * points have theirs. Written as CSV (`tidy`) and as Parquet (`parquet`) from the same rows.
 */
import type { Result } from "../run/result.ts";

export const TIDY_COLUMNS = [
  "scenario",
  "hash",
  "seed",
  "paths",
  "version",
  "vehicle",
  "kind",
  "metric",
  "statistic",
  "year",
  "value",
] as const;

export interface TidyRow {
  scenario: string;
  hash: string;
  seed: number;
  paths: number;
  version: string;
  /** Vehicle id, or `programme` for the programme view. */
  vehicle: string;
  kind: string;
  metric: string;
  /** mean, sd, se, p01 … p99, defined, n (metrics) or mean, p05 … p95 (series). */
  statistic: string;
  /** Year of a series point; null for a metric over the whole horizon. */
  year: number | null;
  /** null where the statistic is undefined (e.g. the IRR of no path). */
  value: number | null;
}

type Stats = Record<string, unknown>;

/** Every number of the result as rows, in the result's own order (vehicles, then the programme). */
export function tidyRows(result: Result): TidyRow[] {
  const id = {
    scenario: result.scenario.name,
    hash: result.scenario.hash,
    seed: result.seed,
    paths: result.paths,
    version: result.version,
  };
  const rows: TidyRow[] = [];
  const add = (vehicle: string, kind: string, metric: string, stats: Stats, year: number | null) => {
    for (const [statistic, v] of Object.entries(stats)) {
      if (statistic === "year" || (typeof v !== "number" && v !== null)) continue;
      rows.push({
        ...id,
        vehicle,
        kind,
        metric,
        statistic,
        year,
        value: typeof v === "number" && Number.isFinite(v) ? v : null,
      });
    }
  };
  const section = (
    vehicle: string,
    kind: string,
    metrics: Record<string, unknown>,
    series: Record<string, unknown[]> | undefined,
  ) => {
    for (const [metric, stats] of Object.entries(metrics)) add(vehicle, kind, metric, stats as Stats, null);
    for (const [metric, points] of Object.entries(series ?? {}))
      for (const p of points as Stats[]) add(vehicle, kind, metric, p, p.year as number);
  };
  for (const [vehicle, v] of Object.entries(result.vehicles))
    section(vehicle, v.kind, v.metrics as Record<string, unknown>, v.series as Record<string, unknown[]>);
  section(
    "programme",
    "programme",
    result.programme.metrics as Record<string, unknown>,
    result.programme.series as Record<string, unknown[]> | undefined,
  );
  return rows;
}

/** RFC 4180 field; numbers at full precision (they read back to the JSON's numbers), null as empty. */
function field(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "";
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The tidy table as CSV (header row, CRLF line ends). */
export function renderTidyCsv(result: Result): string {
  const lines = [TIDY_COLUMNS.join(",")];
  for (const row of tidyRows(result)) lines.push(TIDY_COLUMNS.map((c) => field(row[c])).join(","));
  return `${lines.join("\r\n")}\r\n`;
}
