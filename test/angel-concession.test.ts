/**
 * 让利 concessions of the angel fund of funds (MODEL.md §5) against closed forms: the pure price and transfer
 * functions, then a deterministic one-company sub-fund (test/angel-helpers.ts `tinyAngel`) where every cash flow
 * is known by hand: buy-back inside and after free_years at the exact price, no buy-back when the stake is worth
 * no more than the price, the profit share of a known profit, the waterfall inside the engine, and the notional
 * liquidation of a sub-fund still running at the horizon.
 */
import { describe, expect, it } from "vitest";
import {
  buybackPrice,
  buysBack,
  compoundNet,
  profitShareTransfer,
} from "../src/engine/vehicles/angel-fof/concession.ts";
import { load, simulateAngel, tinyAngel } from "./angel-helpers.ts";

const M = 1e6;
const one = (raw: unknown) => simulateAngel(load(raw), 1).scalars[0]!;

describe("concession functions", () => {
  it("buy-back price: net paid-in within free_years, then × (1 + rate·k), never below 0", () => {
    expect(buybackPrice(3 * M, 3, 3, 0.031)).toBe(3 * M);
    expect(buybackPrice(3 * M, 4, 3, 0.031)).toBeCloseTo(3 * M * 1.124, 6);
    expect(buybackPrice(-1 * M, 5, 3, 0.031)).toBe(0);
    expect(buysBack(3 * M, 3 * M)).toBe(false);
    expect(buysBack(3 * M + 1, 3 * M)).toBe(true);
  });

  it("profit share: share × the future value at the hurdle of the government's net flows", () => {
    // −3 at year 1, +9.6 at year 5, hurdle 10%: FV = 9.6 − 3·1.1⁴ = 5.2077; half of it = 2.60385.
    let fv = 0;
    const net = [-3, 0, 0, 0, 9.6];
    for (const x of net) fv = compoundNet(fv, 0.1, x);
    expect(fv).toBeCloseTo(5.2077, 10);
    expect(profitShareTransfer(fv, 0.5)).toBeCloseTo(2.60385, 10);
    expect(profitShareTransfer(-1, 0.5)).toBe(0);
  });
});

