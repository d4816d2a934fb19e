/**
 * The tidy table (`tidy.ts`) as an Apache Parquet file, written by hyparquet-writer (pure JavaScript, no native
 * code): typed columns — text as UTF-8 strings, seed and paths as 64-bit integers, year as a nullable 32-bit
 * integer, value as a nullable double — so DuckDB, pandas/pyarrow or Spark read it without parsing numbers.
 */
import { parquetWriteBuffer } from "hyparquet-writer";
import type { Result } from "../run/result.ts";
import { tidyRows } from "./tidy.ts";

export function renderParquet(result: Result): Uint8Array {
  const rows = tidyRows(result);
  const text = (key: "scenario" | "hash" | "version" | "vehicle" | "kind" | "metric" | "statistic") => ({
    name: key,
    data: rows.map((r) => r[key]),
    type: "STRING" as const,
  });
  const buffer = parquetWriteBuffer({
    columnData: [
      text("scenario"),
      text("hash"),
      { name: "seed", data: rows.map((r) => BigInt(r.seed)), type: "INT64" },
      { name: "paths", data: rows.map((r) => BigInt(r.paths)), type: "INT64" },
      text("version"),
      text("vehicle"),
      text("kind"),
      text("metric"),
      text("statistic"),
      { name: "year", data: rows.map((r) => r.year), type: "INT32", nullable: true },
      { name: "value", data: rows.map((r) => r.value), type: "DOUBLE", nullable: true },
    ],
  });
  return new Uint8Array(buffer);
}
