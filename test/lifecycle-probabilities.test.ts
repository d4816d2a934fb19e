/**
 * Lifecycle probabilities (MODEL.md §2.2, §3): with independent failures the share of companies reaching each stage
 * is the product of the stage advance probabilities; with ρ > 0 the failure rate in a year with a fixed factor Z
 * (a `macro.shocks` stress year) is the Vasicek conditional probability.
 */
import { describe, expect, it } from "vitest";
import { normCdf, normInv } from "../src/engine/normal.ts";
import { metric, run, tinyFund } from "./helpers.ts";

const ladder = (rho: number) => ({
  stages: [
    { name: "s1", years: 1, advance: 0.6, exit: 0.1, post_money: 10e6, round_size: 0.2, rho },
    { name: "s2", years: 1, advance: 0.5, exit: 0, post_money: 30e6, round_size: 0.2, rho },
    { name: "s3", years: 1, advance: 0.7, exit: 0, post_money: 90e6, round_size: 0.2, exit_value: 200e6, rho },
  ],
});

describe("stage probabilities", () => {
  it("ρ = 0: reached shares equal products of stage probabilities (within 3 standard errors)", async () => {
    const deals = 50;
    const paths = 400;
    const { result } = await run(
      tinyFund({ deal_flow: { per_year: deals, entry_mix: { s1: 1 } }, lifecycle: ladder(0), size: 1e10 }),
      paths,
    );
    const n = deals * paths;
    for (const [stage, p] of [
      ["s2", 0.6],
      ["s3", 0.6 * 0.5],
    ] as const) {
      const share = metric(result, "fund", `reached_${stage}`) / deals;
      const se = Math.sqrt((p * (1 - p)) / n);
      expect(Math.abs(share - p), `${stage}: share ${share} vs ${p} (se ${se})`).toBeLessThan(3 * se);
    }
    // Exits: early exits at s1 (0.1) and final exits from s3 (0.6·0.5·0.7 = 0.21).
    const exits = metric(result, "fund", "exits") / deals;
    const pe = 0.1 + 0.21;
    expect(Math.abs(exits - pe)).toBeLessThan(3 * Math.sqrt((pe * (1 - pe)) / n));
  });

  it.each([-2, 0, 1.5])("ρ = 0.3: failure rate in a year with Z = %s matches p(Z)", async (z) => {
    const deals = 100;
    const paths = 200;
    const scenario = tinyFund(
      { deal_flow: { per_year: deals, entry_mix: { s1: 1 } }, lifecycle: ladder(0.3), size: 1e10 },
      { macro: { phi: 0, shocks: { 1: z } } },
    );
    const { result } = await run(scenario, paths);
    // Stage s1 resolves at the end of year 1, where Z is fixed: P(fail | Z) = Φ((Φ⁻¹(0.3) − √0.3·Z)/√0.7).
    const pf = normCdf((normInv(0.3) - Math.sqrt(0.3) * z) / Math.sqrt(0.7));
    // Survivors split 6:1 between advance and exit; reached_s2 counts only advances.
    const advanced = metric(result, "fund", "reached_s2") / deals;
    const expectAdvanced = (1 - pf) * (0.6 / 0.7);
    const se = Math.sqrt((expectAdvanced * (1 - expectAdvanced)) / (deals * paths));
    expect(
      Math.abs(advanced - expectAdvanced),
      `Z=${z}: advanced ${advanced} vs ${expectAdvanced} (se ${se})`,
    ).toBeLessThan(3 * se);
  });
});
