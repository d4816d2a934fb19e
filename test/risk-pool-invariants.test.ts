/**
 * Invariants of the risk pool on every path and year of a scenario that exercises every rule at once (two banks,
 * three tenors, leverage limit that binds, breakers that trip and resume, refill, caps, corridor, guarantor, rule
 * change), and the fast sampler against the per-loan reference (MODEL.md §2.2: equal in distribution).
 */
import { describe, expect, it } from "vitest";
import { mean, poolScenario, poolVehicle, type Raw, runPool, sd, segment } from "./risk-pool-helpers.ts";

const M = 1_000_000;

function richScenario(over: Raw = {}): Raw {
  return poolScenario(
    poolVehicle({
      pool: 100 * M,
      funding: { city: 0.4, district: 0.4, bank: 0.2 },
      leverage: 5,
      banks: [
        {
          id: "a",
          loans: [
            segment({
              per_year: { dist: "poisson", mean: 120 },
              amount: { dist: "lognormal", mean: 3.1 * M, sd: 2 * M },
              pd: 0.04,
              rho: 0.3,
              lgd: { dist: "beta", mean: 0.7, sd: 0.2 },
            }),
            segment({ per_year: 20, amount: 5 * M, tenor_years: 3, pd: 0.03, rho: 0.2, type: "pledged", lgd: 0.5 }),
          ],
        },
        {
          id: "b",
          loans: [
            segment({
              per_year: { dist: "poisson", mean: 60 },
              amount: 2 * M,
              tenor_years: 2,
              pd: 0.06,
              rho: 0.25,
              type: "first_loan",
            }),
          ],
        },
      ],
      compensation: {
        pool_share: 0.4,
        guarantor_share: 0.2,
        uplift: { first_loan: 0.1 },
        per_loan_cap: 2.5 * M,
        per_bank_year_cap: 25 * M,
        corridor: { from: 0.01, to: 0.2 },
      },
      recovery: { lag_years: 1 },
      guarantee_fee: 0.01,
      circuit_breaker: { payout_ratio: 0.03, floor: 0.4, bank_npl: 0.12, resume: "after_refill" },
      replenishment: { mode: "refill", annual_budget: 15 * M, budget_cap: 40 * M },
      interest: 0.015,
      ...over,
    }),
    {
      horizon_years: 6,
      macro: { phi: 0.4 },
      changes: [{ year: 3, set: { "pool.compensation.pool_share": 0.5, "pool.leverage": 8 } }],
    },
  );
}

