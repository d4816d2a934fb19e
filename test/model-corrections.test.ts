/**
 * Model corrections of the transformation fund and the angel sub-funds, each on a scenario small enough to compute by
 * hand (MODEL.md §3–§5): no rounding dust in the ledger, reserves bounding follow-ons, the exit year's macro factor
 * in early-exit and term-sale prices, tolerance_breach_any, tickets by target ownership and the fund's carry.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { tinyAngel } from "./angel-helpers.ts";
import { fixedLadder, gfsimError, load, metric, near, ROOT, run, tinyFund } from "./helpers.ts";

describe("ledger without rounding dust", () => {
  it("no fee is called once every holding is sold, so the IRR is defined on every path", async () => {
    // Seven tickets of uneven amounts, all exiting at the end of year 2: from year 3 the fee basis (cost held) is
    // exactly 0. A running total of cost held left ~1e-9 yuan there, a phantom fee call after the last distribution.
    const fund = tinyFund({
      deal_flow: { per_year: 7, entry_mix: { s1: 1 } },
      tickets: { s1: { amount: { dist: "uniform", min: 100_000.1, max: 1_000_000.3 } } },
      fees: { management: 0.02 },
    });
    const { result } = await run(fund, 64);
    const calls = result.vehicles.fund!.series.calls!;
    for (const y of calls.filter((p) => p.year >= 3)) expect(y.mean, `calls in year ${y.year}`).toBe(0);
    near(result.vehicles.fund!.metrics.irr!.defined!, 1, 0, "share of paths with an IRR");
  });
});

describe("reserves bound follow-ons", () => {
  // The pro-rata follow-on at s2 is 10% × 25% × 50M = 1.25M (test/fund-closed-forms.test.ts); the fund is 100M.
  const follow = { follow_on: { stages: ["s2"], mode: "pro_rata" } };
  it.each([
    [0, 1_000_000, 1],
    [0.01, 1_000_000, 1],
    [0.0125, 2_250_000, 0],
    [0.4, 2_250_000, 0],
  ])("reserves %d: paid-in %d, %d skipped", async (reserves, paidIn, skipped) => {
    const { result } = await run(tinyFund({ ...follow, reserves }), 4);
    near(metric(result, "fund", "paid_in"), paidIn, 1e-6, `paid_in with reserves ${reserves}`);
    near(metric(result, "fund", "deals_skipped"), skipped, 0, `deals_skipped with reserves ${reserves}`);
  });

  it("an angel sub-fund's follow-ons stop when its reserve is spent", async () => {
    const { result } = await run(angelWithFollowOn(0), 4);
    near(metric(result, "fof", "follow_ons_skipped"), 1, 0, "follow-on skipped with reserves 0");
    const { result: r2 } = await run(angelWithFollowOn(0.5), 4);
    near(metric(r2, "fof", "follow_ons_skipped"), 0, 0, "follow-on paid with reserves 0.5");
  });
});

/** tinyAngel with a pro-rata follow-on in the s2 round (50% × 25% × 100M = 12.5M) and the given reserves. */
function angelWithFollowOn(reserves: number) {
  const raw = tinyAngel({ subfunds: { reserves, follow_on: { stages: ["s2"], mode: "pro_rata" } } });
  raw.vehicles[0]!.id = "fof";
  return raw;
}

