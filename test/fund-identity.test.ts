/**
 * The ledger identity of MODEL.md §4 on every path and year: paid-in (calls − idle cash returned) = investments +
 * grants + fees + cash held, and distributions = exits + buy-backs + recoveries + term sale. Checked on the shipped
 * scenarios and on ≥200 random valid scenarios (property-based, fast-check).
 */
import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fillMacroPath, macroParams } from "../src/engine/macro.ts";
import { pathStream } from "../src/engine/rng.ts";
import { type FundLedgerYear, transformationFundEngine } from "../src/engine/vehicles/transformation-fund/engine.ts";
import { type LoadedScenario, loadScenarioText, validateScenario } from "../src/scenario/load.ts";
import type { TransformationFund } from "../src/scenario/vehicles/transformation-fund.ts";

/** Simulates `paths` paths of every transformation fund in the scenario, checking the identity each year. */
function checkIdentity(loaded: LoadedScenario, paths: number): number {
  let checked = 0;
  const H = loaded.scenario.horizon_years;
  loaded.byYear.forEach((versions) => {
    if (versions[0]!.kind !== "transformation_fund") return;
    let sums = { calls: 0, returned: 0, out: 0, dist: 0, parts: 0 };
    const probe = (path: number, y: Readonly<FundLedgerYear>) => {
      if (y.year === 1) sums = { calls: 0, returned: 0, out: 0, dist: 0, parts: 0 };
      sums.calls += y.calls;
      sums.returned += y.returned;
      sums.out += y.investments + y.grants + y.fees;
      sums.dist += y.distributions;
      sums.parts += y.exits + y.buybacks + y.recoveries + y.termSale;
      const scale = Math.max(1, sums.calls);
      const gap = sums.calls - sums.returned - (sums.out + y.cash);
      if (Math.abs(gap) > 1e-9 * scale) throw new Error(`path ${path} year ${y.year}: paid-in identity off by ${gap}`);
      if (Math.abs(sums.dist - sums.parts) > 1e-9 * Math.max(1, sums.dist))
        throw new Error(`path ${path} year ${y.year}: distributions ${sums.dist} ≠ parts ${sums.parts}`);
      if (y.cash < -1e-6) throw new Error(`path ${path} year ${y.year}: negative cash ${y.cash}`);
      checked++;
    };
    const engine = transformationFundEngine(versions as TransformationFund[], loaded.scenario, { probe });
    const macro = macroParams(loaded.scenario.macro, H);
    const z = new Float64Array(H + 1);
    const out = {
      scalars: new Float64Array(engine.scalarNames.length),
      series: new Float64Array(engine.seriesNames.length * H),
    };
    for (let p = 0; p < paths; p++) {
      fillMacroPath(macro, pathStream(7, p, "macro"), z);
      engine.simulatePath({ path: p, horizon: H, z, rng: pathStream(7, p, engine.id) }, out);
    }
  });
  return checked;
}

describe("ledger identity", () => {
  const dir = new URL("../scenarios/", import.meta.url);
  const shipped = readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((file) => ({ file, loaded: loadScenarioText(readFileSync(new URL(file, dir), "utf8")) }));
  const funds = (loaded: LoadedScenario) =>
    loaded.scenario.vehicles.filter((v) => v.kind === "transformation_fund").length;
  const withFund = shipped.filter((s) => funds(s.loaded) > 0);

  it("covers every shipped scenario with a transformation fund", () => {
    // A scenario losing its fund (or a new one gaining one) must show up here, not silently skip the identity.
    expect(withFund.map((s) => s.file)).toEqual(["generic-vc.yaml", "programme.yaml", "yuhang-2b.yaml"]);
  });

  it.each(withFund)("holds on every path and year of scenarios/$file", ({ loaded }) => {
    const paths = 200;
    // The probe runs once per fund, path and year 1..H: every one of them must have been checked.
    expect(checkIdentity(loaded, paths)).toBe(funds(loaded) * paths * loaded.scenario.horizon_years);
  });

  it("holds on ≥200 random valid scenarios", () => {
    let scenarios = 0;
    fc.assert(
      fc.property(randomFundScenario(), (raw) => {
        const loaded = validateScenario(raw);
        expect(checkIdentity(loaded, 4)).toBe(4 * loaded.scenario.horizon_years);
        scenarios++;
      }),
      { numRuns: 220, seed: 42 },
    );
    expect(scenarios).toBeGreaterThanOrEqual(200);
  });
});

