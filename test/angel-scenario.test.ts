/**
 * The shipped Chengdu angel scenario end to end: it equals the shared example, runs through `runScenario` with
 * every metric of MODEL.md §5 and the programme inputs, passes its leverage target, and gives the same numbers
 * whatever the block size (the per-path state reused across paths is fully reset).
 */
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runScenario } from "../src/run/run.ts";
import { loadScenarioText } from "../src/scenario/load.ts";
import { chengdu, load } from "./angel-helpers.ts";
import { ROOT } from "./helpers.ts";

const SHARED = "/work/shared/examples/chengdu-angel-200m.yaml";

describe("chengdu-angel-200m", () => {
  // The shared example lives outside the repository (CI runs on a clean clone, .ci/run): compared where it exists,
  // as test/risk-pool-validation.test.ts does for the pool example.
  it.skipIf(!existsSync(SHARED))("has the content of the shared example (same validated scenario and hash)", () => {
    const shipped = loadScenarioText(readFileSync(`${ROOT}scenarios/chengdu-angel-200m.yaml`, "utf8"));
    const example = loadScenarioText(readFileSync(SHARED, "utf8"));
    expect(shipped.hash).toBe(example.hash);
    expect(shipped.scenario).toEqual(example.scenario);
  });

  it("runs with the §5 metrics, the programme inputs and a passing leverage target", async () => {
    const { result } = await runScenario(load(chengdu()), { paths: 300, seed: 3 });
    const v = result.vehicles.angel!;
    expect(v.kind).toBe("angel_fof");
    for (const m of [
      "gov_tvpi",
      "gov_irr",
      "lp_tvpi",
      "lp_irr",
      "gp_carry",
      "leverage",
      "social_capital",
      "companies_backed",
      "loss_ratio",
      "tolerance_breach",
      "gov_tvpi_no_concession",
      "concession_cost",
      "fiscal_in",
    ])
      expect(Number.isFinite(v.metrics[m]!.mean), m).toBe(true);
    for (const s of ["fiscal_cash_flow", "projects_landed", "gov_nav"]) expect(v.series[s]!.length).toBe(15);
    // 4 sub-funds × 20 companies, each spread over the 5 investment years; a few first tickets do not fit the budget.
    expect(v.metrics.companies_backed!.mean).toBeGreaterThan(75);
    expect(v.metrics.companies_backed!.mean).toBeLessThanOrEqual(80);
    // The government pays 30% of every call until a buy-back, the private LPs all of them after: paid-in leverage
    // ≥ 1/0.3; the headline, on committed capital, is exactly 1/0.3.
    expect(v.metrics.leverage_paid_in!.p05).toBeGreaterThanOrEqual(1 / 0.3 - 1e-9);
    expect(v.metrics.leverage!.mean).toBeCloseTo(1 / 0.3, 9);
    expect(v.metrics.commitment_used_share!.mean).toBeCloseTo(0.9, 12);
    expect(result.targets[0]!.pass).toBe(true);
    expect(result.programme.metrics.fiscal_in!.mean).toBeCloseTo(v.metrics.fiscal_in!.mean!, 6);
    expect(result.programme.metrics.social_capital!.mean).toBeCloseTo(v.metrics.social_capital!.mean!, 6);
  });

  it("gives the same per-path numbers for any block size", async () => {
    const loaded = load(chengdu());
    const a = await runScenario(loaded, { paths: 40, seed: 5, blockSize: 1 });
    const b = await runScenario(loaded, { paths: 40, seed: 5, blockSize: 40 });
    const va = a.data.vehicles[0]!;
    const vb = b.data.vehicles[0]!;
    va.scalars.forEach((arr, m) => {
      expect(Array.from(arr), va.scalarNames[m]).toEqual(Array.from(vb.scalars[m]!));
    });
    va.series.forEach((arr, s) => {
      expect(Array.from(arr), va.seriesNames[s]).toEqual(Array.from(vb.series[s]!));
    });
  });
});