describe("the exit year's macro factor loads early-exit and term-sale prices (MODEL.md §3)", () => {
  const beta = 0.5;
  const load = (z: number) => Math.exp(beta * z - 0.5 * beta * beta);
  it.each([2, -2, 0])("early exit at Z₁ = %d: 1M × exp(βZ − β²/2)", async (z) => {
    // The 1M ticket buys 1M / V₁; the early exit at 1× post-money V₁, loaded on Z₁, returns 1M × load(Z₁).
    const lifecycle = fixedLadder({ s1: { advance: 0, exit: 1, exit_multiple: 1, beta } });
    const { result } = await run(tinyFund({ lifecycle }, { macro: { shocks: { 1: z } } }), 4);
    near(metric(result, "fund", "distributions"), 1_000_000 * load(z), 1e-6, `early exit at Z=${z}`);
  });
  it.each([2, -2])("term sale at Z₅ = %d: NAV × exp(βZ − β²/2) × (1 − discount)", async (z) => {
    // The company sits in s2 at the term (year 5), 7.5% of its 50M post-money loaded on Z₁ = 0: NAV 3.75M × load(0),
    // sold 10% below NAV × load(Z₅).
    const lifecycle = fixedLadder({ s2: { years: 10, beta } });
    const fund = tinyFund({ lifecycle, term_discount: 0.1 }, { macro: { shocks: { 1: 0, 5: z } } });
    const { result } = await run(fund, 4);
    const expected = 3_750_000 * load(0) * load(z) * 0.9;
    near(metric(result, "fund", "distributions"), expected, 1e-6, `term sale at Z=${z}`);
  });
  it("an angel sub-fund's term sale loads on the term year's factor", async () => {
    // tinyAngel: 37.5% of the 100M s2 company at the term (year 5) ⇒ NAV 37.5M.
    const raw = tinyAngel({ horizon: 6 });
    const s2 = raw.vehicles[0]!.subfunds.lifecycle.stages[1] as Record<string, unknown>;
    s2.beta = beta;
    // Same paths (same seed) with Z₅ = 2 and Z₅ = 0: the term sale differs by exactly load(2) / load(0) = e.
    const { result } = await run({ ...raw, macro: { shocks: { 5: 2 } } }, 4);
    const { result: plain } = await run({ ...raw, macro: { shocks: { 5: 0 } } }, 4);
    const ratio = metric(result, "angel", "distributions") / metric(plain, "angel", "distributions");
    near(ratio, load(2) / load(0), 1e-12, "term-sale ratio");
  });
});

describe("容错: tolerance_breach_any and on_breach acting on either", () => {
  // 20 deals in year 1 at s1, 70% fail at its end: the s1 bucket's loss ratio ≈ 0.7 breaches its 0.2 limit while
  // the fund-level limit (0.9) holds. Survivors reach s3 at the end of year 3, where the fund would follow on.
  const lifecycle = {
    stages: [
      { name: "s1", years: 1, advance: 0.3, post_money: 10_000_000, round_size: 0.2 },
      { name: "s2", years: 2, advance: 1, post_money: 20_000_000, round_size: 0.2 },
      { name: "s3", years: 1, advance: 1, post_money: 40_000_000, round_size: 0.2, exit_value: 80_000_000 },
    ],
  };
  const fund = (breach_scope: "fund" | "any") =>
    tinyFund({
      deal_flow: { per_year: 20, entry_mix: { s1: 1 } },
      follow_on: { stages: ["s3"], mode: "pro_rata" },
      reserves: 0.5,
      lifecycle,
      tolerance: {
        fund_loss_ratio: 0.9,
        by_stage: { s1: 0.2 },
        assess: "annual",
        on_breach: "stop_new",
        breach_scope,
      },
    });
  it("a stage breach is reported by tolerance_breach_any, not by tolerance_breach", async () => {
    const { result } = await run(fund("fund"), 20);
    near(metric(result, "fund", "tolerance_breach"), 0, 0, "fund-level breach");
    near(metric(result, "fund", "tolerance_breach_s1"), 1, 0, "s1 breach");
    near(metric(result, "fund", "tolerance_breach_any"), 1, 0, "any breach");
    near(result.programme.metrics.any_tolerance_breach!.mean ?? Number.NaN, 1, 0, "programme P(any breach)");
    expect(metric(result, "fund", "invested")).toBeGreaterThan(20_000_000);
  });
  it("breach_scope any: stop_new acts on the stage breach (no follow-ons)", async () => {
    const { result } = await run(fund("any"), 20);
    near(metric(result, "fund", "invested"), 20_000_000, 1e-6, "only first tickets");
  });
});

