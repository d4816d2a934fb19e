/**
 * Pool sizing (MODEL.md §6.1) on scenarios with answers known by hand, common random numbers along the curve, and
 * bad arguments (exit 2 naming the argument).
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { GfsimError } from "../src/errors.ts";
import { maxLeverage, sizePool, wilson } from "../src/run/solve.ts";
import { poolScenario, poolVehicle, segment } from "./risk-pool-helpers.ts";

const M = 1_000_000;
const TOL = 0.005;

/** 100 loans of ¥1M a year, all defaulting, the pool paying 40%: claims of 40M a year, certain. */
function certain(over: Record<string, unknown> = {}, scenario: Record<string, unknown> = {}) {
  return poolScenario(
    poolVehicle({
      pool: 5 * M,
      banks: [{ id: "bank_a", loans: [segment({ pd: 1 })] }],
      compensation: { pool_share: 0.4 },
      ...over,
    }),
    scenario,
  );
}

describe("size-pool", () => {
  it("certain claims of 40M: the smallest pool is 40M (the scenario's leverage limit is switched off)", async () => {
    // With the scenario's leverage 0.5 applied, only 2.5M could be lent; sizing ignores it by definition.
    // 100 paths: P = 0 has the Wilson upper bound 3.84/103.84 = 0.037 < alpha, so the band's upper end is resolved.
    const r = await sizePool(certain({ leverage: 0.5 }), { alpha: 0.05, paths: 100, seed: 1, tolerance: TOL });
    expect(r.answer).toBeGreaterThanOrEqual(40 * M);
    expect(r.answer).toBeLessThanOrEqual(40 * M * (1 + TOL) + 1);
    // The curve is a step: P = 1 below 40M, 0 from 40M.
    for (const p of r.curve) expect(p.p).toBe(p.value >= 40 * M ? 0 : 1);
    expect(r.band.lo).toBeLessThanOrEqual(40 * M);
    expect(r.band.hi).toBeGreaterThanOrEqual(40 * M);
    // With 50 paths P = 0 is not significantly below 0.05 (upper bound 0.071): the band's upper end stays open.
    const few = await sizePool(certain(), { alpha: 0.05, paths: 50, seed: 1, tolerance: TOL });
    expect(few.answer).toBe(r.answer);
    expect(few.band.hi).toBeNull();
  });

  it("two years of certain claims with a capped refill: the pool must cover 40M + 40M − 10M = 70M", async () => {
    // Year 1 pays 40M; the start of year 2 brings min(40M, 10M budget) = 10M; year 2 pays 40M: P − 40M + 10M ≥ 40M.
    const r = await sizePool(
      certain({ replenishment: { mode: "refill", annual_budget: 10 * M } }, { horizon_years: 2 }),
      {
        alpha: 0.01,
        paths: 20,
        tolerance: TOL,
      },
    );
    expect(r.answer).toBeGreaterThanOrEqual(70 * M);
    expect(r.answer).toBeLessThanOrEqual(70 * M * (1 + TOL) + 1);
  });

  it("every candidate runs the same paths: the estimated curve is monotone in the pool size", async () => {
    const raw = poolScenario(
      poolVehicle({
        pool: 20 * M,
        banks: [
          {
            id: "bank_a",
            loans: [
              segment({
                per_year: { dist: "poisson", mean: 150 },
                amount: { dist: "lognormal", mean: 2 * M, sd: M },
                pd: 0.04,
                rho: 0.2,
                lgd: { dist: "beta", mean: 0.7, sd: 0.2 },
              }),
            ],
          },
        ],
        compensation: { pool_share: 0.5 },
        recovery: { lag_years: 1 },
        interest: 0.02,
      }),
      { horizon_years: 3, macro: { phi: 0.3 } },
    );
    const r = await sizePool(raw, { alpha: 0.1, paths: 400, seed: 9, tolerance: 0.01 });
    expect(r.curve.length).toBeGreaterThan(6);
    for (let i = 1; i < r.curve.length; i++) expect(r.curve[i]!.p).toBeLessThanOrEqual(r.curve[i - 1]!.p);
    const at = r.curve.find((p) => p.value === r.answer)!;
    expect(at.p).toBeLessThanOrEqual(0.1);
    // Just below the answer (within the tolerance) the probability is above alpha.
    const below = r.curve.filter((p) => p.value < r.answer!).at(-1)!;
    expect(below.p).toBeGreaterThan(0.1);
    expect(r.answer! - below.value).toBeLessThanOrEqual(0.01 * r.answer! + 1);
  });
});

describe("max-leverage", () => {
  it("pool 10M, 1M loans all defaulting, 40% share: at most 25 loans (leverage < 2.6)", async () => {
    // Leverage L allows ⌊10·L⌋ loans of 1M; claims 0.4M each must fit in 10M: ⌊10·L⌋ ≤ 25 ⇔ L < 2.6.
    const raw = certain({
      pool: 10 * M,
      leverage: 10,
      banks: [{ id: "bank_a", loans: [segment({ pd: 1, per_year: 1000 })] }],
    });
    const r = await maxLeverage(raw, { alpha: 0.05, paths: 20, tolerance: TOL });
    expect(r.answer).toBeLessThan(2.6);
    expect(r.answer).toBeGreaterThanOrEqual(2.6 * (1 - TOL));
  });

  it("says so when no leverage up to the schema's maximum exhausts the pool", async () => {
    const raw = certain({ pool: 10 * M, leverage: 10, banks: [{ id: "bank_a", loans: [segment({ pd: 0 })] }] });
    const r = await maxLeverage(raw, { alpha: 0.05, paths: 10 });
    expect(r.answer).toBeNull();
    expect(r.note).toMatch(/every leverage/);
  });
});

describe("bad arguments", () => {
  it.each([
    [{ alpha: 0 }, "--alpha"],
    [{ alpha: 1.5 }, "--alpha"],
    [{ alpha: 0.05, vehicle: "fund" }, "--vehicle"],
  ])("%o names %s", async (opts, path) => {
    const err = await sizePool(certain(), { paths: 5, ...opts }).catch((e) => e);
    expect(err).toBeInstanceOf(GfsimError);
    expect((err as GfsimError).exitCode).toBe(2);
    expect((err as GfsimError).problems[0]!.path).toBe(path);
  });

  it("the CLI exits 2 and names the option", async () => {
    const err = await promisify(execFile)("npx", [
      "tsx",
      "src/cli/main.ts",
      "size-pool",
      "scenarios/chengdu-pool-100m.yaml",
      "--alpha",
      "0",
    ]).catch((e: { code: number; stderr: string }) => e);
    expect((err as { code: number }).code, (err as { stderr: string }).stderr).toBe(2);
    expect((err as { stderr: string }).stderr).toContain("--alpha");
  });

  it("Wilson interval: 0 of 20,000 gives [0, 1.92e-4]; 50 of 1000 contains 0.05", () => {
    // Wilson upper bound at k = 0: z²/(n + z²) = 3.8415/20003.84 = 1.9204e-4.
    const w0 = wilson(0, 20_000);
    expect(w0.lo).toBe(0);
    expect(w0.hi).toBeCloseTo(1.9204e-4, 7);
    const w = wilson(50, 1000);
    expect(w.lo).toBeLessThan(0.05);
    expect(w.hi).toBeGreaterThan(0.05);
  });
});
