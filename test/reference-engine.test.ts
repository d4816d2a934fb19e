/**
 * Fast path against slow path: the optimised transformation fund engine (typed-array company book, reused state,
 * run through `simulateBlock` exactly as a real run is) must give bit-identical per-path metrics and series to the
 * plain reference in `test/reference/` on the same streams — on yuhang-2b and on random variants that switch every
 * rule on and off (capital calls, 补转投 triggers and bases, buy-backs, follow-on modes, 容错 assessment and stop,
 * recoveries, macro shocks, rule changes by year).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { makeStream, pathStream, type Stream } from "../src/engine/rng.ts";
import { buildEngines, simulateBlock } from "../src/run/simulate.ts";
import { type LoadedScenario, loadScenarioText, validateScenario } from "../src/scenario/load.ts";
import type { TransformationFund } from "../src/scenario/vehicles/transformation-fund.ts";
import { ROOT } from "./helpers.ts";
import { referenceFundPath } from "./reference/transformation-fund.ts";

/** The macro factor written out plainly (MODEL.md §2.1). */
function referenceMacro(loaded: LoadedScenario, rng: Stream): Float64Array {
  const { phi, shocks } = loaded.scenario.macro;
  const H = loaded.scenario.horizon_years;
  const z = new Float64Array(H + 1);
  for (let t = 1; t <= H; t++) {
    const e = rng.normal();
    const shock = shocks[String(t)];
    z[t] = shock !== undefined ? shock : phi * z[t - 1]! + Math.sqrt(1 - phi * phi) * e;
  }
  return z;
}

/** Compares every metric of every path; returns the number of values compared. */
function compareWithReference(loaded: LoadedScenario, seed: number, start: number, end: number): number {
  const H = loaded.scenario.horizon_years;
  const engines = buildEngines(loaded);
  const block = simulateBlock(loaded, seed, start, end, engines);
  const n = end - start;
  let compared = 0;
  engines.forEach((engine, v) => {
    if (engine.kind !== "transformation_fund") return;
    const out = block.vehicles[v]!;
    const byYear = loaded.byYear[v] as TransformationFund[];
    for (let path = start; path < end; path++) {
      const i = path - start;
      const z = referenceMacro(loaded, pathStream(seed, path, "macro"));
      const ref = referenceFundPath(byYear, H, z, pathStream(seed, path, engine.id));
      engine.scalarNames.forEach((name, m) => {
        const fast = out.scalars[m * n + i]!;
        const slow = ref.scalars[name];
        if (slow === undefined) throw new Error(`reference has no metric ${name}`);
        if (!Object.is(fast, slow))
          throw new Error(`${loaded.scenario.name} path ${path} ${name}: engine ${fast}, reference ${slow}`);
        compared++;
      });
      engine.seriesNames.forEach((name, s) => {
        const slow = ref.series[name];
        if (!slow) throw new Error(`reference has no series ${name}`);
        for (let t = 0; t < H; t++) {
          const fast = out.series[s * n * H + i * H + t]!;
          if (!Object.is(fast, slow[t]))
            throw new Error(
              `${loaded.scenario.name} path ${path} ${name}[year ${t + 1}]: engine ${fast}, reference ${slow[t]}`,
            );
          compared++;
        }
      });
    }
  });
  return compared;
}

const pick = <T>(rng: Stream, xs: readonly T[]): T => xs[rng.int(0, xs.length - 1)]!;
const round = (x: number, k = 3) => Number(x.toFixed(k));

