/**
 * Closed-form cases of the risk pool (MODEL.md §6), each computed by hand in its comment: certain defaults (pd = 1
 * or a factor shocked far below the threshold), caps, corridor, refill, fixed replenishment, recoveries after the
 * lag, exhaustion, rule changes by origination year, bank-level breaker.
 */
import { describe, expect, it } from "vitest";
import { expectedShortfall } from "../src/engine/vehicles/risk-pool/outputs.ts";
import { poolScenario, poolVehicle, type Raw, runPool, segment } from "./risk-pool-helpers.ts";

/** Runs a few paths and returns path 0's scalars and series (the cases here are deterministic). */
function one(vehicle: Raw, scenario: Raw = {}, paths = 3) {
  const run = runPool(poolScenario(vehicle, scenario), { paths, seed: 3 });
  const H = run.horizon;
  for (const name of run.engine.scalarNames) {
    const v = run.scalar(name);
    for (let i = 1; i < paths; i++)
      expect(Object.is(v[i], v[0]) || v[i] === v[0], `${name} differs across paths`).toBe(true);
  }
  return {
    s: (name: string) => run.scalar(name)[0]!,
    y: (name: string) => Array.from(run.series(name).subarray(0, H)),
    run,
  };
}

const M = 1_000_000;

describe("certain defaults (pd = 1)", () => {
  it("compensation is pool share × principal, the bank bears the rest, the breaker trips", () => {
    // 100 loans of ¥1M all default: claims 0.4 × 100M = 40M; bank loss (lgd 1) 60M; payout ratio 0.4 > 0.025.
    const r = one(
      poolVehicle({
        banks: [{ id: "a", loans: [segment({ pd: 1 })] }],
        compensation: { pool_share: 0.4 },
        circuit_breaker: { payout_ratio: 0.025 },
      }),
    );
    expect(r.s("defaults")).toBe(100);
    expect(r.s("compensation_paid")).toBe(40 * M);
    expect(r.s("bank_loss")).toBe(60 * M);
    expect(r.s("guarantor_loss")).toBe(0);
    expect(r.s("breaker_tripped")).toBe(1);
    expect(r.s("pool_exhausted")).toBe(0);
    expect(r.s("unpaid_claims")).toBe(0);
  });

  it("guarantor share and first-loan uplift split the loss three ways", () => {
    // first_loan: pool 0.4 + 0.05 = 0.45 of 100M = 45M; guarantor 0.2 → 20M; bank 35M.
    const r = one(
      poolVehicle({
        banks: [{ id: "a", loans: [segment({ pd: 1, type: "first_loan" })] }],
        compensation: { pool_share: 0.4, guarantor_share: 0.2, uplift: { first_loan: 0.05 } },
      }),
    );
    expect(r.s("compensation_paid")).toBeCloseTo(45 * M, 4);
    expect(r.s("guarantor_loss")).toBeCloseTo(20 * M, 4);
    expect(r.s("bank_loss")).toBeCloseTo(35 * M, 4);
  });

  it("a pool too small pays what it holds; the rest is an unpaid claim borne by the bank", () => {
    // Pool 10M, claims 40M: paid 10M, unpaid 30M, exhausted in year 1; bank loss 100M − 10M = 90M.
    const r = one(
      poolVehicle({
        pool: 10 * M,
        banks: [{ id: "a", loans: [segment({ pd: 1 })] }],
        compensation: { pool_share: 0.4 },
      }),
    );
    expect(r.s("compensation_paid")).toBe(10 * M);
    expect(r.s("unpaid_claims")).toBe(30 * M);
    expect(r.s("pool_exhausted")).toBe(1);
    expect(r.s("exhaustion_year")).toBe(1);
    expect(r.s("bank_loss")).toBe(90 * M);
    expect(r.s("final_balance")).toBe(0);
  });

  it("a pool exactly the size of the claims is not exhausted", () => {
    const r = one(
      poolVehicle({
        pool: 40 * M,
        banks: [{ id: "a", loans: [segment({ pd: 1 })] }],
        compensation: { pool_share: 0.4 },
      }),
    );
    expect(r.s("pool_exhausted")).toBe(0);
    expect(Number.isNaN(r.s("exhaustion_year"))).toBe(true);
    expect(r.s("final_balance")).toBe(0);
  });
});