describe("concession in the engine (one deterministic company)", () => {
  // Year 1: call 10M (government 3M), 50% of a 20M company. When s1 ends it advances: 37.5% of 100M = NAV 37.5M.
  // Hurdle 0, no catch-up: liquidation at 37.5M gives the LPs 10 + 0.8·27.5 = 32M, the GP 5.5M.
  it("no concession: the government gets its 30% of the LPs' 32M", () => {
    const s = one(tinyAngel());
    expect(s.gov_tvpi).toBeCloseTo(3.2, 10);
    expect(s.gov_tvpi_no_concession).toBeCloseTo(3.2, 10);
    expect(s.lp_tvpi).toBeCloseTo(3.2, 10);
    expect(s.gp_carry).toBeCloseTo(5.5 * M, 4);
    expect(s.concession_cost).toBeCloseTo(0, 4);
    expect(s.leverage).toBeCloseTo(10 / 3, 10);
    expect(s.gov_irr).toBeCloseTo(3.2 ** (1 / 4) - 1, 6);
  });

  it("buy-back inside free_years: bought at year 1 for the government's net paid-in (3M)", () => {
    const s = one(tinyAngel({ concession: { mode: "buyback", free_years: 3, rate: 0.031 } }));
    expect(s.buyback_count).toBe(1);
    expect(s.buyback_paid).toBeCloseTo(3 * M, 4);
    expect(s.gov_tvpi).toBeCloseTo(1, 10);
    expect(s.lp_tvpi).toBeCloseTo(32 / (7 + 3), 10);
    // Without the concession the government would have had 0.3·32 − 3 = 6.6M net; with it, 0.
    expect(s.concession_cost).toBeCloseTo(6.6 * M, 4);
    expect(s.gov_tvpi_no_concession).toBeCloseTo(3.2, 10);
  });

  it("buy-back after free_years: at year 3 for 3M × (1 + 0.031·3); not in years 1–2 where the stake is worth exactly the price", () => {
    const s = one(tinyAngel({ s1Years: 3, concession: { mode: "buyback", free_years: 2, rate: 0.031 } }));
    expect(s.buyback_count).toBe(1);
    expect(s.buyback_paid).toBeCloseTo(3 * M * 1.093, 4);
    expect(s.gov_tvpi).toBeCloseTo(1.093, 10);
    expect(s.gov_irr).toBeCloseTo(1.093 ** (1 / 2) - 1, 6);
    const s3 = one(tinyAngel({ s1Years: 3, concession: { mode: "buyback", free_years: 3, rate: 0.031 } }));
    expect(s3.buyback_paid).toBeCloseTo(3 * M, 4);
  });

  it("no buy-back when the stake is worth less than the price (down round to a 10M post-money)", () => {
    // NAV 0.375·10M = 3.75M, all to the LPs (below their 10M); the stake 1.125M < 3M.
    const s = one(tinyAngel({ s2Value: 10 * M, concession: { mode: "buyback", free_years: 3, rate: 0.031 } }));
    expect(s.buyback_count).toBe(0);
    expect(s.buyback_paid).toBe(0);
    expect(s.gov_tvpi).toBeCloseTo(0.375, 10);
    expect(s.gp_carry).toBe(0);
    expect(s.concession_cost).toBeCloseTo(0, 4);
  });

  it("profit share: half of the government's 6.6M profit goes to the private LPs", () => {
    const s = one(tinyAngel({ concession: { mode: "profit_share", share: 0.5, hurdle: 0 } }));
    expect(s.profit_share_paid).toBeCloseTo(3.3 * M, 4);
    expect(s.gov_tvpi).toBeCloseTo((9.6 - 3.3) / 3, 10);
    expect(s.lp_tvpi).toBeCloseTo((0.7 * 32 + 3.3) / 7, 10);
    expect(s.concession_cost).toBeCloseTo(3.3 * M, 4);
  });

  it("profit share above a 10% hurdle: half of 9.6 − 3·1.1⁴", () => {
    const s = one(tinyAngel({ concession: { mode: "profit_share", share: 0.5, hurdle: 0.1 } }));
    expect(s.profit_share_paid).toBeCloseTo(2.60385 * M, 3);
  });

  it("8% hurdle inside the engine: full catch-up gives carry × profit, none gives 0.2·(37.5 − 10·1.08⁴)", () => {
    const withCatchUp = one(tinyAngel({ subfunds: { hurdle: 0.08, catch_up: true } }));
    expect(withCatchUp.gp_carry).toBeCloseTo(5.5 * M, 4);
    const without = one(tinyAngel({ subfunds: { hurdle: 0.08, catch_up: false } }));
    expect(without.gp_carry).toBeCloseTo(0.2 * (37.5 - 10 * 1.08 ** 4) * M, 4);
  });

  it("a sub-fund still running at the horizon is valued by a liquidation at NAV (not booked as distributions)", () => {
    const s = one(tinyAngel({ horizon: 4 }));
    expect(s.distributions).toBe(0);
    expect(s.gov_tvpi).toBeCloseTo(3.2, 10);
    expect(s.gov_irr).toBeCloseTo(3.2 ** (1 / 3) - 1, 6);
    expect(s.gp_carry).toBeCloseTo(5.5 * M, 4);
  });

  it("per_year formation stops when the commitment is used up; the term sale discount applies", () => {
    const { records, scalars } = simulateAngel(
      load(tinyAngel({ subfunds: { count: undefined, per_year: 1, term_discount: 0.2 } })),
      1,
    );
    expect(scalars[0]!.subfunds_count).toBe(1);
    const raw = tinyAngel({ subfunds: { count: undefined, per_year: 1 } });
    (raw.vehicles[0] as { commitment: number }).commitment = 65 * M;
    const two = simulateAngel(load(raw), 1);
    expect(two.scalars[0]!.subfunds_count).toBe(2);
    expect(new Set(two.records.filter((r) => r.subfund === 1).map((r) => r.year))).toEqual(new Set([2, 3, 4, 5, 6]));
    // Term sale at 0.8 × 37.5M = 30M in year 5.
    expect(records.find((r) => r.year === 5)!.y.termSale).toBeCloseTo(30 * M, 4);
  });
});