describe("tickets by target ownership", () => {
  it("ownership 0.15 ⇒ the ticket is 15% of the round's drawn post-money, so every deal owns exactly 15%", async () => {
    // s1 post-money lognormal(median 10M): ticket = 0.15 × V; the s2 round (25%) dilutes the stake to 0.15 × 0.75,
    // and the exit at 100M returns 0.15 × 0.75 × 100M on every path, whatever V was.
    const lifecycle = fixedLadder({ s1: { post_money: { dist: "lognormal", median: 10_000_000, sigma: 0.5 } } });
    const { result } = await run(tinyFund({ tickets: { s1: { ownership: 0.15 } }, lifecycle }), 200);
    near(metric(result, "fund", "distributions"), 0.15 * 0.75 * 100_000_000, 1e-6, "exit proceeds");
    // Paid-in is 15% of the lognormal post-money: mean 10M × e^(0.125), sd of the mean from the sample.
    const paid = result.vehicles.fund!.metrics.paid_in!;
    const expected = 0.15 * 10_000_000 * Math.exp(0.125);
    expect(Math.abs((paid.mean ?? 0) - expected), "mean ticket").toBeLessThan(4 * (paid.se ?? 0));
  });
  it("a ticket needs exactly one of amount and ownership", () => {
    const problems = (raw: unknown) => gfsimError(() => load(raw)).problems.map((p) => `${p.path} ${p.message}`);
    const both = problems(tinyFund({ tickets: { s1: { amount: 1e6, ownership: 0.1 } } }));
    expect(both.join("\n")).toMatch(/tickets\.s1\.ownership .*exactly one of amount .* or ownership/);
    const neither = problems(tinyFund({ tickets: { s1: {} } }));
    expect(neither.join("\n")).toMatch(/tickets\.s1\.amount .*exactly one/);
  });
});

describe("leverage metrics under clear names", () => {
  it("the pool's peak stock ratio stays under its cap while the cumulative 放大倍数 exceeds it", async () => {
    const { result } = await run(shipped("chengdu-pool-100m"), 200);
    const cap = 10;
    expect(result.vehicles.pool!.metrics.leverage_peak!.p99 ?? Number.NaN).toBeLessThanOrEqual(cap + 1e-9);
    expect(metric(result, "pool", "leverage_realized")).toBeGreaterThan(metric(result, "pool", "leverage_peak"));
  });
  it("angel leverage is on committed capital: sub-fund size ÷ government share of it", async () => {
    // tinyAngel: one 100M sub-fund, government share 0.3 ⇒ 1 / 0.3 whatever the buy-backs do.
    const { result } = await run(tinyAngel({ concession: { mode: "buyback", free_years: 3, rate: 0.03 } }), 8);
    near(metric(result, "angel", "leverage"), 1 / 0.3, 1e-9, "committed leverage");
    expect(metric(result, "angel", "leverage_paid_in")).toBeGreaterThanOrEqual(1 / 0.3 - 1e-9);
  });
});

function shipped(name: string): unknown {
  return parse(readFileSync(`${ROOT}scenarios/${name}.yaml`, "utf8"));
}

describe("the discount 0.03 / 0.04 cliff of yuhang-2b is the buy-back threshold d = r / (1 + r), not a bug", () => {
  // A grant G converting at price V(1 − d) is a stake worth G / (1 − d) at the round's post-money, which stays the
  // company's mark until its next round. The founders' buy-back price after one year is G(1 + r). So with
  // 1 / (1 − d) > 1 + r, i.e. d > r / (1 + r) = 0.0301 for r = 3.1%, every converted grant is bought back at k = 1
  // before its next outcome, and no converted grant of that entry stage can be lost: its loss ratio is exactly 0.
  const r = 0.031;
  const threshold = r / (1 + r);
  const fund = (discount: number) =>
    tinyFund({
      tickets: { s1: { amount: 1_000_000, instrument: "grant" } },
      conversion: { discount, exit: "buyback", buyback: { years: 3, rate: r } },
      lifecycle: fixedLadder({ s2: { years: 3 } }),
    });
  it.each([
    [threshold + 1e-4, 1_031_000],
    [threshold - 1e-4, 0],
  ])("discount %d: buy-back proceeds %d at k = 1", async (discount, buyback) => {
    const { result } = await run(fund(discount), 4);
    near(metric(result, "fund", "buybacks"), buyback, 1e-6, `buy-backs at discount ${discount}`);
  });
});