describe("caps and corridor", () => {
  it("per-loan cap", () => {
    // 100 loans of ¥10M, share 0.5 → 5M each, capped at 3M → 300M.
    const r = one(
      poolVehicle({
        banks: [{ id: "a", loans: [segment({ pd: 1, amount: 10 * M })] }],
        compensation: { pool_share: 0.5, per_loan_cap: 3 * M },
      }),
    );
    expect(r.s("compensation_paid")).toBe(300 * M);
    expect(r.s("bank_loss")).toBe(700 * M);
  });

  it("per-bank-year cap", () => {
    // Two banks of 10 loans × ¥1M, share 0.5 → 5M per bank, capped at 3M each → 6M.
    const r = one(
      poolVehicle({
        banks: [
          { id: "a", loans: [segment({ pd: 1, per_year: 10 })] },
          { id: "b", loans: [segment({ pd: 1, per_year: 10 })] },
        ],
        compensation: { pool_share: 0.5, per_bank_year_cap: 3 * M },
      }),
    );
    expect(r.s("compensation_paid")).toBe(6 * M);
    expect(r.s("bank_loss")).toBe(14 * M);
  });

  it.each([
    // 4 of 100 loans default: NPL 4%; the band 3–5% covers 1 point of it: 1/4 of each claim → 0.5 × 4M × 0.25.
    { bad: 4, expected: 0.5 * M },
    // NPL 2%: below the band, nothing paid.
    { bad: 2, expected: 0 },
    // NPL 10%: only the 2 points inside the band: 0.5 × 10M × (0.02 / 0.10) = 1M.
    { bad: 10, expected: 1 * M },
  ])("corridor 3–5% with $bad% NPL pays $expected", ({ bad, expected }) => {
    const r = one(
      poolVehicle({
        banks: [{ id: "a", loans: [segment({ pd: 1, per_year: bad }), segment({ pd: 0, per_year: 100 - bad })] }],
        compensation: { pool_share: 0.5, corridor: { from: 0.03, to: 0.05 } },
      }),
    );
    expect(r.s("compensation_paid")).toBeCloseTo(expected, 6);
  });
});

/** Year 1: every loan defaults; from year 2 no loan defaults. */
const badFirstYear = { changes: [{ year: 2, set: { "pool.banks[0].loans[0].pd": 0 } }] };

