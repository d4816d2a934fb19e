/**
 * The programme view (MODEL.md §7): every programme figure is, path by path, the sum or ratio of the vehicles' own
 * figures; the shipped programme scenario has its macro stress year and rule change in force.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PROGRAMME_INPUTS } from "../src/engine/vehicle.ts";
import { GfsimError } from "../src/errors.ts";
import { programmePaths } from "../src/run/programme.ts";
import { PROGRAMME_METRICS, PROGRAMME_SERIES } from "../src/run/programme-metrics.ts";
import type { PathData } from "../src/run/result.ts";
import { runScenario } from "../src/run/run.ts";
import { loadScenarioText } from "../src/scenario/load.ts";
import { load, ROOT, tinyFund } from "./helpers.ts";
import { referenceSummarize } from "./reference/summary.ts";

const programme = loadScenarioText(readFileSync(`${ROOT}scenarios/programme.yaml`, "utf8"));

/**
 * Programme inputs a vehicle kind does not emit, by design (MODEL.md §7): only these may be missing. Any other
 * missing name is an error here — src/run/programme.ts counts a missing input as 0, so a renamed metric would
 * otherwise drop out of both sides of the comparison and pass.
 */
const EXPECTED_ABSENT = new Set([
  "transformation_fund.lending",
  "angel_fof.lending",
  "risk_pool.tolerance_breach",
  "risk_pool.projects_landed",
]);

function vehicle(data: PathData, id: string): PathData["vehicles"][number] {
  const v = data.vehicles.find((x) => x.id === id);
  if (!v) throw new Error(`no vehicle ${id}; have ${data.vehicles.map((x) => x.id).join(", ")}`);
  return v;
}

/** Index of `name` in `names`, or -1 when the vehicle's kind is expected not to emit it; throws otherwise. */
function indexOf(v: PathData["vehicles"][number], names: readonly string[], name: string): number {
  const m = names.indexOf(name);
  if (m < 0 && !EXPECTED_ABSENT.has(`${v.kind}.${name}`))
    throw new Error(`${v.kind} ${v.id} has no ${name}; have ${names.join(", ")}`);
  return m;
}

/** A vehicle's per-path scalar by name (NaN as 0, as the programme counts it); zeros only for an expected absence. */
function scalar(data: PathData, id: string, name: string): number[] {
  const v = vehicle(data, id);
  const m = indexOf(v, v.scalarNames, name);
  return Array.from({ length: data.paths }, (_, i) =>
    m < 0 || Number.isNaN(v.scalars[m]![i]!) ? 0 : v.scalars[m]![i]!,
  );
}

function series(data: PathData, id: string, name: string, i: number, t: number): number {
  const v = vehicle(data, id);
  const s = indexOf(v, v.seriesNames, name);
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
    // Every vehicle emits every programme input except the listed absences, and each listed absence is real.
    for (const v of data.vehicles)
      for (const [names, inputs] of [
        [v.scalarNames, PROGRAMME_INPUTS.scalars],
        [v.seriesNames, PROGRAMME_INPUTS.series],
      ] as const)
        for (const name of inputs)
          expect(names.includes(name), `${v.kind} ${v.id} emits ${name}`).toBe(
            !EXPECTED_ABSENT.has(`${v.kind}.${name}`),
          );
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
    // The result's programme section summarises exactly these per-path values: compared with the plain sort-based
    // summary (test/reference/summary.ts), not with `summarize`, the call programmeResult itself makes.
    for (const name of PROGRAMME_METRICS)
      expect(result.programme.metrics[name], name).toEqual(referenceSummarize(p.scalars[name]));
    for (const name of PROGRAMME_SERIES) {
      const points = result.programme.series?.[name];
      expect(points, name).toHaveLength(H);
      for (let t = 0; t < H; t++) {
        const { mean, p05, p25, p50, p75, p95 } = referenceSummarize(p.series[name], t, data.paths, H);
        expect(points![t], `${name}, year ${t + 1}`).toEqual({ year: t + 1, mean, p05, p25, p50, p75, p95 });
      }
    }
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
