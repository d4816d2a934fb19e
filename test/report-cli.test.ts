/**
 * `gfsim report <result.json>`: re-renders a saved result into the requested formats; a missing, non-JSON or
 * wrongly shaped file, an unknown format or language is a user error with exit code 2 and a clear message. Also
 * what `gfsim run` writes and prints: the result file under --out named like the reports, and the summary's units.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { registerReport } from "../src/cli/commands/report.ts";
import { ROOT } from "../src/cli/io.ts";
import { renderSummary } from "../src/cli/summary.ts";
import { GfsimError } from "../src/errors.ts";
import { constant, indicator, syntheticResult } from "./report-fixture.ts";

const tmp = mkdtempSync(join(tmpdir(), "gfsim-report-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const resultFile = join(tmp, "run-1.json");
writeFileSync(resultFile, JSON.stringify(syntheticResult()));

async function report(args: string[]): Promise<string> {
  const program = new Command().exitOverride();
  registerReport(program);
  const chunks: string[] = [];
  const write = process.stdout.write;
  process.stdout.write = ((s: string) => chunks.push(String(s)) > 0) as typeof process.stdout.write;
  try {
    await program.parseAsync(["report", ...args], { from: "user" });
  } finally {
    process.stdout.write = write;
  }
  return chunks.join("");
}

async function userError(args: string[]): Promise<GfsimError> {
  try {
    await report(args);
  } catch (e) {
    expect(e).toBeInstanceOf(GfsimError);
    return e as GfsimError;
  }
  throw new Error(`gfsim report ${args.join(" ")} did not fail`);
}

describe("gfsim report", () => {
  it("writes the requested formats next to the result by default, named after it", async () => {
    const out = await report([resultFile, "--report", "md,csv", "--lang", "zh"]);
    const expected = ["run-1.md", "run-1-summary.csv", "run-1-series.csv"].map((f) => join(tmp, f));
    expect(out.trim().split("\n")).toEqual(expected);
    expect(readFileSync(expected[0]!, "utf8")).toContain("# gfsim 模拟报告 — synthetic-programme");
  });

  it("takes --out, --name and a scenario for the 容错 limits", async () => {
    const dir = join(tmp, "out");
    await report([
      resultFile,
      "--report",
      "html",
      "--lang",
      "en",
      "--out",
      dir,
      "--name",
      "r",
      "--scenario",
      "yuhang-2b",
    ]);
    const html = readFileSync(join(dir, "r.html"), "utf8");
    // yuhang-2b's fund has tolerance.fund_loss_ratio 0.4, and the fixture's vehicle is also called "fund".
    expect(html).toContain('<div class="label">容错 limit</div><div class="value">40.0%</div>');
  });

  it("rejects bad input with exit code 2", async () => {
    const notJson = join(tmp, "bad.json");
    writeFileSync(notJson, "{ not json");
    const notResult = join(tmp, "scenario.json");
    writeFileSync(notResult, JSON.stringify({ name: "x", vehicles: [] }));
    const cases: [string[], RegExp][] = [
      [[join(tmp, "missing.json")], /cannot read result file/],
      [[notJson], /is not valid JSON/],
      [[notResult], /does not look like a gfsim result/],
      [[resultFile, "--report", "pdf"], /--report takes/],
      // --format is the old spelling of --report: still read, and not together with it.
      [[resultFile, "--format", "pdf"], /--format takes/],
      [[resultFile, "--format", "md", "--report", "md"], /give --report only/],
      [[resultFile, "--lang", "fr"], /--lang must be zh or en/],
    ];
    for (const [args, message] of cases) {
      const e = await userError(args);
      expect(e.exitCode, args.join(" ")).toBe(2);
      expect(e.message, args.join(" ")).toMatch(message);
    }
    const shape = await userError([notResult]);
    expect(shape.problems.map((p) => p.path)).toEqual(expect.arrayContaining(["scenario", "seed", "vehicles"]));
  });

  it("exits 2 from the real command line with a message and no stack trace", () => {
    const bad = join(tmp, "bad2.json");
    writeFileSync(bad, "[]");
    const run = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "src/cli/main.ts"), "report", bad], {
      encoding: "utf8",
      cwd: ROOT,
    });
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/does not look like a gfsim result/);
    expect(run.stderr).not.toMatch(/at .*\.ts:\d+/);
    expect(existsSync(join(tmp, "bad2.html"))).toBe(false);
  });
});

describe("gfsim run --out", () => {
  it("names the result file like the reports (no directories from the scenario name) and writes it once", () => {
    const raw = parse(readFileSync(join(ROOT, "scenarios/yuhang-2b.yaml"), "utf8"));
    raw.name = "../escape/x y";
    const scenario = join(tmp, "escape.json");
    writeFileSync(scenario, JSON.stringify(raw));
    const out = join(tmp, "run-out");
    const args = ["run", scenario, "--paths", "20", "--seed", "1", "--out", out, "--report", "json,md", "--no-fail"];
    const run = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "src/cli/main.ts"), ...args], {
      encoding: "utf8",
      cwd: ROOT,
    });
    expect(run.status, run.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(["escape-x-y-s1-n20.json", "escape-x-y-s1-n20.md"]);
    expect(existsSync(join(tmp, "escape"))).toBe(false);
    expect(run.stdout).toContain(`result written to ${join(out, "escape-x-y-s1-n20.json")}`);
    expect(run.stdout).toContain(`reports: ${join(out, "escape-x-y-s1-n20.md")}\n`);
    expect(JSON.parse(readFileSync(join(out, "escape-x-y-s1-n20.json"), "utf8")).scenario.name).toBe("../escape/x y");
  });
});

describe("the terminal summary", () => {
  it("writes each metric in its unit by --lang: money in ¥ M/B or 万元/亿元, probabilities in %", () => {
    const r = syntheticResult();
    Object.assign(r.vehicles.angel!.metrics, {
      gov_net_cash: constant(-3.2e7),
      profit_share_paid: constant(5.5e6),
      recoveries_received: constant(2.5e6),
      fiscal_peak_exposure: constant(1.25e9),
      bank_interest_income: constant(4.2e5),
      breaker_on: indicator(0.25),
    });
    const line = (name: string) =>
      renderSummary(r)
        .split("\n")
        .find((l) => l.startsWith(`${name} `)) ?? "";
    expect(line("gov_net_cash")).toContain("-¥32.0 M");
    expect(line("profit_share_paid")).toContain("¥5.50 M");
    expect(line("recoveries_received")).toContain("¥2.50 M");
    expect(line("fiscal_peak_exposure")).toContain("¥1.25 B");
    expect(line("bank_interest_income")).toContain("¥0.42 M");
    expect(line("breaker_on")).toContain("25.0%");
    expect(line("breaker_on")).not.toContain("¥");
    expect(line("loss_ratio")).not.toContain("¥");
    const zh = (name: string) =>
      renderSummary(r, { lang: "zh" })
        .split("\n")
        .find((l) => l.startsWith(`${name} `)) ?? "";
    expect(zh("fiscal_peak_exposure")).toContain("12.5 亿元");
    expect(zh("profit_share_paid")).toContain("550.0 万元");
    expect(zh("breaker_on")).toContain("25.0%");
    // No float noise: a constant's standard error is written as 0, not 4.36e-15.
    expect(renderSummary(r)).not.toMatch(/\de-\d/);
  });
});
