/**
 * The programme view (MODEL.md §7): every programme figure is, path by path, the sum or ratio of the vehicles' own
 * figures; the shipped programme scenario has its macro stress year and rule change in force.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { GfsimError } from "../src/errors.ts";
import { PROGRAMME_METRICS, programmePaths } from "../src/run/programme.ts";
import type { PathData } from "../src/run/result.ts";
import { runScenario } from "../src/run/run.ts";
import { loadScenarioText } from "../src/scenario/load.ts";
import { summarize } from "../src/stats/summary.ts";
import { load, ROOT, tinyFund } from "./helpers.ts";

const programme = loadScenarioText(readFileSync(`${ROOT}scenarios/programme.yaml`, "utf8"));

/** A vehicle's per-path scalar by name (NaN as 0, as the programme counts it), or zeros when it has none. */
function scalar(data: PathData, id: string, name: string): number[] {
  const v = data.vehicles.find((x) => x.id === id)!;
  const m = v.scalarNames.indexOf(name);
  return Array.from({ length: data.paths }, (_, i) =>
    m < 0 || Number.isNaN(v.scalars[m]![i]!) ? 0 : v.scalars[m]![i]!,
  );
}

function series(data: PathData, id: string, name: string, i: number, t: number): number {
  const v = data.vehicles.find((x) => x.id === id)!;
  const s = v.seriesNames.indexOf(name);
  return s < 0 ? 0 : v.series[s]![i * data.horizon + t]!;
}

describe("programme view", () => {
  it("shipped programme: the three vehicles share one macro factor, a stress year and the pool's rule change", () => {
    const s = programme.scenario;
    expect(s.vehicles.map((v) => v.kind).sort()).toEqual(["angel_fof", "risk_pool", "transformation_fund"]);
    expect(Object.keys(s.macro.shocks).length).toBeGreaterThan(0);
    const pool = s.vehicles.findIndex((v) => v.id === "pool");
    const share = (t: number) =>
      (programme.byYear[pool]![t] as { compensation: { pool_share: number } }).compensation.pool_share;
    expect([share(0), share(1), share(2), share(14)]).toEqual([0.4, 0.4, 0.6, 0.6]);
  });

  it("programme metrics equal the sums and ratios of the vehicles' own figures on every path", async () => {
    const { result, data } = await runScenario(programme, { paths: 60, seed: 7 });
    const p = programmePaths(data);
    const ids = ["fund", "angel", "pool"];
    const sum = (name: string) => ids.map((id) => scalar(data, id, name)).reduce((a, b) => a.map((x, i) => x + b[i]!));
    const fiscal = sum("fiscal_in");
    const social = sum("social_capital");
    const lending = sum("lending");
    const H = data.horizon;
    for (let i = 0; i < data.paths; i++) {
      const at = `path ${i}`;
      expect(p.scalars.fiscal_in[i], at).toBeCloseTo(fiscal[i]!, 4);
      expect(p.scalars.social_capital[i], at).toBeCloseTo(social[i]!, 4);
      expect(p.scalars.lending[i], at).toBeCloseTo(lending[i]!, 4);
      expect(fiscal[i]!).toBeGreaterThan(0);
      expect(p.scalars.social_capital_per_fiscal_yuan[i]!, at).toBeCloseTo(social[i]! / fiscal[i]!, 12);
      expect(p.scalars.lending_per_fiscal_yuan[i]!, at).toBeCloseTo(lending[i]! / fiscal[i]!, 12);
      expect(p.scalars.mobilised_per_fiscal_yuan[i]!, at).toBeCloseTo((social[i]! + lending[i]!) / fiscal[i]!, 12);
      const breach = Math.max(...ids.map((id) => scalar(data, id, "tolerance_breach")[i]!));
      expect(p.scalars.any_tolerance_breach[i], at).toBe(breach);
      expect(p.scalars.any_breach_or_pool_exhausted[i], at).toBe(
        Math.max(breach, scalar(data, "pool", "pool_exhausted")[i]!),
      );
      let cumulative = 0;
      let low = 0;
      let landed = 0;
      for (let t = 0; t < H; t++) {
        const flow = ids.reduce((acc, id) => acc + series(data, id, "fiscal_cash_flow", i, t), 0);
        const land = ids.reduce((acc, id) => acc + series(data, id, "projects_landed", i, t), 0);
        expect(p.series.fiscal_cash_flow[i * H + t], `${at}, year ${t + 1}`).toBeCloseTo(flow, 3);
        expect(p.series.projects_landed[i * H + t], `${at}, year ${t + 1}`).toBe(land);
        cumulative += flow;
        low = Math.min(low, cumulative);
        landed += land;
        expect(p.series.fiscal_cash_flow_cumulative[i * H + t]).toBeCloseTo(cumulative, 3);
      }
      expect(p.scalars.fiscal_net_cash_flow[i]).toBeCloseTo(cumulative, 3);
      expect(p.scalars.fiscal_peak_exposure[i]).toBeCloseTo(-low, 3);
      expect(p.scalars.projects_landed[i]).toBe(landed);
    }
    // The result's programme section summarises exactly these per-path values.
    for (const name of PROGRAMME_METRICS)
      expect(result.programme.metrics[name], name).toEqual(summarize(p.scalars[name]));
    expect(result.programme.series?.fiscal_cash_flow).toHaveLength(H);
  });

  it("one fund: social capital per fiscal yuan is (1 − government_share) / government_share on every path", async () => {
    // government_share 0.5 ⇒ 0.5 / 0.5 = 1; the fund is the whole programme, so the sums are the fund's own.
    const { data } = await runScenario(load(tinyFund()), { paths: 20, seed: 3 });
    const p = programmePaths(data);
    const fundFiscal = scalar(data, "fund", "fiscal_in");
    for (let i = 0; i < data.paths; i++) {
      expect(p.scalars.fiscal_in[i]).toBe(fundFiscal[i]);
      expect(p.scalars.social_capital_per_fiscal_yuan[i]).toBeCloseTo(1, 12);
      expect(p.scalars.lending[i]).toBe(0);
    }
  });

  it("a target on a programme metric is checked like a vehicle's: unknown names are input errors", async () => {
    const loaded = load(tinyFund());
    const ok = await runScenario(loaded, {
      paths: 5,
      targets: [{ metric: "programme.fiscal_in.mean", op: ">", value: 0 }],
    });
    expect(ok.result.targets[0]!.pass).toBe(true);
    const bad = runScenario(loaded, {
      paths: 5,
      targets: [{ metric: "programme.no_such_metric.mean", op: ">", value: 0 }],
    });
    await expect(bad).rejects.toThrow(GfsimError);
    await expect(bad).rejects.toMatchObject({ code: "INVALID_SCENARIO", problems: [{ path: "targets[0].metric" }] });
  });
});