describe("risk pool invariants on every path and year", () => {
  const run = runPool(richScenario(), { paths: 400, seed: 11, keepLedger: true });
  const H = run.horizon;

  it("the ledger has one entry per path and year, path-major (the loops below cover every one)", () => {
    expect(H).toBe(6);
    expect(run.ledger).toHaveLength(run.paths * H);
    run.ledger.forEach((e, k) => {
      expect([e.path, e.year], `ledger entry ${k}`).toEqual([Math.floor(k / H), (k % H) + 1]);
    });
  });

  it("balance = opening + paid in + interest + recoveries − compensation, and never negative", () => {
    expect(run.ledger).toHaveLength(run.paths * H);
    for (const e of run.ledger) {
      const expected = e.opening + e.paidIn + e.interest + e.recoveries - e.compensation;
      expect(Math.abs(e.closing - expected), `path ${e.path} year ${e.year}`).toBeLessThanOrEqual(1e-6);
      expect(e.closing).toBeGreaterThanOrEqual(0);
    }
    // The same identity from the emitted series alone.
    const bal = run.series("pool_balance");
    const paid = run.series("paid_in_by_year");
    const int = run.series("interest_by_year");
    const rec = run.series("recoveries_by_year");
    const comp = run.series("compensation_by_year");
    for (let i = 0; i < run.paths; i++)
      for (let t = 0; t < H; t++) {
        const k = i * H + t;
        const before = t === 0 ? 0 : bal[k - 1]!;
        expect(Math.abs(bal[k]! - (before + paid[k]! + int[k]! + rec[k]! - comp[k]!))).toBeLessThanOrEqual(1e-6);
      }
  });

  it("scalars are the sums of their series", () => {
    const sum = (name: string, i: number) =>
      run
        .series(name)
        .subarray(i * H, (i + 1) * H)
        .reduce((s, x) => s + x, 0);
    for (let i = 0; i < run.paths; i++) {
      expect(run.scalar("compensation_paid")[i]).toBeCloseTo(sum("compensation_by_year", i), 3);
      expect(run.scalar("loans_disbursed")[i]).toBeCloseTo(sum("loans_disbursed_by_year", i), 3);
      expect(run.scalar("fiscal_in")[i]).toBeCloseTo(-sum("fiscal_cash_flow", i), 3);
      expect(run.scalar("defaults")[i]).toBe(sum("defaults_by_year", i));
      expect(run.scalar("lending")[i]).toBe(run.scalar("loans_disbursed")[i]);
      for (let t = 0; t < H; t++)
        expect(run.series("outstanding")[i * H + t]).toBe(run.ledger[i * H + t]!.outstandingAfterOrigination);
    }
  });

  it("the leverage limit is never exceeded by new lending, and it binds on some paths", () => {
    let bound = 0;
    for (const e of run.ledger) {
      if (e.newLoans > 0)
        expect(e.outstandingAfterOrigination, `path ${e.path} year ${e.year}`).toBeLessThanOrEqual(
          e.lendingCapacity * (1 + 1e-12),
        );
      if (!e.breakerOn && e.lendingCapacity - e.outstandingAfterOrigination < 5 * M) bound++;
    }
    expect(bound).toBeGreaterThan(0);
    expect(mean(run.scalar("loans_blocked"))).toBeGreaterThan(0);
  });

  it("no loan is granted while the pool's breaker or the bank's breaker is on (and both happen)", () => {
    let poolOn = 0;
    let bankOn = 0;
    for (const e of run.ledger) {
      if (e.breakerOn) {
        poolOn++;
        expect(e.newLoans, `path ${e.path} year ${e.year}`).toBe(0);
      }
      e.bankStopped.forEach((stopped, b) => {
        if (!stopped) return;
        bankOn++;
        expect(e.bankNewLoans[b], `path ${e.path} year ${e.year} bank ${b}`).toBe(0);
      });
    }
    expect(poolOn).toBeGreaterThan(0);
    expect(bankOn).toBeGreaterThan(0);
  });

  it("refills stay within the annual budget and the total cap (and refills happen; both limits bind)", () => {
    expect(run.ledger).toHaveLength(run.paths * H);
    let refills = 0;
    let budgetBinds = 0;
    const refilledByPath = new Float64Array(run.paths);
    for (const e of run.ledger)
      if (e.year > 1) {
        expect(e.paidIn, `path ${e.path} year ${e.year}`).toBeLessThanOrEqual(15 * M);
        if (e.paidIn > 0) refills++;
        if (e.paidIn >= 15 * M - 1e-6) budgetBinds++;
        refilledByPath[e.path]! += e.paidIn;
      }
    expect(refills, "years with a refill").toBeGreaterThan(0);
    expect(budgetBinds, "years where the annual budget binds").toBeGreaterThan(0);
    const paid = run.scalar("replenishment_paid");
    let capBinds = 0;
    paid.forEach((x, i) => {
      expect(x, `path ${i}`).toBeLessThanOrEqual(40 * M + 1e-6);
      // The scalar is the sum of the ledger's refills, so the two checks above are about the same money.
      expect(Math.abs(x - refilledByPath[i]!), `path ${i}: replenishment_paid vs ledger`).toBeLessThanOrEqual(1e-6);
      if (x >= 40 * M - 1e-6) capBinds++;
    });
    expect(capBinds, "paths where the total cap binds").toBeGreaterThan(0);
  });
});

describe.each([
  {
    label: "every rule",
    over: {},
    metrics: ["defaults", "compensation_paid", "bank_loss", "loans_disbursed", "breaker_tripped"],
  },
  {
    label: "small pool, no leverage limit or breaker (exhaustion)",
    over: { pool: 25 * M, leverage: undefined, circuit_breaker: undefined },
    metrics: ["defaults", "compensation_paid", "unpaid_claims", "pool_exhausted"],
  },
])("fast sampler against the per-loan reference: $label", ({ over, metrics }) => {
  // 3000 paths each, different seeds. Means within 4 standard errors of the difference; two-sample
  // Kolmogorov–Smirnov distance below its 0.1% critical value 1.95·√(2/n) (conservative for discrete values).
  const paths = 3000;
  const fast = runPool(richScenario(over), { paths, seed: 21, sampler: "fast" });
  const slow = runPool(richScenario(over), { paths, seed: 22, sampler: "per_loan" });

  it("the fast path ran in one and the per-loan path in the other", () => {
    expect(fast.engine.book.draws.fast).toBeGreaterThan(0);
    expect(fast.engine.book.draws.perLoan).toBe(0);
    expect(slow.engine.book.draws.perLoan).toBeGreaterThan(0);
    expect(slow.engine.book.draws.fast).toBe(0);
  });

  it.each(metrics)("%s: same mean and distribution", (name) => {
    const a = fast.scalar(name);
    const b = slow.scalar(name);
    expect(sd(a) + sd(b), `${name} does not vary: the comparison would be empty`).toBeGreaterThan(0);
    const se = Math.sqrt(sd(a) ** 2 / a.length + sd(b) ** 2 / b.length);
    expect(Math.abs(mean(a) - mean(b)), `${name}: means ${mean(a)} vs ${mean(b)}, se ${se}`).toBeLessThanOrEqual(
      4 * se,
    );
    expect(ksDistance(a, b), name).toBeLessThan(1.95 * Math.sqrt(2 / paths));
  });
});

function ksDistance(a: Float64Array, b: Float64Array): number {
  const x = Float64Array.from(a).sort();
  const y = Float64Array.from(b).sort();
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i]!, y[j]!);
    while (i < x.length && x[i] === v) i++;
    while (j < y.length && y[j] === v) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  return d;
}
