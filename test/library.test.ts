/**
 * The library API (`import { loadScenario, run, sweep, compare } from "gfsim"`): each call gives exactly what the
 * core computes for the same scenario, overrides, seed and paths (so a script, the CLI and the API agree), accepts
 * overrides and targets as text or data, and reports bad input as a GfsimError naming the field.
 */
import { describe, expect, it } from "vitest";
import { readScenario } from "../src/cli/io.ts";
import { compare, GfsimError, loadScenario, run, sizePool, sweep } from "../src/index.ts";
import { compareScenarios } from "../src/run/compare.ts";
import { runScenario } from "../src/run/run.ts";

const PATHS = 300;

describe("library API", () => {
  it("loadScenario reads a shipped name, applies overrides given as data or as text alike", () => {
    const asData = loadScenario("yuhang-2b", { set: { "fund.reserves": 0.4 } });
    const asText = loadScenario("yuhang-2b", { set: ["fund.reserves=0.4"] });
    const plain = loadScenario("yuhang-2b");
    expect(asData.hash).toBe(asText.hash);
    expect(asData.hash).not.toBe(plain.hash);
    expect(asData.hash).toBe(readScenario("yuhang-2b", ["fund.reserves=0.4"]).hash);
    // A plain object and a loaded scenario are accepted too and give the same scenario.
    expect(loadScenario(structuredClone(plain.scenario) as Record<string, unknown>).hash).toBe(plain.hash);
    expect(loadScenario(plain)).toBe(plain);
  });

  it("bad input is a GfsimError with the field path, the value and the range", () => {
    let caught: unknown;
    try {
      loadScenario("generic-vc", { set: { "vc.reserves": 1.5 } });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(GfsimError);
    const e = caught as GfsimError;
    expect(e.code).toBe("INVALID_SCENARIO");
    const problem = e.problems.find((p) => p.path.includes("reserves"));
    expect(problem, JSON.stringify(e.problems)).toBeDefined();
    expect(problem!.value).toBe(1.5);
    expect(() => loadScenario("no-such-scenario")).toThrow(/no scenario file "no-such-scenario"/);
  });

  it("run gives the core's result for the same seed and paths; text and data targets agree", async () => {
    const loaded = readScenario("generic-vc");
    const core = await runScenario(loaded, {
      paths: PATHS,
      seed: 11,
      targets: [{ metric: "vc.tvpi.mean", op: ">=", value: 0 }],
    });
    const lib = await run("generic-vc", { paths: PATHS, seed: 11, targets: ["vc.tvpi.mean>=0"] });
    expect(lib).toEqual(core.result);
    expect(lib.targets).toEqual([
      { metric: "vc.tvpi.mean", op: ">=", value: 0, actual: expect.any(Number), pass: true },
    ]);
    expect(lib.paths).toBe(PATHS);
    expect(lib.seed).toBe(11);
  });

  it("sweep rows are the runs with the row's overrides (common random numbers)", async () => {
    const s = await sweep("generic-vc", {
      vary: { "vc.reserves": [0.2, 0.4] },
      metrics: ["vc.tvpi.mean"],
      paths: PATHS,
      seed: 3,
    });
    expect(s.rows.map((r) => r.set)).toEqual([["vc.reserves=0.2"], ["vc.reserves=0.4"]]);
    for (const [i, reserves] of [0.2, 0.4].entries()) {
      const r = await run("generic-vc", { set: { "vc.reserves": reserves }, paths: PATHS, seed: 3 });
      expect(s.rows[i]!.metrics["vc.tvpi.mean"]).toBe(r.vehicles.vc!.metrics.tvpi!.mean);
    }
  });

  it("compare(a, undefined, {set}) is the core's paired comparison of a and its changed copy", async () => {
    const a = readScenario("generic-vc");
    const b = readScenario("generic-vc", ["vc.reserves=0.4"]);
    const core = await compareScenarios(a, b, { paths: PATHS, seed: 5, metrics: ["vc.tvpi"] });
    const lib = await compare("generic-vc", undefined, {
      set: ["vc.reserves=0.4"],
      paths: PATHS,
      seed: 5,
      metrics: ["vc.tvpi"],
    });
    expect(lib).toEqual(core);
    expect(lib.b.scenario.hash).toBe(b.hash);
    expect(lib.metrics.length).toBeGreaterThan(0);
  });

  it("two threads give the result of one (worker pool started and closed by the call)", async () => {
    const one = await run("chengdu-pool-100m", { paths: 400, seed: 2 });
    const two = await run("chengdu-pool-100m", { paths: 400, seed: 2, threads: 2, blockSize: 100 });
    expect(two).toEqual(one);
  });

  it("sizePool takes the scenario by name and its overrides", async () => {
    const r = await sizePool("chengdu-pool-100m", { alpha: 0.2, paths: 200, seed: 1, tolerance: 0.05 });
    expect(r.solver).toBe("size_pool");
    expect(r.curve.length).toBeGreaterThan(1);
    // Every evaluated candidate at or above the answer meets alpha as estimated (the curve is monotone by design).
    if (r.answer !== null) for (const p of r.curve) if (p.value >= r.answer) expect(p.p).toBeLessThanOrEqual(0.2);
  });
});