describe("replenishment, interest and recoveries", () => {
  it("refill tops up by last year's compensation within the annual budget and the total cap", () => {
    // Year 1 claims 0.4 × 100M = 40M; year 2 refill min(40M, 25M budget, 30M cap) = 25M; year 3: nothing paid in
    // year 2, no refill. Fiscal money: 0.8 × 100M initial + 25M.
    const r = one(
      poolVehicle({
        pool: 100 * M,
        banks: [{ id: "a", loans: [segment({ pd: 1 })] }],
        compensation: { pool_share: 0.4 },
        replenishment: { mode: "refill", annual_budget: 25 * M, budget_cap: 30 * M },
      }),
      { horizon_years: 3, ...badFirstYear },
    );
    expect(r.y("paid_in_by_year")).toEqual([100 * M, 25 * M, 0]);
    expect(r.y("fiscal_cash_flow")).toEqual([-80 * M, -25 * M, 0]);
    expect(r.y("pool_balance")).toEqual([60 * M, 85 * M, 85 * M]);
    expect(r.s("fiscal_in")).toBe(105 * M);
    expect(r.s("social_capital")).toBe(20 * M);
    expect(r.s("replenishment_paid")).toBe(25 * M);
  });

  it("fixed replenishment within the annual budget and the total cap", () => {
    // amount 10M, annual budget 8M, cap 12M: years 2, 3, 4 pay 8M, 4M, 0.
    const r = one(
      poolVehicle({
        pool: 50 * M,
        banks: [{ id: "a", loans: [segment({ pd: 0 })] }],
        replenishment: { mode: "fixed", amount: 10 * M, annual_budget: 8 * M, budget_cap: 12 * M },
      }),
      { horizon_years: 4 },
    );
    expect(r.y("paid_in_by_year")).toEqual([50 * M, 8 * M, 4 * M, 0]);
  });

  it("interest is earned on the balance and rolled in", () => {
    // 100M at 2%: 102M, then 104.04M.
    const r = one(poolVehicle({ pool: 100 * M, interest: 0.02, banks: [{ id: "a", loans: [segment({ pd: 0 })] }] }), {
      horizon_years: 2,
    });
    expect(r.y("pool_balance")[0]).toBeCloseTo(102 * M, 4);
    expect(r.y("pool_balance")[1]).toBeCloseTo(104.04 * M, 4);
  });

  it.each([
    { lag: 2, arrives: [0, 0, 20 * M, 0] },
    { lag: 0, arrives: [20 * M, 0, 0, 0] },
  ])("recoveries come back after the lag ($lag years), pro rata", ({ lag, arrives }) => {
    // 100 loans of ¥1M default in year 1, lgd 0.6, share 0.5: pool pays 50M and gets back 0.4 × 50M = 20M;
    // the bank finally loses 0.6 × 50M = 30M.
    const r = one(
      poolVehicle({
        pool: 100 * M,
        banks: [{ id: "a", loans: [segment({ pd: 1, lgd: 0.6 })] }],
        compensation: { pool_share: 0.5 },
        recovery: { lag_years: lag },
      }),
      { horizon_years: 4, ...badFirstYear },
    );
    expect(r.s("compensation_paid")).toBe(50 * M);
    expect(r.y("recoveries_by_year").map((x) => Math.round(x))).toEqual(arrives);
    expect(r.s("recoveries_received")).toBeCloseTo(20 * M, 4);
    expect(r.y("pool_balance").at(-1)).toBeCloseTo(70 * M, 4);
    expect(r.s("bank_loss")).toBeCloseTo(30 * M, 4);
  });

  it("recoveries due after the horizon are pending, and count in the parties' final losses", () => {
    const r = one(
      poolVehicle({
        pool: 100 * M,
        banks: [{ id: "a", loans: [segment({ pd: 1, lgd: 0.6 })] }],
        compensation: { pool_share: 0.5 },
        recovery: { lag_years: 3 },
      }),
      { horizon_years: 2, ...badFirstYear },
    );
    expect(r.s("recoveries_received")).toBe(0);
    expect(r.s("recoveries_pending")).toBeCloseTo(20 * M, 4);
    expect(r.s("bank_loss")).toBeCloseTo(30 * M, 4);
  });
});

