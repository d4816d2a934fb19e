/**
 * Charts the reports used to miss or draw wrong, from real small runs: the pool's P(exhausted) and P(熔断) by year
 * (the exhaustion series derived from each path's exhaustion year, ending at P(exhausted) exactly), each stage's
 * 容错 limit on the by-stage loss chart, the fund's J-curve and P(TVPI ≥ 1×, ≥ 2×), and no all-zero chart.
 */
import { describe, expect, it } from "vitest";
import { readScenario } from "../src/cli/io.ts";
import { chartSpec } from "../src/report/charts/index.ts";
import { buildReportModel, type ChartInput, renderSvg } from "../src/report/index.ts";
import type { Result } from "../src/run/result.ts";
import { runScenario } from "../src/run/run.ts";

async function run(name: string, sets: string[], paths = 200) {
  const loaded = readScenario(name, sets);
  const { result } = await runScenario(loaded, { paths, seed: 5 });
  return { result, scenario: loaded.scenario };
}

const chartOf = (charts: ChartInput[], id: string) => charts.find((c) => c.id === id);

describe("pool charts", () => {
  it("P(exhausted) and P(熔断) by year are drawn; P(exhausted by the last year) = P(exhausted)", async () => {
    // A small pool so that some paths run out.
    const { result, scenario } = await run("chengdu-pool-100m", ["pool.pool=15000000", "pool.leverage=40"]);
    const pool = result.vehicles.pool!;
    const byYear = pool.series.exhausted_by_year!;
    expect(byYear).toHaveLength(result.horizon_years);
    const p = pool.metrics.pool_exhausted!.mean!;
    expect(p).toBeGreaterThan(0);
    expect(byYear.at(-1)!.mean).toBeCloseTo(p, 12);
    // Cumulative: never falls.
    for (let t = 1; t < byYear.length; t++) expect(byYear[t]!.mean!).toBeGreaterThanOrEqual(byYear[t - 1]!.mean!);

    const model = buildReportModel(result, "en", { scenario });
    const section = model.sections.find((s) => s.id === "vehicle-pool")!;
    const chart = chartOf(section.charts, "pool-prob-by-year")!;
    expect(chart.type).toBe("yearLines");
    const input = chart.input as unknown as {
      series: string[];
      rows: { year: number; series: string; value: number }[];
    };
    expect(input.series).toEqual(["P(exhausted by year)", "P(熔断 on)"]);
    const last = input.rows.filter((r) => r.series === "P(exhausted by year)").at(-1)!;
    expect(last).toEqual({ year: result.horizon_years, series: "P(exhausted by year)", value: byYear.at(-1)!.mean });
    expect(input.rows.filter((r) => r.series === "P(熔断 on)")).toHaveLength(result.horizon_years);
    const svg = await renderSvg(chartSpec(chart));
    expect(svg).toContain("P(exhausted by year)");
    expect(svg).toContain("P(熔断 on)");
    // A lone pool lands no projects: no all-zero "projects landed" chart in the programme view.
    const programme = model.sections.find((s) => s.id === "programme");
    expect(programme?.charts.some((c) => c.id.includes("projects_landed"))).not.toBe(true);
  }, 60_000);
});

describe("fund charts", () => {
  let fund: { result: Result; scenario: unknown };
  it("the by-stage loss chart marks each stage's own 容错 limit from the scenario", async () => {
    fund = await run("yuhang-2b", ["fund.tolerance.by_stage.pilot=0.55"], 150);
    const model = buildReportModel(fund.result, "en", { scenario: fund.scenario });
    const chart = chartOf(model.sections[0]!.charts, "fund-stage-loss")!;
    const rows = (chart.input as unknown as { rows: { label: string; limit?: number }[] }).rows;
    expect(rows.map((r) => [r.label, r.limit])).toEqual([
      ["Lab result", 0.7],
      ["Proof of concept", 0.7],
      ["Pilot", 0.55],
      ["Growth", 0.3],
    ]);
    const spec = JSON.stringify(chartSpec(chart));
    expect(spec).toContain('"x":{"field":"limit"');
  }, 60_000);

  it("J-curve, P(TVPI ≥ 1×) and P(TVPI ≥ 2×): the cards and chart agree with the result", () => {
    const { result } = fund;
    const m = result.vehicles.fund!.metrics;
    const ge1 = m.tvpi_ge_1x!.mean!;
    const ge2 = m.tvpi_ge_2x!.mean!;
    expect(ge2).toBeLessThanOrEqual(ge1);
    // The median TVPI sits between: P(TVPI ≥ p50) ≥ 50%.
    if (m.tvpi!.p50! >= 2) expect(ge2).toBeGreaterThanOrEqual(0.5);
    else expect(ge2).toBeLessThanOrEqual(0.5 + 1 / result.paths);
    const model = buildReportModel(result, "en");
    const cards = model.sections[0]!.kpis.map((k) => k.label);
    expect(cards).toContain("P(TVPI ≥ 1×)");
    expect(cards).toContain("P(TVPI ≥ 2×)");
    const j = chartOf(model.sections[0]!.charts, "fund-net_cash_flow_cumulative-fan")!;
    const rows = (j.input as unknown as { rows: { year: number; p50: number }[] }).rows;
    // The J: the median dips below zero (calls first), then climbs.
    expect(Math.min(...rows.map((r) => r.p50))).toBeLessThan(0);
    expect(rows.at(-1)!.p50).toBeGreaterThan(Math.min(...rows.map((r) => r.p50)));
  });
});