/** A random valid transformation-fund scenario exercising the rules the engine branches on. */
function randomVariant(k: number): LoadedScenario {
  const rng = makeStream(`reference-variant:${k}`);
  const horizon = rng.int(4, 16);
  const investment = rng.int(1, Math.min(5, horizon));
  const term = rng.int(investment, investment + 6);
  const stages = ["lab", "poc", "pilot", "growth"];
  const weights = stages.map(() => rng.next() + 0.05);
  const total = weights.reduce((a, b) => a + b, 0);
  const mix = Object.fromEntries(stages.map((s, i) => [s, round(weights[i]! / total, 6)]));
  mix.growth = round(1 - mix.lab! - mix.poc! - mix.pilot!, 6);
  const trigger = pick(rng, ["next_round", "immediate"] as const);
  const tickets = Object.fromEntries(
    stages.map((s) => {
      const grant = s !== "growth" || trigger === "immediate" ? rng.next() < 0.5 : false;
      const median = { lab: 5e5, poc: 1e6, pilot: 3e6, growth: 1e7 }[s]!;
      const u = rng.next();
      const instrument = grant ? "grant" : "equity";
      // A third of the tickets sized by target ownership of the round's post-money.
      if (u < 1 / 3) return [s, { ownership: round(0.05 + 0.1 * rng.next()), instrument }];
      const amount = u < 2 / 3 ? median : { dist: "lognormal", median, sigma: round(0.2 + rng.next() * 0.6) };
      return [s, { amount, instrument }];
    }),
  );
  const basis = pick(rng, ["next_round_price", "fixed_ratio"] as const);
  const exit = pick(rng, ["market", "buyback"] as const);
  const ladder = {
    stages: [
      {
        name: "lab",
        years: 1,
        advance: 0.35,
        exit: 0,
        rho: 0.1,
        post_money: { dist: "lognormal", median: 1e7, sigma: 0.5 },
        round_size: 0.3,
      },
      {
        name: "poc",
        years: { dist: "uniform_int", min: 1, max: 2 },
        advance: 0.4,
        exit: 0.05,
        exit_multiple: round(0.5 + rng.next()),
        rho: 0.15,
        post_money: { dist: "lognormal", median: 2e7, sigma: 0.6 },
        round_size: 0.2,
        recovery: pick(rng, [0, 0.1]),
      },
      {
        name: "pilot",
        years: pick(rng, [1, 2]),
        advance: 0.5,
        exit: 0.05,
        rho: pick(rng, [0, 0.2]),
        post_money: { dist: "lognormal", median: 8e7, sigma: 0.6 },
        round_size: 0.2,
        beta: pick(rng, [0, 0.3]),
      },
      {
        name: "growth",
        years: { dist: "uniform_int", min: 1, max: 3 },
        advance: 0.6,
        exit: 0,
        rho: 0.25,
        post_money: { dist: "lognormal", median: 3e8, sigma: 0.7 },
        round_size: 0.15,
        recovery: pick(rng, [0, 0.2]),
        exit_value: { dist: "lognormal", median: 4e8, sigma: 1, tail: { quantile: 0.95, alpha: 1.3 } },
        beta: 0.4,
      },
    ],
  };
  const size = pick(rng, [2e8, 5e8, 2e9]);
  const followMode = pick(rng, ["pro_rata", "fixed"] as const);
  const fund = {
    id: "fund",
    kind: "transformation_fund",
    size,
    government_share: round(0.2 + 0.8 * rng.next()),
    ...(rng.next() < 0.5 && {
      capital_calls: {
        instalments: pick(rng, [[0.5, 0.5], [0.4, 0.3, 0.3], [1]]),
        deploy_trigger: round(0.5 + 0.4 * rng.next()),
      },
    }),
    investment_years: investment,
    term_years: term,
    term_discount: pick(rng, [0, 0.2]),
    fees: { management: pick(rng, [0, 0.015, 0.025]) },
    deal_flow: {
      per_year: pick(rng, [20, { dist: "poisson", mean: 30 }, { dist: "uniform_int", min: 5, max: 40 }]),
      entry_mix: mix,
    },
    tickets,
    limits: { single_project_share: pick(rng, [0.01, 0.1]), single_project_cap: pick(rng, [5e6, 5e7]) },
    reserves: pick(rng, [0, 0.3, 0.6]),
    follow_on: {
      stages: stages.filter(() => rng.next() < 0.5),
      mode: followMode,
      ...(followMode === "fixed" && { amount: { dist: "lognormal", median: 2e6, sigma: 0.5 } }),
    },
    conversion: {
      trigger,
      window_years: rng.int(1, 5),
      basis,
      discount: pick(rng, [0, 0.2]),
      ...(rng.next() < 0.3 && { cap: 1.5e7 }),
      ...(basis === "fixed_ratio" && { ratio: 0.05 }),
      co_funding: pick(rng, [0, 1]),
      exit,
      ...(exit === "buyback" && { buyback: { years: rng.int(1, 4), rate: 0.031 } }),
    },
    tolerance: {
      fund_loss_ratio: round(0.2 + 0.5 * rng.next()),
      ...(rng.next() < 0.5 && { by_stage: { lab: 0.6, pilot: 0.4 } }),
      count_grants: rng.next() < 0.5,
      assess: pick(rng, ["final", "annual"] as const),
      on_breach: pick(rng, ["none", "stop_new"] as const),
      breach_scope: pick(rng, ["fund", "any"] as const),
    },
    lifecycle: ladder,
  };
  const changeYear = rng.int(2, horizon);
  const raw = {
    name: `variant-${k}`,
    horizon_years: horizon,
    macro: { phi: pick(rng, [0, 0.3, 0.7]), shocks: rng.next() < 0.4 ? { [String(Math.min(2, horizon))]: -2 } : {} },
    vehicles: [fund],
    changes:
      rng.next() < 0.5
        ? [
            {
              year: changeYear,
              set: { "fund.reserves": 0.1, "fund.conversion.window_years": 2, "fund.fees.management": 0.02 },
            },
          ]
        : [],
  };
  return validateScenario(raw);
}

describe("optimised fund engine = plain reference, bit for bit", () => {
  it("yuhang-2b: 300 paths, every scalar and series value", () => {
    const loaded = loadScenarioText(readFileSync(`${ROOT}scenarios/yuhang-2b.yaml`, "utf8"));
    const compared = compareWithReference(loaded, loaded.scenario.run.seed, 0, 300);
    // 300 paths × (scalars + 8 series × 15 years): the comparison really covered the metrics.
    expect(compared).toBeGreaterThan(300 * 150);
  });

  it("yuhang-2b: a block far into the run (paths 700 000–700 100)", () => {
    const loaded = loadScenarioText(readFileSync(`${ROOT}scenarios/yuhang-2b.yaml`, "utf8"));
    expect(compareWithReference(loaded, 7, 700_000, 700_100)).toBeGreaterThan(0);
  });

  it("40 random variants × 25 paths, every rule switched on and off", () => {
    let compared = 0;
    const seen = new Set<string>();
    for (let k = 0; k < 40; k++) {
      const loaded = randomVariant(k);
      const f = loaded.scenario.vehicles[0] as TransformationFund;
      seen.add(`calls:${!!f.capital_calls}`).add(`trigger:${f.conversion.trigger}`).add(`exit:${f.conversion.exit}`);
      seen
        .add(`assess:${f.tolerance.assess}`)
        .add(`stop:${f.tolerance.on_breach}`)
        .add(`scope:${f.tolerance.breach_scope}`)
        .add(`changes:${loaded.scenario.changes.length}`);
      compared += compareWithReference(loaded, k + 1, 0, 25);
    }
    expect(compared).toBeGreaterThan(40 * 25 * 40);
    // Each rule appeared both ways across the variants.
    expect(seen.size).toBe(14);
  });
});
