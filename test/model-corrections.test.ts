/**
 * Model corrections of the transformation fund and the angel sub-funds, each on a scenario small enough to compute by
 * hand (MODEL.md §3–§5): no rounding dust in the ledger, reserves bounding follow-ons, the exit year's macro factor
 * in early-exit and term-sale prices, tolerance_breach_any, tickets by target ownership and the fund's carry.
 */
import { describe, expect, it } from "vitest";
import { tinyAngel } from "./angel-helpers.ts";
import { metric, near, run, tinyFund } from "./helpers.ts";

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
