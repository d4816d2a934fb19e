/**
 * Sweeps (MODEL.md §8): float-safe ranges, grid and zip expansion, `--vary` syntax, every row identical to a single
 * run with the same values and seed, and bad combinations reported with the field and value that caused them.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseVary, sweepSpec } from "../src/cli/commands/sweep.ts";
import { GfsimError } from "../src/errors.ts";
import { lookupMetric } from "../src/run/result.ts";
import { runScenario } from "../src/run/run.ts";
import { runSweep } from "../src/run/sweep.ts";
import { applyOverrides, parseText, validateScenario } from "../src/scenario/load.ts";
import { combinations, expandRange } from "../src/scenario/sweep.ts";
import { cli, ROOT } from "./helpers.ts";

const yuhangRaw = parseText(readFileSync(`${ROOT}scenarios/yuhang-2b.yaml`, "utf8")) as Record<string, unknown>;

function thrown(f: () => unknown): GfsimError {
  try {
    f();
  } catch (e) {
    if (e instanceof GfsimError) return e;
    throw e;
  }
  throw new Error("expected a GfsimError");
}

describe("sweep ranges and combinations", () => {
  it("ranges are inclusive and free of floating-point drift", () => {
    // Naive accumulation gives 0.30000000000000004 and 0.6000000000000001; the grid values must be the decimals typed.
    expect(expandRange({ from: 0.2, to: 0.6, step: 0.1 })).toEqual([0.2, 0.3, 0.4, 0.5, 0.6]);
    const tenths = expandRange({ from: 0, to: 1, step: 0.1 });
    expect(tenths).toHaveLength(11);
    expect(tenths[3]).toBe(0.3);
    expect(tenths[10]).toBe(1);
    expect(expandRange({ from: 0.4, to: 0.2, step: -0.1 })).toEqual([0.4, 0.3, 0.2]);
    expect(expandRange({ from: 1e-7, to: 5e-7, step: 2e-7 })).toEqual([1e-7, 3e-7, 5e-7]);
    expect(expandRange({ from: 10, to: 25, step: 10 })).toEqual([10, 20]); // stop off the grid is not reached
    expect(thrown(() => expandRange({ from: 0.4, to: 0.2, step: 0.1 })).code).toBe("INVALID_ARGUMENT");
  });

  it("the grid varies the first field slowest; zip pairs element by element", () => {
    const grid = combinations({ vary: { a: [1, 2], b: { from: 10, to: 30, step: 10 } }, zip: false });
    expect(grid.map((c) => c.map((x) => x.value))).toEqual([
      [1, 10],
      [1, 20],
      [1, 30],
      [2, 10],
      [2, 20],
      [2, 30],
    ]);
    const zip = combinations({ vary: { a: [1, 2, 3], b: { from: 0.3, to: 0.1, step: -0.1 } }, zip: true });
    expect(zip.map((c) => c.map((x) => x.value))).toEqual([
      [1, 0.3],
      [2, 0.2],
      [3, 0.1],
    ]);
    const e = thrown(() => combinations({ vary: { a: [1, 2, 3], b: [1] }, zip: true }));
    expect(e.problems[0]).toMatchObject({ path: "b" });
    expect(
      thrown(() =>
        combinations({ vary: { a: { from: 0, to: 99, step: 1 }, b: { from: 0, to: 99, step: 1 } }, zip: false }),
      ).message,
    ).toMatch(/10000 combinations; at most 1000/);
  });

  it("--vary takes lists, ranges and YAML lists, and rejects bad syntax", () => {
    expect(parseVary("fund.reserves=0.2,0.3,0.4")).toEqual({ path: "fund.reserves", values: [0.2, 0.3, 0.4] });
    expect(parseVary("fund.reserves=0.2:0.6:0.1")).toEqual({
      path: "fund.reserves",
      values: { from: 0.2, to: 0.6, step: 0.1 },
    });
    expect(parseVary("fund.conversion.exit=market,buyback").values).toEqual(["market", "buyback"]);
    expect(parseVary("fund.deal_flow.per_year=[{dist: poisson, mean: 50}, 80]").values).toEqual([
      { dist: "poisson", mean: 50 },
      80,
    ]);
    for (const bad of [
      "fund.reserves",
      "=0.2",
      "fund.reserves=",
      "fund.reserves=0.2:0.4",
      "fund.reserves=0.2:0.4:0",
      "fund.reserves=a:b:c",
      "fund.reserves=0.2,,0.3",
      "run.seed=1,2",
      "fund..x=1",
    ]) {
      const e = thrown(() => parseVary(bad));
      expect(e.code, bad).toBe("INVALID_ARGUMENT");
      expect(e.message, bad).toMatch(/^--vary/);
    }
    expect(thrown(() => sweepSpec(undefined, { vary: ["fund.reserves=0.2", "fund.reserves=0.3"] })).message).toMatch(
      /given twice/,
    );
  });

  it("command-line flags override the scenario's sweep block field by field", () => {
    const file = { vary: { "fund.reserves": [0.2] }, zip: true, metrics: ["fund.tvpi.mean"] };
    expect(sweepSpec(file, { vary: [] })).toEqual(file);
    expect(sweepSpec(file, { vary: ["fund.fees.management=0.01"], zip: false })).toEqual({
      vary: { "fund.fees.management": [0.01] },
      zip: false,
      metrics: ["fund.tvpi.mean"],
    });
    expect(sweepSpec(undefined, { vary: [] })).toBeUndefined();
  });
});

describe("runSweep", () => {
  it("each row equals a single run with the same values and seed (common random numbers)", async () => {
    const metrics = [
      "fund.tvpi.mean",
      "fund.irr.p50",
      "fund.loss_ratio.p95",
      "fund.deals_skipped.mean",
      "programme.fiscal_in.mean",
    ];
    const spec = { vary: { "fund.reserves": [0.2, 0.4], "fund.fees.management": [0.01, 0.02] }, metrics };
    const s = await runSweep(yuhangRaw, spec, {
      paths: 40,
      seed: 11,
      targets: [{ metric: "fund.tvpi.mean", op: ">=", value: 1 }],
    });
    expect(s.rows).toHaveLength(4);
    expect(s.vary).toEqual([
      { path: "fund.reserves", values: [0.2, 0.4] },
      { path: "fund.fees.management", values: [0.01, 0.02] },
    ]);
    for (const row of s.rows) {
      const loaded = validateScenario(
        applyOverrides(
          yuhangRaw,
          Object.entries(row.values).map(([path, value]) => ({ path, value })),
        ),
      );
      const { result } = await runScenario(loaded, {
        paths: 40,
        seed: 11,
        targets: [{ metric: "fund.tvpi.mean", op: ">=", value: 1 }],
      });
      expect(row.hash).toBe(result.scenario.hash);
      expect(JSON.stringify(row.metrics)).toBe(
        JSON.stringify(Object.fromEntries(metrics.map((m) => [m, lookupMetric(result, m) ?? null]))),
      );
      expect(row.targets).toEqual(result.targets);
    }
    // The rows differ (the parameters matter) but not by noise: management fees lower TVPI on the same paths.
    expect(s.rows[1]!.metrics["fund.tvpi.mean"]!).toBeLessThan(s.rows[0]!.metrics["fund.tvpi.mean"]!);
    expect(s.rows[3]!.metrics["fund.tvpi.mean"]!).toBeLessThan(s.rows[2]!.metrics["fund.tvpi.mean"]!);
  });

  it("an invalid combination fails before anything runs, naming the row, the field and the value", async () => {
    const bad = runSweep(yuhangRaw, { vary: { "fund.reserves": [0.2, 1.5] } }, { paths: 5 });
    await expect(bad).rejects.toMatchObject({ code: "INVALID_SCENARIO" });
    const e = (await bad.catch((x: unknown) => x)) as GfsimError;
    expect(e.problems).toHaveLength(1);
    expect(e.problems[0]!.path).toMatch(/^row 2 \(fund\.reserves=1\.5\): vehicles\[0\] \(fund\)\.reserves$/);
    expect(e.problems[0]!.value).toBe(1.5);
  });

  it("entry_mix: one weight alone breaks the sum; zipped with a matching weight it is valid", async () => {
    const alone = runSweep(yuhangRaw, { vary: { "fund.deal_flow.entry_mix.poc": [0.3, 0.5] } }, { paths: 5 });
    await expect(alone).rejects.toThrow(/sweep combination is not a valid scenario/);
    // poc + pilot stays 0.7 (lab 0.2 and growth 0.1 unchanged).
    const paired = await runSweep(
      yuhangRaw,
      {
        vary: {
          "fund.deal_flow.entry_mix.poc": { from: 0.3, to: 0.5, step: 0.1 },
          "fund.deal_flow.entry_mix.pilot": { from: 0.4, to: 0.2, step: -0.1 },
        },
        zip: true,
      },
      { paths: 5 },
    );
    expect(paired.rows.map((r) => r.set)).toEqual([
      ["fund.deal_flow.entry_mix.poc=0.3", "fund.deal_flow.entry_mix.pilot=0.4"],
      ["fund.deal_flow.entry_mix.poc=0.4", "fund.deal_flow.entry_mix.pilot=0.3"],
      ["fund.deal_flow.entry_mix.poc=0.5", "fund.deal_flow.entry_mix.pilot=0.2"],
    ]);
  });

  it("uses the scenario's sweep block, and rejects unknown metric columns", async () => {
    const raw = { ...yuhangRaw, sweep: { vary: { "fund.reserves": [0.25, 0.35] }, metrics: ["fund.exits.mean"] } };
    const s = await runSweep(raw, undefined, { paths: 5 });
    expect(s.rows.map((r) => r.values)).toEqual([{ "fund.reserves": 0.25 }, { "fund.reserves": 0.35 }]);
    expect(s.metrics).toEqual(["fund.exits.mean"]);
    expect(s.failed_rows).toBe(s.rows.filter((r) => !r.pass).length);
    const bad = runSweep(
      yuhangRaw,
      { vary: { "fund.reserves": [0.3] }, metrics: ["fund.nope.mean", "fund.tvpi.p42"] },
      { paths: 5 },
    );
    await expect(bad).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
      problems: [{ path: "sweep.metrics[0]" }, { path: "sweep.metrics[1]" }],
    });
    await expect(runSweep(yuhangRaw, undefined, { paths: 5 })).rejects.toThrow(/nothing to sweep/);
    // The API may pass a validated scenario instead of a raw object: same rows.
    expect(await runSweep(validateScenario(raw), undefined, { paths: 5 })).toEqual(s);
  });
});

describe("runSweep: metric paths are checked like run's, before any path is simulated", () => {
  const poolRaw = parseText(readFileSync(`${ROOT}scenarios/chengdu-pool-100m.yaml`, "utf8")) as {
    targets: { metric: string; op: string; value: number }[];
  };

  it("accepts a vehicle's run-level metrics (expected shortfall) as a target and as a column, as `run` does", async () => {
    const target = { metric: "pool.compensation_es95.mean", op: "<=" as const, value: 1e12 };
    const s = await runSweep(
      poolRaw,
      { vary: { "pool.leverage": [8] }, metrics: ["pool.compensation_es99.mean"] },
      { paths: 20, targets: [target] },
    );
    expect(s.rows[0]!.targets.at(-1)).toMatchObject({ metric: target.metric, pass: true });
    expect(s.rows[0]!.metrics["pool.compensation_es99.mean"]).toEqual(expect.any(Number));
  });

  it("names a bad extra target and a bad target of the scenario apart", async () => {
    const spec = { vary: { "pool.leverage": [8] } };
    const extra = runSweep(poolRaw, spec, { paths: 5, targets: [{ metric: "pool.nope.mean", op: "<", value: 1 }] });
    await expect(extra).rejects.toMatchObject({ code: "INVALID_ARGUMENT", problems: [{ path: "targets[0].metric" }] });
    const own = { ...poolRaw, targets: [...poolRaw.targets, { metric: "pool.tvpi.mean", op: "<", value: 1 }] };
    await expect(runSweep(own, spec, { paths: 5 })).rejects.toMatchObject({
      code: "INVALID_SCENARIO",
      problems: [
        { path: "scenario.targets[2].metric", message: expect.stringMatching(/vehicle "pool" has no metric/) },
      ],
    });
  });
});

describe("gfsim sweep (CLI)", () => {
  it("a row of `sweep --json` equals `run --set ... --json` with the same seed and paths", () => {
    const args = ["--paths", "30", "--seed", "5", "--no-progress", "--json", "--no-fail"];
    const sweep = cli([
      "sweep",
      "yuhang-2b",
      "--vary",
      "fund.reserves=0.2:0.4:0.1",
      "--metrics",
      "fund.tvpi.mean,fund.loss_ratio.p50,fund.tolerance_breach.mean",
      ...args,
    ]);
    expect(sweep.status, sweep.stderr).toBe(0);
    const s = JSON.parse(sweep.stdout);
    expect(s.rows.map((r: { values: Record<string, number> }) => r.values["fund.reserves"])).toEqual([0.2, 0.3, 0.4]);
    const run = cli(["run", "yuhang-2b", "--set", "fund.reserves=0.3", ...args]);
    expect(run.status, run.stderr).toBe(0);
    const r = JSON.parse(run.stdout);
    const row = s.rows[1];
    expect(row.hash).toBe(r.scenario.hash);
    for (const m of s.metrics) expect(JSON.stringify(row.metrics[m]), m).toBe(JSON.stringify(lookupMetric(r, m)));
  });

  it("exit codes: 1 when a row fails a target, 2 for bad --vary, --target or an invalid combination", () => {
    const common = ["--paths", "10", "--no-progress"];
    const fail = cli([
      "sweep",
      "yuhang-2b",
      "--vary",
      "fund.reserves=0.3",
      "--target",
      "fund.tvpi.mean>1000",
      ...common,
    ]);
    expect(fail.status, fail.stderr).toBe(1);
    expect(fail.stdout).toMatch(/FAIL/);
    const pass = cli(["sweep", "generic-vc", "--vary", "vc.reserves=0.3,0.4", "--target", "vc.tvpi.mean>0", ...common]);
    expect(pass.status, pass.stderr).toBe(0);
    const badVary = cli(["sweep", "yuhang-2b", "--vary", "fund.reserves=0.2:0.4", ...common]);
    expect(badVary.status).toBe(2);
    expect(badVary.stderr).toMatch(/--vary fund\.reserves: a range is start:stop:step/);
    const badTarget = cli([
      "sweep",
      "yuhang-2b",
      "--vary",
      "fund.reserves=0.3",
      "--target",
      "fund.tvpi.mean=>1",
      ...common,
    ]);
    expect(badTarget.status).toBe(2);
    expect(badTarget.stderr).toMatch(/--target expects/);
    const badValue = cli(["sweep", "yuhang-2b", "--vary", "fund.reserves=0.3,-1", ...common]);
    expect(badValue.status).toBe(2);
    expect(badValue.stderr).toMatch(/row 2 \(fund\.reserves=-1\)/);
    expect(badValue.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace for user input
  });
});
