/**
 * Analyst formats: the Parquet file and the tidy long CSV of a run, read back by an independent reader (DuckDB's C++
 * Parquet and CSV readers through @duckdb/node-api), hold exactly the numbers of the result JSON — every metric
 * statistic and series point once, with the run's identity on every row.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readScenario } from "../src/cli/io.ts";
import { writeReports } from "../src/report/write.ts";
import type { Result } from "../src/run/result.ts";
import { runScenario } from "../src/run/run.ts";

type Row = Record<string, unknown>;

/** Column types of the tidy CSV as a reader should declare them (a hash of digits only must stay text). */
const CSV_TYPES = "'hash': 'VARCHAR', 'version': 'VARCHAR', 'year': 'INTEGER', 'value': 'DOUBLE'";

/** The number the result JSON holds for a row, found by walking the JSON (not through the tidy writer). */
function jsonValue(result: Result, row: Row): unknown {
  const section =
    row.vehicle === "programme"
      ? (result.programme as unknown as Record<string, Record<string, unknown>>)
      : (result.vehicles[row.vehicle as string] as unknown as Record<string, Record<string, unknown>>);
  if (row.year === null) return (section.metrics![row.metric as string] as Row)[row.statistic as string];
  const points = section.series![row.metric as string] as Row[];
  return points.find((p) => p.year === row.year)![row.statistic as string];
}

/** Count of every number in the result's metrics and series (year excluded): the rows a tidy table must have. */
function numbersIn(result: Result): number {
  let n = 0;
  const sections = [...Object.values(result.vehicles), result.programme] as unknown as {
    metrics: Record<string, Row>;
    series?: Record<string, Row[]>;
  }[];
  for (const s of sections) {
    for (const m of Object.values(s.metrics)) n += Object.keys(m).length;
    for (const pts of Object.values(s.series ?? {})) for (const p of pts) n += Object.keys(p).length - 1;
  }
  return n;
}

describe("Parquet and tidy CSV", () => {
  let dir: string;
  let result: Result;
  let files: string[];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "gfsim-parquet-"));
    result = (await runScenario(readScenario("chengdu-angel-200m"), { paths: 300, seed: 4 })).result;
    files = await writeReports(result, { formats: ["parquet", "tidy"], lang: "en", outDir: dir, baseName: "r" });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function query(sql: string): Promise<Row[]> {
    const db = await DuckDBInstance.create(":memory:");
    const connection = await db.connect();
    try {
      return (await connection.runAndReadAll(sql)).getRowObjectsJS() as Row[];
    } finally {
      connection.closeSync();
    }
  }

  it("writes r.parquet and r-tidy.csv", () => {
    expect(files).toEqual([join(dir, "r.parquet"), join(dir, "r-tidy.csv")]);
  });

  for (const [label, source] of [
    ["Parquet", (d: string) => `read_parquet('${join(d, "r.parquet")}')`],
    [
      "tidy CSV",
      (d: string) => `read_csv('${join(d, "r-tidy.csv")}', header = true, nullstr = '', types = {${CSV_TYPES}})`,
    ],
  ] as const) {
    it(`${label}: every row is the JSON's number, every number is one row, each row names the run`, async () => {
      const rows = await query(`select * from ${source(dir)}`);
      expect(rows.length).toBe(numbersIn(result));
      expect(rows.length).toBeGreaterThan(500);
      const keys = new Set<string>();
      let nulls = 0;
      for (const row of rows) {
        expect(row.scenario).toBe("chengdu-angel-200m");
        expect(row.hash).toBe(result.scenario.hash);
        expect(Number(row.seed)).toBe(4);
        expect(Number(row.paths)).toBe(300);
        expect(row.version).toBe(result.version);
        const expected = jsonValue(result, row);
        const key = `${row.vehicle}|${row.metric}|${row.statistic}|${row.year}`;
        expect(keys.has(key), key).toBe(false);
        keys.add(key);
        if (expected === null) nulls++;
        expect(row.value === null ? null : Number(row.value), key).toBe(expected);
      }
      // The series rows carry their years; some statistics are undefined (null) on purpose, and are still rows.
      expect(rows.some((r) => r.year !== null)).toBe(true);
      expect(nulls).toBe(rows.filter((r) => r.value === null).length);
    });
  }

  it("Parquet columns are typed (analysts need no number parsing)", async () => {
    const columns = await query(`describe select * from read_parquet('${join(dir, "r.parquet")}')`);
    const types = Object.fromEntries(columns.map((c) => [c.column_name, c.column_type]));
    expect(types).toMatchObject({
      scenario: "VARCHAR",
      seed: "BIGINT",
      paths: "BIGINT",
      year: "INTEGER",
      value: "DOUBLE",
      statistic: "VARCHAR",
    });
  });
});
