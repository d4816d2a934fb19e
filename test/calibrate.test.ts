/**
 * `calibrate` recovers known parameters (MODEL.md §11): simulate a scenario, perturb its free parameters, fit back to
 * the original's metrics on one seed, and land within the Monte Carlo error; the fitted scenario then hits each
 * target within its stated tolerance on fresh seeds. Tolerances come from the standard errors the fit reports.
 */
import { describe, expect, it } from "vitest";
import { batchStandardError, calibrate } from "../src/run/calibrate.ts";
import { parseFree, parseMatch, resolveFree } from "../src/scenario/calibration.ts";
import { cli, gfsimError, metric, run } from "./helpers.ts";

/** A two-stage fund whose s1 advance probability and exit-value median set its loss buckets and its multiple. */
function fund(advance: number, median: number) {
  return {
    name: "calibration-probe",
    horizon_years: 8,
    vehicles: [
      {
        id: "fund",
        kind: "transformation_fund",
        size: 1e9,
        investment_years: 2,
        term_years: 8,
        deal_flow: { per_year: 15, entry_mix: { s1: 1 } },
        tickets: { s1: { amount: 1_000_000 } },
        lifecycle: {
          stages: [
            { name: "s1", years: 1, advance, post_money: 10_000_000, round_size: 0.2 },
            {
              name: "s2",
              years: 2,
              advance: 0.7,
              post_money: 30_000_000,
              round_size: 0.2,
              exit_value: { dist: "lognormal", median, sigma: 0.8 },
            },
          ],
        },
      },
    ],
  };
}

describe("calibrate", () => {
  it("parses --free and --match, expanding * over a named list", () => {
    expect(parseFree("fund.lifecycle.stages.*.advance")).toEqual({ path: "fund.lifecycle.stages.*.advance" });
    expect(parseFree("fund.reserves=0.1..0.5")).toEqual({ path: "fund.reserves", low: 0.1, high: 0.5 });
    expect(parseMatch("fund.tvpi.p50=1.67±0.05")).toEqual({ metric: "fund.tvpi.p50", value: 1.67, tolerance: 0.05 });
    const free = resolveFree(fund(0.5, 1e8), [parseFree("fund.lifecycle.stages.*.advance")]);
    expect(free.map((f) => f.path)).toEqual(["fund.lifecycle.stages.s1.advance", "fund.lifecycle.stages.s2.advance"]);
    expect(free[0]!.segments).toEqual(["vehicles", 0, "lifecycle", "stages", 0, "advance"]);
    const named = resolveFree(fund(0.5, 1e8), [parseFree("fund.lifecycle.stages.s2.exit_value.median")]);
    expect(named[0]).toMatchObject({ start: 1e8, low: 2.5e7, high: 4e8 });
    expect(gfsimError(() => parseFree("fund.reserves=0.5..0.1")).exitCode).toBe(2);
    expect(gfsimError(() => parseMatch("fund.tvpi.p50")).exitCode).toBe(2);
    expect(gfsimError(() => resolveFree(fund(0.5, 1e8), [parseFree("fund.nothing.here")])).problems[0]!.path).toBe(
      "free[0]",
    );
  });

  it("recovers perturbed parameters within Monte Carlo error, and the fit holds on fresh seeds", async () => {
    const paths = 400;
    const truth = fund(0.45, 80_000_000);
    const { result } = await run(truth, paths, 7);
    const targets = ["fund.deal_outcomes_lt1x.mean", "fund.moic.mean"];
    const match = targets.map((m) => ({ metric: m, value: lookup(result, m), tolerance: 0 }));
    const perturbed = fund(0.7, 30_000_000);
    const fit = await calibrate(
      perturbed,
      [
        { path: "fund.lifecycle.stages.s1.advance" },
        { path: "fund.lifecycle.stages.s2.exit_value.median", low: 1e7, high: 4e8 },
      ],
      match,
      { paths, seed: 7, maxEvaluations: 80 },
    );
    for (const t of fit.targets) {
      expect(t.se, t.metric).not.toBeNull();
      expect(Math.abs(t.achieved! - t.target), `${t.metric}: ${t.achieved} vs ${t.target} (se ${t.se})`).toBeLessThan(
        3 * t.se!,
      );
    }
    expect(fit.pass).toBe(true);
    // The parameters come back near the truth (the multiple is noisier than the loss share, hence the looser band).
    expect(Math.abs(fit.free[0]!.fitted - 0.45)).toBeLessThan(0.05);
    expect(Math.abs(Math.log(fit.free[1]!.fitted / 80_000_000))).toBeLessThan(0.35);
    // Fresh seeds: each target within its tolerance (here the fit's own Monte Carlo error) plus the fresh run's.
    for (const seed of [101, 202]) {
      const { result: fresh } = await run(fit.fitted, paths, seed);
      for (const t of fit.targets) {
        const got = lookup(fresh, t.metric);
        const seFresh = t.se!;
        expect(Math.abs(got - t.target), `${t.metric} on seed ${seed}`).toBeLessThan(4 * Math.hypot(t.se!, seFresh));
      }
    }
  }, 120_000);

  it("the CLI exits 2 on bad input, naming the flag", () => {
    const r = cli(["calibrate", "generic-vc", "--match", "vc.tvpi.p50", "--free", "vc.reserves"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--match/);
    const r2 = cli(["calibrate", "generic-vc", "--match", "vc.tvpi.p50=1.6", "--free", "vc.nope"]);
    expect(r2.status).toBe(2);
    expect(r2.stderr).toMatch(/free\[0\]/);
  });

  it("batch standard errors match the closed form for a mean", () => {
    const n = 20_000;
    let s = 1;
    const xs = Float64Array.from({ length: n }, () => {
      s = (s * 16807) % 2147483647;
      return s / 2147483647;
    });
    const se = batchStandardError(xs, "mean")!;
    expect(Math.abs(se / Math.sqrt(1 / 12 / n) - 1)).toBeLessThan(0.4);
  });
});

function lookup(result: Parameters<typeof metric>[0], path: string): number {
  const [id, name, stat] = path.split(".");
  return metric(result, id!, name!, stat as "mean");
}