/** Random valid transformation-fund scenarios covering every rule of §4. */
function randomFundScenario() {
  const prob = fc.double({ min: 0, max: 1, noNaN: true });
  const stage = fc.record({
    adv: prob,
    ex: prob,
    years: fc.oneof(fc.integer({ min: 1, max: 3 }), fc.constant({ dist: "uniform_int", min: 1, max: 3 })),
    pm: fc.double({ min: 1e6, max: 1e9, noNaN: true }),
    sigma: fc.double({ min: 0, max: 1, noNaN: true }),
    round: fc.double({ min: 0, max: 0.5, noNaN: true }),
    rho: fc.double({ min: 0, max: 0.9, noNaN: true }),
    recovery: fc.double({ min: 0, max: 0.5, noNaN: true }),
    beta: fc.double({ min: 0, max: 1, noNaN: true }),
    exitMultiple: fc.double({ min: 0, max: 3, noNaN: true }),
    grant: fc.boolean(),
    weight: fc.double({ min: 0.01, max: 1, noNaN: true }),
    ticket: fc.double({ min: 1e5, max: 2e7, noNaN: true }),
  });
  return fc
    .record({
      stages: fc.array(stage, { minLength: 1, maxLength: 4 }),
      horizon: fc.integer({ min: 1, max: 16 }),
      inv: fc.integer({ min: 1, max: 5 }),
      extraTerm: fc.integer({ min: 0, max: 8 }),
      size: fc.double({ min: 1e7, max: 3e9, noNaN: true }),
      deals: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.constant({ dist: "poisson", mean: 15 })),
      instalments: fc.option(fc.constantFrom([1], [0.4, 0.3, 0.3], [0.5, 0.5]), { nil: undefined }),
      trigger: prob,
      fee: fc.double({ min: 0, max: 0.03, noNaN: true }),
      reserves: fc.double({ min: 0, max: 0.6, noNaN: true }),
      followMode: fc.constantFrom("pro_rata", "fixed"),
      followMask: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
      convTrigger: fc.constantFrom("next_round", "immediate"),
      basis: fc.constantFrom("next_round_price", "fixed_ratio"),
      discount: fc.double({ min: 0, max: 0.5, noNaN: true }),
      cap: fc.option(fc.double({ min: 1e6, max: 1e9, noNaN: true }), { nil: undefined }),
      exit: fc.constantFrom("market", "buyback"),
      window: fc.integer({ min: 1, max: 6 }),
      countGrants: fc.boolean(),
      assess: fc.constantFrom("final", "annual"),
      onBreach: fc.constantFrom("none", "stop_new"),
      termDiscount: fc.double({ min: 0, max: 0.5, noNaN: true }),
      phi: fc.double({ min: 0, max: 0.9, noNaN: true }),
      shareLimit: fc.double({ min: 0.01, max: 1, noNaN: true }),
    })
    .map((r) => {
      const names = r.stages.map((_, i) => `st${i}`);
      const last = r.stages.length - 1;
      const stages = r.stages.map((s, i) => {
        const total = s.adv + s.ex;
        const scale = total > 1 ? 1 / total : 1;
        return {
          name: names[i],
          years: s.years,
          advance: s.adv * scale * 0.999,
          exit: s.ex * scale * 0.999,
          exit_multiple: s.exitMultiple,
          rho: s.rho,
          post_money: { dist: "lognormal", median: s.pm, sigma: s.sigma },
          round_size: s.round,
          recovery: s.recovery,
          beta: s.beta,
          ...(i === last && {
            exit_value: { dist: "lognormal", median: s.pm * 3, sigma: 1, tail: { quantile: 0.95, alpha: 1.5 } },
          }),
        };
      });
      const weights = r.stages.map((s) => s.weight);
      const wsum = weights.reduce((a, b) => a + b, 0);
      const entry_mix = Object.fromEntries(names.map((n, i) => [n, weights[i]! / wsum]));
      const grantOk = (i: number) => r.stages[i]!.grant && !(i === last && r.convTrigger === "next_round");
      const tickets = Object.fromEntries(
        names.map((n, i) => [
          n,
          {
            amount: { dist: "lognormal", median: r.stages[i]!.ticket, sigma: 0.3 },
            instrument: grantOk(i) ? "grant" : "equity",
          },
        ]),
      );
      return {
        name: "random",
        horizon_years: r.horizon,
        macro: { phi: r.phi },
        vehicles: [
          {
            id: "fund",
            kind: "transformation_fund",
            size: r.size,
            government_share: 0.4,
            ...(r.instalments && { capital_calls: { instalments: r.instalments, deploy_trigger: r.trigger } }),
            investment_years: r.inv,
            term_years: r.inv + r.extraTerm,
            term_discount: r.termDiscount,
            fees: { management: r.fee },
            deal_flow: { per_year: r.deals, entry_mix },
            tickets,
            limits: { single_project_share: r.shareLimit, single_project_cap: 5e7 },
            reserves: r.reserves,
            follow_on: {
              stages: names.filter((_, i) => r.followMask[i]),
              mode: r.followMode,
              ...(r.followMode === "fixed" && { amount: 2e6 }),
            },
            conversion: {
              trigger: r.convTrigger,
              basis: r.basis,
              window_years: r.window,
              discount: r.discount,
              ...(r.cap !== undefined && { cap: r.cap }),
              ...(r.basis === "fixed_ratio" && { ratio: 0.05 }),
              exit: r.exit,
              ...(r.exit === "buyback" && { buyback: { years: 3, rate: 0.031 } }),
            },
            tolerance: { fund_loss_ratio: 0.4, count_grants: r.countGrants, assess: r.assess, on_breach: r.onBreach },
            lifecycle: { stages },
          },
        ],
      };
    });
}
