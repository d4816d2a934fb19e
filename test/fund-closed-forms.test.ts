/**
 * Degenerate transformation-fund scenarios whose answers are computed by hand (MODEL.md §4). The ladder of
 * `fixedLadder`: invest 1M at 10M post-money in year 1 (10%); at the end of year 1 the company raises its s2 round
 * at 50M (round 25%, so a holder who does not follow on keeps 75% of its stake); at the end of year 2 it exits at
 * 100M.
 */
import { describe, expect, it } from "vitest";
import { fixedLadder, metric, near, run, tinyFund } from "./helpers.ts";

const EPS = 1e-9;

describe("transformation fund closed forms", () => {
  it("certain advances and fixed values give exact MOIC, TVPI and IRR", async () => {
    // 10% × 0.75 = 7.5% of 100M = 7.5M back on 1M: MOIC = TVPI = 7.5; flows −1M (y1), +7.5M (y2) ⇒ IRR 650%.
    const { result } = await run(tinyFund(), 20);
    near(metric(result, "fund", "moic"), 7.5, EPS, "moic");
    near(metric(result, "fund", "tvpi"), 7.5, EPS, "tvpi");
    near(metric(result, "fund", "irr"), 6.5, 1e-6, "irr");
    near(metric(result, "fund", "paid_in"), 1_000_000, EPS, "paid_in");
    expect(result.vehicles.fund!.metrics.tvpi!.sd).toBeLessThan(1e-12);
    near(metric(result, "fund", "deal_outcomes_5_10x"), 1, EPS, "one financing at 7.5x");
    near(metric(result, "fund", "loss_ratio"), 0, EPS, "loss ratio");
  });

  it("pro-rata follow-on keeps ownership; fees on commitment, then on cost held", async () => {
    // Follow-on at s2: 10% × 25% × 50M = 1.25M keeps 10% ⇒ 10M at exit. Fee 2% × 100M in year 1 = 2M; from year 2
    // the basis is cost held, 0 after the exit at the end of year 2. Paid-in 1 + 1.25 + 2 = 4.25M ⇒ TVPI 10/4.25.
    const { result } = await run(
      tinyFund({ follow_on: { stages: ["s2"], mode: "pro_rata" }, reserves: 0.5, fees: { management: 0.02 } }),
      10,
    );
    near(metric(result, "fund", "paid_in"), 4_250_000, 1e-6, "paid_in");
    near(metric(result, "fund", "distributions"), 10_000_000, 1e-6, "distributions");
    near(metric(result, "fund", "tvpi"), 10 / 4.25, EPS, "tvpi");
    near(metric(result, "fund", "moic"), 10 / 2.25, EPS, "moic (gross of fees)");
    near(metric(result, "fund", "fees"), 2_000_000, 1e-6, "fees");
    // Two financings: 1M → 7.5M (7.5x) and 1.25M → 2.5M (2x).
    near(metric(result, "fund", "deal_outcomes_5_10x"), 0.5, EPS, "first ticket 7.5x");
    near(metric(result, "fund", "deal_outcomes_1_5x"), 0.5, EPS, "follow-on 2x");
  });

  it("补转投: a grant converts at the next round's price less the discount", async () => {
    // Grant 1M at s1; s2 round at 50M, discount 20% ⇒ price 40M ⇒ 2.5% ⇒ 2.5M at the 100M exit.
    const fund = tinyFund({
      tickets: { s1: { amount: 1_000_000, instrument: "grant" } },
      conversion: { trigger: "next_round", basis: "next_round_price", discount: 0.2, co_funding: 1 },
    });
    const { result } = await run(fund, 10);
    near(metric(result, "fund", "grants_paid"), 1_000_000, EPS, "grants_paid");
    near(metric(result, "fund", "grants_converted"), 1, EPS, "grants_converted");
    near(metric(result, "fund", "distributions"), 2_500_000, 1e-6, "proceeds");
    near(metric(result, "fund", "co_funding"), 1_000_000, EPS, "partner co-funding 1:1");
    near(metric(result, "fund", "invested"), 1_000_000, EPS, "converted grant becomes invested cost");
  });

  it("补转投 with a valuation cap converts at the cap", async () => {
    // min(50M × 0.8, 30M) = 30M ⇒ 1/30 of the company ⇒ 100M/30 at exit.
    const fund = tinyFund({
      tickets: { s1: { amount: 1_000_000, instrument: "grant" } },
      conversion: { discount: 0.2, cap: 30_000_000 },
    });
    const { result } = await run(fund, 5);
    near(metric(result, "fund", "distributions"), 100_000_000 / 30, 1e-6, "proceeds at cap");
  });

  it("buy-back at cost plus simple interest when the stake is worth more", async () => {
    // Conversion at the end of year 1 (2.5% at 40M price). s2 lasts 3 years, so at the end of year 2 (k = 1) the
    // stake is worth 2.5% × 50M = 1.25M > 1M × (1 + 3.1%) ⇒ bought back for exactly 1.031M; nothing at the exit.
    const fund = tinyFund({
      tickets: { s1: { amount: 1_000_000, instrument: "grant" } },
      conversion: { discount: 0.2, exit: "buyback", buyback: { years: 3, rate: 0.031 } },
      lifecycle: fixedLadder({ s2: { years: 3 } }),
    });
    const { result } = await run(fund, 5);
    near(metric(result, "fund", "buybacks"), 1_031_000, 1e-6, "buy-back price");
    near(metric(result, "fund", "distributions"), 1_031_000, 1e-6, "only the buy-back");
    near(metric(result, "fund", "deal_outcomes_1_5x"), 1, EPS, "1.031x");
  });

  it("no buy-back when the stake is worth less than the price: it stays a market holding", async () => {
    // At 30M and no discount: 1/30 of a 30M company = 1M < 1.031M, 1.062M, 1.093M ⇒ held to the 100M exit.
    const fund = tinyFund({
      tickets: { s1: { amount: 1_000_000, instrument: "grant" } },
      conversion: { exit: "buyback", buyback: { years: 3, rate: 0.031 } },
      lifecycle: fixedLadder({ s2: { years: 3, post_money: 30_000_000 } }),
    });
    const { result } = await run(fund, 5);
    near(metric(result, "fund", "buybacks"), 0, EPS, "no buy-back");
    near(metric(result, "fund", "distributions"), 100_000_000 / 30, 1e-6, "market exit");
  });

  it("fixed-ratio conversion on the next round and immediately", async () => {
    const onRound = tinyFund({
      tickets: { s1: { amount: 1_000_000, instrument: "grant" } },
      conversion: { basis: "fixed_ratio", ratio: 0.05 },
    });
    near(metric((await run(onRound, 5)).result, "fund", "distributions"), 5_000_000, 1e-6, "5% of 100M");
    // Immediate: 5% at the grant, diluted by the s2 round (× 0.75) ⇒ 3.75M.
    const immediate = tinyFund({
      tickets: { s1: { amount: 1_000_000, instrument: "grant" } },
      conversion: { trigger: "immediate", basis: "fixed_ratio", ratio: 0.05 },
    });
    near(metric((await run(immediate, 5)).result, "fund", "distributions"), 3_750_000, 1e-6, "diluted 5%");
  });

  it("a grant whose window passes stays a subsidy (结项免责)", async () => {
    // s1 lasts 3 years, the window is 2: no conversion, no proceeds; not a loss unless count_grants.
    const lifecycle = fixedLadder({ s1: { years: 3 } });
    const base = {
      tickets: { s1: { amount: 1_000_000, instrument: "grant" } },
      lifecycle,
      conversion: { window_years: 2 },
    };
    const { result } = await run(tinyFund(base), 5);
    near(metric(result, "fund", "grants_converted"), 0, EPS, "no conversion");
    near(metric(result, "fund", "distributions"), 0, EPS, "no proceeds");
    expect(result.vehicles.fund!.metrics.loss_ratio!.mean).toBe(0);
    const counted = await run(tinyFund({ ...base, tolerance: { count_grants: true, fund_loss_ratio: 0.5 } }), 5);
    near(metric(counted.result, "fund", "loss_ratio"), 1, EPS, "counted grant lost in full");
    near(metric(counted.result, "fund", "tolerance_breach"), 1, EPS, "breach");
  });

  it("a count_grants rule change applies to grants paid from then on: each grant is counted exactly once", async () => {
    // Grant 1M in year 1; s1 lasts 2 years, so it converts in year 2, after the rule changed. Counted when paid
    // (true) ⇒ not again at conversion; not counted when paid (false) ⇒ counted at conversion. Either way 1M.
    for (const [before, after] of [
      [true, false],
      [false, true],
    ]) {
      const fund = tinyFund(
        {
          tickets: { s1: { amount: 1_000_000, instrument: "grant" } },
          lifecycle: fixedLadder({ s1: { years: 2 } }),
          conversion: { trigger: "next_round", basis: "next_round_price", discount: 0.2 },
          tolerance: { count_grants: before, fund_loss_ratio: 0.5 },
        },
        { changes: [{ year: 2, set: { "fund.tolerance.count_grants": after } }] },
      );
      const { result } = await run(fund, 5);
      near(metric(result, "fund", "grants_converted"), 1, EPS, `converted (${before} → ${after})`);
      near(metric(result, "fund", "invested"), 1_000_000, EPS, `invested (${before} → ${after})`);
    }
  });

  it("all companies fail: loss ratio 1 and P(容错 breach) 1; recoveries reduce the loss", async () => {
    const dead = tinyFund({
      deal_flow: { per_year: { dist: "poisson", mean: 5 }, entry_mix: { s1: 1 } },
      investment_years: 2,
      lifecycle: fixedLadder({ s1: { advance: 0 } }),
      tolerance: { fund_loss_ratio: 0.4 },
    });
    const { result } = await run(dead, 200);
    const lr = result.vehicles.fund!.metrics.loss_ratio!;
    // Paths with no deal have no invested cost (ratio 0); with Poisson(5) over 2 years that is e^-10 — none here.
    expect(lr.p01).toBe(1);
    expect(lr.p99).toBe(1);
    near(metric(result, "fund", "tolerance_breach"), 1, EPS, "P(breach)");
    near(metric(result, "fund", "tvpi"), 0, EPS, "tvpi");
    const partial = await run(tinyFund({ lifecycle: fixedLadder({ s1: { advance: 0, recovery: 0.25 } }) }), 5);
    near(metric(partial.result, "fund", "loss_ratio"), 0.75, EPS, "loss after 25% recovery");
    near(metric(partial.result, "fund", "distributions"), 250_000, 1e-6, "recovery paid out");
  });

  it("instalments: the next is called only past the deploy trigger; idle cash is returned at the term", async () => {
    // Size 10M in two halves, trigger 70%. One 1M deal: only 5M called, 4M idle, returned in year 5 (the term).
    const one = tinyFund({ size: 10_000_000, capital_calls: { instalments: [0.5, 0.5], deploy_trigger: 0.7 } });
    const r1 = (await run(one, 3)).result;
    const idle = r1.vehicles.fund!.series.idle_cash!.map((p) => p.mean);
    expect(idle).toEqual([4_000_000, 4_000_000, 4_000_000, 4_000_000, 0, 0]);
    const calls = r1.vehicles.fund!.series.calls!.map((p) => p.mean);
    expect(calls).toEqual([5_000_000, 0, 0, 0, 0, 0]);
    near(metric(r1, "fund", "paid_in"), 1_000_000, EPS, "net paid-in after the return");
    near(metric(r1, "fund", "tvpi"), 7.5, EPS, "tvpi on net paid-in");
    // Two 4M deals: year 1 uses 4M of 5M (80% ≥ 70%), so year 2's deal calls the second half; 2M returned.
    const two = tinyFund({
      size: 10_000_000,
      investment_years: 2,
      capital_calls: { instalments: [0.5, 0.5], deploy_trigger: 0.7 },
      tickets: { s1: { amount: 4_000_000, instrument: "equity" } },
      limits: { single_project_share: 1, single_project_cap: 1e9 },
    });
    const r2 = (await run(two, 3)).result;
    expect(r2.vehicles.fund!.series.calls!.map((p) => p.mean)).toEqual([5_000_000, 5_000_000, 0, 0, 0, 0]);
    expect(r2.vehicles.fund!.series.idle_cash!.map((p) => p.mean)).toEqual([
      1_000_000, 2_000_000, 2_000_000, 2_000_000, 0, 0,
    ]);
    near(metric(r2, "fund", "paid_in"), 8_000_000, EPS, "net paid-in");
  });

  it("single-project limit clips tickets; reserves hold back initial deals and count skips", async () => {
    // Limit min(10% × 20M, cap) = 2M clips the 5M ticket; reserves 0.8 leave 4M for first tickets: 2 deals of 2M.
    const f = tinyFund({
      size: 20_000_000,
      deal_flow: { per_year: 5, entry_mix: { s1: 1 } },
      tickets: { s1: { amount: 5_000_000, instrument: "equity" } },
      reserves: 0.8,
    });
    const { result } = await run(f, 3);
    near(metric(result, "fund", "projects_funded"), 2, EPS, "funded");
    near(metric(result, "fund", "deals_skipped"), 3, EPS, "skipped");
    near(metric(result, "fund", "invested"), 4_000_000, EPS, "invested");
  });

  it("容错 stop_new: after a breach the fund makes no new commitments (follow-ons stop)", async () => {
    // 20 deals in year 1; 70% fail at its end, so the annual assessment at the end of the investment period
    // (year 1) finds a loss ratio near 0.7 > 0.2 (P(≤ 4 failures of 20) ≈ 1e-6). Survivors reach s3 at the end of
    // year 3, where the fund would follow on pro rata — unless stop_new applies.
    const lifecycle = {
      stages: [
        { name: "s1", years: 1, advance: 0.3, post_money: 10_000_000, round_size: 0.2 },
        { name: "s2", years: 2, advance: 1, post_money: 20_000_000, round_size: 0.2 },
        { name: "s3", years: 1, advance: 1, post_money: 40_000_000, round_size: 0.2, exit_value: 80_000_000 },
      ],
    };
    const base = {
      deal_flow: { per_year: 20, entry_mix: { s1: 1 } },
      follow_on: { stages: ["s3"], mode: "pro_rata" },
      reserves: 0.5,
      lifecycle,
    };
    const stop = await run(
      tinyFund({ ...base, tolerance: { fund_loss_ratio: 0.2, assess: "annual", on_breach: "stop_new" } }),
      20,
    );
    const go = await run(
      tinyFund({ ...base, tolerance: { fund_loss_ratio: 0.2, assess: "annual", on_breach: "none" } }),
      20,
    );
    near(metric(stop.result, "fund", "tolerance_breach"), 1, EPS, "breach");
    near(metric(stop.result, "fund", "breach_year"), 1, EPS, "first breach year");
    near(metric(stop.result, "fund", "invested"), 20_000_000, 1e-6, "only first tickets");
    expect(metric(go.result, "fund", "invested")).toBeGreaterThan(20_000_000);
  });
});
