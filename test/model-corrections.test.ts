/**
 * Model corrections of the transformation fund and the angel sub-funds, each on a scenario small enough to compute by
 * hand (MODEL.md §3–§5): no rounding dust in the ledger, reserves bounding follow-ons, the exit year's macro factor
 * in early-exit and term-sale prices, tolerance_breach_any, tickets by target ownership and the fund's carry.
 */
import { describe, expect, it } from "vitest";
import { near, run, tinyFund } from "./helpers.ts";

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
