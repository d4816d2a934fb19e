/**
 * Every report format from the synthetic fixture, from results with metrics missing, and from real runs of every
 * shipped scenario (50 paths): nothing crashes, every metric of the result appears, CSV and XLSX hold the JSON's
 * numbers exactly, files are written atomically, and a bad result file is a user error.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, describe, expect, it } from "vitest";
import { readScenario, SCENARIOS_DIR } from "../src/cli/io.ts";
import { GfsimError } from "../src/errors.ts";
import {
  buildReportModel,
  modelSpecs,
  parseResultJson,
  renderCsv,
  renderHtml,
  renderMarkdown,
  renderSeriesCsv,
  renderSvg,
  renderXlsx,
  writeReports,
} from "../src/report/index.ts";
import type { Result } from "../src/run/result.ts";
import { runScenario } from "../src/run/run.ts";
import { SYNTHETIC_SCENARIO, syntheticResult } from "./report-fixture.ts";

const tmp = mkdtempSync(join(tmpdir(), "gfsim-report-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Every `[block, metric]` of a result, the programme included. */
function metricKeys(r: Result): [string, string][] {
  const out: [string, string][] = [];
  for (const [id, v] of Object.entries(r.vehicles)) for (const m of Object.keys(v.metrics)) out.push([id, m]);
  for (const m of Object.keys(r.programme.metrics)) out.push(["programme", m]);
  return out;
}

/** Visible text of an HTML document (tags, styles and the embedded specs removed). */
function visibleText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, "")
    .replace(/<style[\s\S]*?<\/style>/g, "")
    .replace(/<svg[\s\S]*?<\/svg>/g, "")
    .replace(/<[^>]+>/g, " ");
}

/** A result with most things missing: no quantiles, empty vehicles, an unknown kind, no programme metrics. */
function sparseResult(): Result {
  const r = syntheticResult();
  const undefinedMetric = {
    mean: null,
    sd: null,
    se: null,
    p01: null,
    p05: null,
    p25: null,
    p50: null,
    p75: null,
    p95: null,
    p99: null,
    defined: 0,
    n: 0,
  };
  return {
    ...r,
    vehicles: {
      fund: {
        kind: "transformation_fund",
        metrics: { tvpi: undefinedMetric, irr: undefinedMetric },
        series: { nav: [] },
      },
      angel: { kind: "angel_fof", metrics: {}, series: {} },
      pool: {
        kind: "risk_pool",
        metrics: { pool_exhausted: r.vehicles.pool!.metrics.pool_exhausted! },
        series: { breaker_on: [] },
      },
      other: { kind: "mystery_kind", metrics: { mystery: r.vehicles.fund!.metrics.tvpi! }, series: {} },
    },
    programme: { metrics: {} },
    targets: [{ metric: "fund.tvpi.mean", op: ">=", value: 1, actual: null, pass: false }],
  };
}

