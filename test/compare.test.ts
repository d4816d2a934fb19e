/**
 * Paired comparisons (MODEL.md §8): the paired standard error from hand-computed values, the variance reduction of
 * common random numbers between two nearly identical strategies, and exact zeros where nothing changed.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compareScenarios, pairedDiff } from "../src/run/compare.ts";
import { type BlockRunner, inlineRunner } from "../src/run/run.ts";
import { loadScenarioText, parseOverride, parseText } from "../src/scenario/load.ts";
import { cli, ROOT } from "./helpers.ts";

const yuhangText = readFileSync(`${ROOT}scenarios/yuhang-2b.yaml`, "utf8");
const yuhang = (...sets: string[]) => loadScenarioText(yuhangText, { overrides: sets.map(parseOverride) });

describe("pairedDiff", () => {
  it("matches a hand computation, pairing only paths where both are defined", () => {
    // a = [1, 2, 3, NaN], b = [2, 2, 5, 4]. Paired paths 0..2: d = [1, 0, 2], mean 1, sd 1 ⇒ se 1/√3.
    // a over its 3 defined paths: mean 2, sd 1 ⇒ se 1/√3. b over 4: mean 13/4, sd² = Σ(x − 3.25)²/3 = 6.75/3 = 2.25
    // ⇒ se 1.5/2 = 0.75. Unpaired se = √(1/3 + 0.5625).
    const d = pairedDiff("x.m", new Float64Array([1, 2, 3, Number.NaN]), new Float64Array([2, 2, 5, 4]));
    expect(d.n).toBe(3);
    expect(d.a).toBe(2);
    expect(d.b).toBe(3.25);
    expect(d.diff).toBe(1);
    expect(d.se).toBeCloseTo(1 / Math.sqrt(3), 14);
    expect(d.se_unpaired).toBeCloseTo(Math.sqrt(1 / 3 + 0.5625), 14);
    expect(d.significant).toBe(false); // 1 < 2 × 0.577
  });

  it("flags |diff| > 2 se, a deterministic shift, but not rounding noise", () => {
    const shift = pairedDiff("x.m", new Float64Array([1, 5, 9]), new Float64Array([2, 6, 10]));
    expect([shift.diff, shift.se, shift.significant]).toEqual([1, 0, true]);
    const a = new Float64Array([0.6 / 0.4, 1.5, 1.5]);
    const b = new Float64Array([1.5, (1 - 0.4) / 0.4, 1.5]);
    expect(pairedDiff("x.ratio", a, b).significant).toBe(false);
    const same = pairedDiff("x.m", new Float64Array([1, 2]), new Float64Array([1, 2]));
    expect([same.diff, same.se, same.significant]).toEqual([0, 0, false]);
  });
});

describe("compareScenarios (common random numbers)", () => {
  it("reserves 0.30 vs 0.31: the paired standard error is at least 5× smaller than the unpaired one", async () => {
    const c = await compareScenarios(yuhang(), yuhang("fund.reserves=0.31"), { paths: 400, seed: 3 });
    const by = new Map(c.metrics.map((m) => [m.metric, m]));
    // Measured (400 paths, seeds 1–5): TVPI 51–182, IRR 102–253, distributions 45–148, loss ratio 60–76, projects
    // funded 8–10. Each company draws its fate from its own stream (CompanyStreams), so a deal skipped under one
    // strategy does not shift the fates of the deals after it.
    for (const name of [
      "fund.tvpi",
      "fund.irr",
      "fund.distributions",
      "fund.loss_ratio",
      "fund.invested",
      "fund.paid_in",
      "fund.projects_funded",
      "programme.fiscal_in",
    ]) {
      const m = by.get(name)!;
      expect(m.se_unpaired! / m.se!, `${name}: se ${m.se}, unpaired ${m.se_unpaired}`).toBeGreaterThanOrEqual(5);
    }
    const tvpi = by.get("fund.tvpi")!;
    expect(tvpi.se_unpaired! / tvpi.se!, "TVPI").toBeGreaterThanOrEqual(20);
    const ratios = c.metrics.filter((m) => m.se && m.se_unpaired).map((m) => m.se_unpaired! / m.se!);
    ratios.sort((x, y) => x - y);
    expect(ratios[ratios.length >> 1]).toBeGreaterThanOrEqual(5);
    // More reserves means fewer first tickets: the paired comparison sees it.
    expect(by.get("fund.projects_funded")!.diff!).toBeLessThan(0);
    expect(by.get("fund.projects_funded")!.significant).toBe(true);
  });

  it("management fee 1.5% vs 1.6%: TVPI's paired se is two orders of magnitude below the unpaired one", async () => {
    const c = await compareScenarios(yuhang(), yuhang("fund.fees.management=0.016"), { paths: 200, seed: 1 });
    const tvpi = c.metrics.find((m) => m.metric === "fund.tvpi")!;
    expect(tvpi.se_unpaired! / tvpi.se!).toBeGreaterThan(50);
    expect(tvpi.diff!).toBeLessThan(0);
    expect(tvpi.significant).toBe(true);
  });

  it("a vehicle that did not change gives identical paths: diff 0 and se 0; a removed vehicle is listed", async () => {
    const raw = parseText(readFileSync(`${ROOT}scenarios/programme.yaml`, "utf8")) as {
      vehicles: { id: string }[];
      targets: unknown[];
    };
    const withoutAngel = {
      ...raw,
      vehicles: raw.vehicles.filter((v) => v.id !== "angel"),
      targets: [],
      sweep: undefined,
    };
    const c = await compareScenarios(raw, withoutAngel, { paths: 20, seed: 4 });
    const unchanged = c.metrics.filter(
      (x) => (x.metric.startsWith("fund.") || x.metric.startsWith("pool.")) && x.n > 0,
    );
    expect(unchanged.length).toBeGreaterThan(40);
    for (const m of unchanged) expect([m.metric, m.diff, m.se]).toEqual([m.metric, 0, 0]);
    expect(c.only_a).toContain("angel.gov_tvpi");
    expect(c.only_b).toEqual([]);
    const fiscal = c.metrics.find((m) => m.metric === "programme.fiscal_in")!;
    expect(fiscal.diff!).toBeLessThan(0); // the angel fund's fiscal money is gone
  });
});

describe("compareScenarios: targets are checked before anything is simulated", () => {
  /** The inline runner, counting the blocks it is asked to simulate. */
  function countingRunner(): BlockRunner & { blocks: number } {
    const r = {
      blocks: 0,
      concurrency: 1,
      run: (...args: Parameters<BlockRunner["run"]>) => {
        r.blocks++;
        return inlineRunner.run(...args);
      },
    };
    return r;
  }
  const raw = () => parseText(yuhangText) as { targets: { metric: string; op: string; value: number }[] };

  it("an unknown metric in a's own targets fails before either run, named as a's", async () => {
    const a = raw();
    a.targets.push({ metric: "fund.nope.mean", op: "<", value: 1 });
    const runner = countingRunner();
    await expect(compareScenarios(a, yuhang("fund.reserves=0.31"), { paths: 5, runner })).rejects.toMatchObject({
      code: "INVALID_SCENARIO",
      problems: [{ path: "a.targets[2].metric", value: "fund.nope.mean" }],
    });
    expect(runner.blocks).toBe(0);
  });

  it("b's own targets and the extra targets are named apart, each counted from 0", async () => {
    const b = raw();
    b.targets.unshift({ metric: "programme.nope.mean", op: "<", value: 1 });
    const runner = countingRunner();
    const run = compareScenarios(yuhang(), b, {
      paths: 5,
      runner,
      targets: [
        { metric: "fund.tvpi.mean", op: ">", value: 0 },
        { metric: "fund.tvpi.p42", op: ">", value: 0 },
      ],
    });
    await expect(run).rejects.toMatchObject({
      code: "INVALID_SCENARIO",
      problems: [{ path: "b.targets[0].metric" }, { path: "targets[1].metric" }],
    });
    expect(runner.blocks).toBe(0);
  });
});

describe("gfsim compare (CLI)", () => {
  it("--json gives plain JSON with paired and unpaired se; a failed target on b exits 1", () => {
    const r = cli([
      "compare",
      "yuhang-2b",
      "--set",
      "fund.fees.management=0.016",
      "--paths",
      "20",
      "--json",
      "--no-progress",
      "--target",
      "fund.tvpi.mean>1000",
    ]);
    expect(r.status, r.stderr).toBe(1);
    const c = JSON.parse(r.stdout);
    expect(c.b.targets.at(-1)).toMatchObject({ metric: "fund.tvpi.mean", pass: false });
    expect(c.metrics.find((m: { metric: string }) => m.metric === "fund.fees")).toMatchObject({ significant: true });
    const bad = cli(["compare", "yuhang-2b", "--paths", "5"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/needs a second scenario or --set/);
  });
});