describe("rules over time and breakers", () => {
  it("a change applies to loans originated from its year; older loans keep their terms", () => {
    // 2-year loans; the factor is shocked to +6 in year 1 (no defaults) and −6 in year 2 (all default; rho 0.99 makes
    // p(Z) = Φ((0 − 0.995·Z)/0.1): about 0 and 1). Year-1 loans keep share 0.4, year-2 loans get 0.8:
    // 10 × 1M × 0.4 + 10 × 1M × 0.8 = 12M.
    const r = one(
      poolVehicle({
        banks: [{ id: "a", loans: [segment({ per_year: 10, pd: 0.5, rho: 0.99, tenor_years: 2 })] }],
        compensation: { pool_share: 0.4 },
      }),
      {
        horizon_years: 2,
        macro: { shocks: { 1: 6, 2: -6 } },
        changes: [{ year: 2, set: { "pool.compensation.pool_share": 0.8 } }],
      },
    );
    expect(r.y("defaults_by_year")).toEqual([0, 20]);
    expect(r.s("compensation_paid")).toBeCloseTo(12 * M, 4);
  });

  it("resume never: a tripped pool lends no more; after_refill: it lends again the year after a refill", () => {
    const base = {
      pool: 100 * M,
      banks: [{ id: "a", loans: [segment({ pd: 1 })] }],
      compensation: { pool_share: 0.4 },
      replenishment: { mode: "refill" },
    };
    const never = one(poolVehicle({ ...base, circuit_breaker: { payout_ratio: 0.1, resume: "never" } }), {
      horizon_years: 4,
      ...badFirstYear,
    });
    expect(never.y("loans_disbursed_by_year")).toEqual([100 * M, 0, 0, 0]);
    expect(never.y("breaker_on")).toEqual([0, 1, 1, 1]);
    // Tripped at the end of year 1, refilled at the start of year 2, lending again from year 3.
    const refill = one(poolVehicle({ ...base, circuit_breaker: { payout_ratio: 0.1, resume: "after_refill" } }), {
      horizon_years: 4,
      ...badFirstYear,
    });
    expect(refill.y("loans_disbursed_by_year")).toEqual([100 * M, 0, 100 * M, 100 * M]);
    expect(refill.y("breaker_on")).toEqual([0, 1, 0, 0]);
  });

  it("balance floor trips the pool breaker", () => {
    // Claims 40M leave 60M < 0.7 × 100M.
    const r = one(
      poolVehicle({
        pool: 100 * M,
        banks: [{ id: "a", loans: [segment({ pd: 1 })] }],
        compensation: { pool_share: 0.4 },
        circuit_breaker: { floor: 0.7 },
      }),
      { horizon_years: 2 },
    );
    expect(r.y("breaker_on")).toEqual([0, 1]);
    expect(r.y("loans_disbursed_by_year")).toEqual([100 * M, 0]);
  });

  it("the bank-level breaker stops only the bank above its NPL limit", () => {
    const r = one(
      poolVehicle({
        banks: [
          { id: "a", loans: [segment({ pd: 1, per_year: 10 })] },
          { id: "b", loans: [segment({ pd: 0, per_year: 10 })] },
        ],
        compensation: { pool_share: 0.4 },
        circuit_breaker: { bank_npl: 0.05 },
      }),
      { horizon_years: 2 },
    );
    expect(r.s("bank_breaker_tripped")).toBe(1);
    expect(r.s("breaker_tripped")).toBe(0);
    expect(r.y("loans_disbursed_by_year")).toEqual([20 * M, 10 * M]);
    expect(r.s("loans_blocked")).toBe(10);
  });

  it("guarantee fees accrue on guaranteed balances; bank interest on performing loans", () => {
    // 100 × 1M outstanding for 1 year, fee 1% → 1M; interest 4% on performing 100M → 4M.
    const r = one(
      poolVehicle({
        banks: [{ id: "a", loans: [segment({ pd: 0, rate: 0.04 })] }],
        compensation: { pool_share: 0.4, guarantor_share: 0.3 },
        guarantee_fee: 0.01,
      }),
    );
    expect(r.s("guarantee_fees")).toBeCloseTo(1 * M, 6);
    expect(r.s("bank_interest_income")).toBeCloseTo(4 * M, 6);
  });
});

describe("run-level metrics and determinism", () => {
  it("expected shortfall is the mean of the worst tail", () => {
    const v = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    expect(expectedShortfall(v, 0.95).mean).toBe(98); // mean of 96..100
    expect(expectedShortfall(v, 0.99).mean).toBe(100);
  });

  it("the same seed gives the same paths, another seed other paths", () => {
    const raw = poolScenario(poolVehicle({ pool: 50 * M }), { horizon_years: 3, macro: { phi: 0.3 } });
    const a = runPool(raw, { paths: 50, seed: 5 }).scalar("compensation_paid");
    const b = runPool(raw, { paths: 50, seed: 5 }).scalar("compensation_paid");
    const c = runPool(raw, { paths: 50, seed: 6 }).scalar("compensation_paid");
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });
});