describe("reports from the synthetic result", () => {
  const result = syntheticResult();

  it.each(["zh", "en"] as const)(
    "HTML (%s) shows every metric, every chart, no NaN, in the right money units",
    async (lang) => {
      const html = await renderHtml(result, lang, { scenario: SYNTHETIC_SCENARIO });
      const text = visibleText(html);
      for (const [, m] of metricKeys(result)) expect(text, m).toContain(m);
      const specs = modelSpecs(buildReportModel(result, lang, { scenario: SYNTHETIC_SCENARIO }));
      for (const [id] of specs) expect(html).toContain(`data-chart-id="${id}"`);
      expect((html.match(/<figure class="chart"/g) ?? []).length).toBe(specs.length);
      expect(html.match(/<svg/g)?.length).toBe(specs.length);
      expect(text).not.toMatch(/NaN|undefined|Infinity/);
      for (const term of ["容错", "补转投", "让利", "熔断"]) expect(text, term).toContain(term);
      if (lang === "zh") {
        expect(text).toMatch(/亿元/);
        expect(text).toMatch(/万元/);
        expect(text).not.toMatch(/¥\d/);
        expect(text).toContain("未达标");
      } else {
        expect(text).toMatch(/¥\d[\d.,]* B/);
        expect(text).toMatch(/¥\d[\d.,]* M/);
        expect(text).not.toMatch(/万元|亿元/);
        expect(text).toContain("FAIL");
      }
      // The specs are embedded and parse back to the same charts.
      const embedded = JSON.parse(
        /<script type="application\/json" id="vega-lite-specs">([\s\S]*?)<\/script>/.exec(html)![1]!,
      );
      expect(Object.keys(embedded)).toEqual(specs.map(([id]) => id));
    },
  );

  it("HTML marks the 容错 limit from the scenario, and says so when it is unknown", async () => {
    const html = await renderHtml(result, "en", { scenario: SYNTHETIC_SCENARIO });
    // fund: tolerance.fund_loss_ratio 0.4; angel: 0.6 — as KPI cards and as labelled lines in the loss charts.
    expect(html).toContain('<div class="label">容错 limit</div><div class="value">40.0%</div>');
    expect(html).toContain('<div class="label">容错 limit</div><div class="value">60.0%</div>');
    expect(html).toContain("容错 limit 40.0%</text>");
    expect(visibleText(html)).not.toContain("The 容错 limit is not in the result");
    const without = await renderHtml(result, "en");
    expect(without).not.toContain('<div class="label">容错 limit</div>');
    expect(visibleText(without)).toContain("The 容错 limit is not in the result");
  });

  it.each(["zh", "en"] as const)("Markdown (%s) lists every metric and flags the failed target", (lang) => {
    const md = renderMarkdown(result, lang);
    for (const [, m] of metricKeys(result)) expect(md, m).toContain(m);
    expect(md).not.toMatch(/NaN|undefined/);
    expect(md.match(/❌/g)?.length).toBeGreaterThanOrEqual(1);
    expect(md).toContain("| --- |");
  });

  it("CSV holds one row per metric and per series point with the JSON's numbers", () => {
    const rows = renderCsv(result)
      .trimEnd()
      .split("\r\n")
      .map((l) => l.split(","));
    expect(rows[0]).toEqual([
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
    ]);
    expect(rows.length - 1).toBe(metricKeys(result).length);
    for (const row of rows.slice(1)) {
      const [id, , metric] = row;
      const m = id === "programme" ? result.programme.metrics[metric!]! : result.vehicles[id!]!.metrics[metric!]!;
      expect(Number(row[3]), `${id}.${metric}`).toBe(m.mean);
      expect(Number(row[12]), `${id}.${metric}`).toBe(m.p99);
    }
    const series = renderSeriesCsv(result).trimEnd().split("\r\n");
    const points =
      Object.values(result.vehicles).reduce(
        (n, v) => n + Object.values(v.series).reduce((k, s) => k + s.length, 0),
        0,
      ) + Object.values(result.programme.series ?? {}).reduce((k, s) => k + s.length, 0);
    expect(series.length - 1).toBe(points);
    expect(series[1]).toBe(
      `fund,transformation_fund,nav,1,${result.vehicles.fund!.series.nav![0]!.mean},${result.vehicles.fund!.series.nav![0]!.p05},${result.vehicles.fund!.series.nav![0]!.p25},${result.vehicles.fund!.series.nav![0]!.p50},${result.vehicles.fund!.series.nav![0]!.p75},${result.vehicles.fund!.series.nav![0]!.p95}`,
    );
  });

  it("XLSX opens with a reader and holds the same numbers as the JSON result", async () => {
    const bytes = await renderXlsx(result, "zh", SYNTHETIC_SCENARIO);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Summary", "Series", "Scenario", "Targets"]);
    const summary = wb.getWorksheet("Summary")!;
    const stats = ["mean", "sd", "se", "p01", "p05", "p25", "p50", "p75", "p95", "p99"] as const;
    let checked = 0;
    summary.eachRow((row, n) => {
      if (n === 1) return;
      const id = String(row.getCell(1).value);
      const metric = String(row.getCell(3).value);
      const m = id === "programme" ? result.programme.metrics[metric]! : result.vehicles[id]!.metrics[metric]!;
      stats.forEach((s, i) => {
        expect(row.getCell(5 + i).value, `${id}.${metric}.${s}`).toBe(m[s]);
      });
      expect(row.getCell(15).value).toBe(m.defined);
      checked++;
    });
    expect(checked).toBe(metricKeys(result).length);
    const nav = result.vehicles.fund!.series.nav!;
    const seriesSheet = wb.getWorksheet("Series")!;
    expect(seriesSheet.getRow(2).getCell(6).value).toBe(nav[0]!.mean);
    const scenario = wb.getWorksheet("Scenario")!;
    const cells = new Map<string, unknown>();
    scenario.eachRow((row) => cells.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(cells.get("scenario.hash")).toBe(result.scenario.hash);
    expect(cells.get("seed")).toBe(42);
    expect(cells.get("vehicles[0].tolerance.fund_loss_ratio")).toBe(0.4);
    const targets = wb.getWorksheet("Targets")!;
    expect(targets.getRow(4).getCell(5).value).toBe("未达标");
  });
});

describe("reports from incomplete results", () => {
  it.each(["zh", "en"] as const)(
    "render every format without crashing and still list what is there (%s)",
    async (lang) => {
      const r = sparseResult();
      const html = await renderHtml(r, lang);
      expect(visibleText(html)).toContain("mystery");
      expect(visibleText(html)).not.toMatch(/NaN|undefined/);
      const warnings: string[] = [];
      for (const [, spec] of modelSpecs(buildReportModel(r, lang))) await renderSvg(spec, warnings);
      expect(warnings).toEqual([]);
      expect(renderMarkdown(r, lang)).toContain("mystery");
      expect(renderCsv(r)).toContain("other,mystery_kind,mystery");
      expect((await renderXlsx(r, lang)).byteLength).toBeGreaterThan(1000);
    },
  );
});

describe("writeReports and result files", () => {
  it("writes every format atomically and returns the paths in order", async () => {
    const dir = join(tmp, "all");
    const paths = await writeReports(syntheticResult(), {
      formats: ["html", "md", "csv", "xlsx", "json"],
      lang: "zh",
      outDir: dir,
    });
    expect(paths.map((p) => p.slice(dir.length + 1))).toEqual([
      "synthetic-programme.html",
      "synthetic-programme.md",
      "synthetic-programme-summary.csv",
      "synthetic-programme-series.csv",
      "synthetic-programme.xlsx",
      "synthetic-programme.json",
    ]);
    for (const p of paths) expect(readFileSync(p).byteLength, p).toBeGreaterThan(100);
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    // The JSON written is the result, and it reads back as one.
    expect(parseResultJson(readFileSync(paths[5]!, "utf8"))).toEqual(syntheticResult());
  });

  it("rejects a file that is not JSON or not a result as a user error (exit 2) naming the problem", () => {
    const bad = (text: string) => {
      try {
        parseResultJson(text, "x.json");
      } catch (e) {
        return e as GfsimError;
      }
      throw new Error("no error");
    };
    const notJson = bad("{ nope");
    expect(notJson).toBeInstanceOf(GfsimError);
    expect(notJson.exitCode).toBe(2);
    const wrong = bad(JSON.stringify({ ...syntheticResult(), vehicles: { fund: { metrics: {} } } }));
    expect(wrong.exitCode).toBe(2);
    expect(wrong.problems.map((p) => p.path)).toContain("vehicles.fund.kind");
    expect(bad("[1,2]").exitCode).toBe(2);
  });
});

describe("reports from every shipped scenario (50 paths)", () => {
  const files = existsSync(SCENARIOS_DIR) ? readdirSync(SCENARIOS_DIR).filter((f) => /\.ya?ml$/.test(f)) : [];

  it("has shipped scenarios to render", () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)("%s: every format in zh and en, every metric shown, no chart warnings", async (file) => {
    const loaded = readScenario(join(SCENARIOS_DIR, file));
    const { result } = await runScenario(loaded, { paths: 50 });
    const dir = join(tmp, file);
    const zh = await writeReports(result, {
      formats: ["html", "md", "csv", "xlsx", "json"],
      lang: "zh",
      outDir: dir,
      extra: { scenario: loaded.scenario },
    });
    const en = await writeReports(result, { formats: ["html", "md"], lang: "en", outDir: dir, baseName: "en" });
    for (const p of [...zh, ...en]) expect(existsSync(p), p).toBe(true);
    const text = visibleText(readFileSync(zh[0]!, "utf8"));
    for (const [, m] of metricKeys(result)) expect(text, m).toContain(m);
    expect(text).not.toMatch(/NaN|undefined/);
    const warnings: string[] = [];
    for (const [id, spec] of modelSpecs(buildReportModel(result, "en", { scenario: loaded.scenario }))) {
      const w: string[] = [];
      await renderSvg(spec, w);
      warnings.push(...w.map((x) => `${id}: ${x}`));
    }
    expect(warnings).toEqual([]);
  });
});
