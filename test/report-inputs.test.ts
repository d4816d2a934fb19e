/**
 * "What was run" in every report: the scenario's description and facts, and each input that differs from the
 * shipped scenario of the same name (field path, shipped value, value run); the title says when the run was
 * modified. Real 20-path runs of a shipped scenario, as `gfsim run yuhang-2b --set …` makes them.
 */
import { describe, expect, it } from "vitest";
import { readScenario } from "../src/cli/io.ts";
import { shippedScenario } from "../src/report/baseline.ts";
import { buildReportModel, renderHtml, renderMarkdown, reportRenderer } from "../src/report/index.ts";
import { inputChanges } from "../src/report/model/inputs.ts";
import { runScenario } from "../src/run/run.ts";

const SETS = ["fund.reserves=0.45", "fund.tolerance.fund_loss_ratio=0.5", "horizon_years=12"];

async function run(sets: string[]) {
  const loaded = readScenario("yuhang-2b", sets);
  const { result } = await runScenario(loaded, { paths: 20, seed: 3 });
  return { result, scenario: loaded.scenario };
}

describe("what was run", () => {
  it("lists each changed input with its shipped value and the value run, and titles the run modified", async () => {
    const { result, scenario } = await run(SETS);
    const shipped = shippedScenario("yuhang-2b") as { vehicles: { reserves: number }[]; horizon_years: number };
    const model = buildReportModel(result, "en", { scenario, shipped });
    expect(model.title).toBe("gfsim simulation report — yuhang-2b (modified)");
    expect(model.run.modified).toBe(true);
    expect(model.run.description).toMatch(/\S/);
    const rows = model.run.changes!.rows;
    expect(rows).toEqual([
      ["horizon_years", String(shipped.horizon_years), "12"],
      ["fund.reserves", String(shipped.vehicles[0]!.reserves), "0.45"],
      ["fund.tolerance.fund_loss_ratio", "0.4", "0.5"],
    ]);
    expect(model.run.note).toBe('3 inputs differ from the shipped scenario "yuhang-2b".');
    // The renderers find the baseline themselves from the run's name.
    const html = (await reportRenderer(result, "zh", { scenario })("html")) as string;
    expect(html).toContain("gfsim 模拟报告 — yuhang-2b (已修改)");
    expect(html).toContain("与内置情景不同的输入");
    for (const [path, , value] of rows)
      expect(html).toMatch(new RegExp(`<td class="code">${path}</td><td>[^<]*</td><td>${value}</td>`));
    const md = (await reportRenderer(result, "en", { scenario })("md")) as string;
    expect(md).toContain("| fund.reserves |");
  }, 60_000);

  it("an unchanged shipped run says so; a scenario of the user's own is named as such", async () => {
    const { result, scenario } = await run([]);
    const model = buildReportModel(result, "en", { scenario, shipped: shippedScenario("yuhang-2b") });
    expect(model.title).toBe("gfsim simulation report — yuhang-2b");
    expect(model.run.modified).toBe(false);
    expect(model.run.changes).toBeNull();
    expect(model.run.note).toBe('Every input is the shipped scenario\'s ("yuhang-2b").');
    const own = { ...result, scenario: { ...result.scenario, name: "my-fund" } };
    expect(await renderMarkdown(own, "en", { scenario, shipped: null })).toContain(
      '"my-fund" is not a shipped scenario',
    );
    expect(await renderHtml(result, "en")).toContain("The report was not given the scenario");
  }, 60_000);

  it("vehicles are matched by id and lists by position; added and removed fields show against —", () => {
    const a = {
      name: "x",
      horizon_years: 5,
      vehicles: [
        { id: "p", pool: 1, banks: [{ pd: 0.02 }] },
        { id: "q", x: 1 },
      ],
    };
    const b = {
      name: "x",
      horizon_years: 5,
      vehicles: [
        { id: "q", x: 1 },
        { id: "p", pool: 2, banks: [{ pd: 0.02 }, { pd: 0.03 }] },
      ],
      macro: { phi: 0.3 },
    };
    expect(inputChanges(a, b)).toEqual([
      { path: "macro", shipped: undefined, run: { phi: 0.3 } },
      { path: "p.pool", shipped: 1, run: 2 },
      { path: "p.banks[1]", shipped: undefined, run: { pd: 0.03 } },
    ]);
  });
});
