/**
 * `gfsim optimise` as a user runs it: the recommended scenario written as YAML (valid, with the recommended values),
 * the Markdown report with its verdict, and exit 2 naming the argument for a forbidden expression.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { parseText, validateScenario } from "../src/scenario/load.ts";
import { cli, tinyFund } from "./helpers.ts";

const dir = mkdtempSync(join(tmpdir(), "gfsim-optimise-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = join(dir, "tiny.yaml");
writeFileSync(file, stringify(tinyFund({ deal_flow: { per_year: 5, entry_mix: { s1: 1 } }, reserves: 0.2 })));

describe("gfsim optimise", () => {
  it("writes the recommended scenario and the report; --json is the result", { timeout: 120_000 }, () => {
    const out = join(dir, "out");
    const r = cli([
      "optimise",
      file,
      "--decide",
      "fund.reserves=0..0.5",
      "--maximise",
      "fund.tvpi.mean",
      "--subject-to",
      "fund.loss_ratio.mean <= 0.5",
      "--paths",
      "20",
      "--seed",
      "2",
      "--budget",
      "6",
      "--confirm-paths",
      "40",
      "--threads",
      "1",
      "--json",
      "--out",
      out,
      "--report",
      "md",
      "--lang",
      "zh",
    ]);
    expect(r.status, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.best.pass).toBe(true);
    const yaml = readFileSync(join(out, "tiny-optimise-s2-n20-recommended.yaml"), "utf8");
    const loaded = validateScenario(parseText(yaml));
    expect(loaded.scenario.name).toBe("tiny-optimised");
    expect(loaded.scenario.vehicles[0]).toMatchObject({ reserves: result.best.set["fund.reserves"] });
    const md = readFileSync(join(out, "tiny-optimise-s2-n20.md"), "utf8");
    expect(md).toContain("**建议：fund.reserves = ");
  });

  it("exits 2 naming the argument for a forbidden expression", { timeout: 120_000 }, () => {
    const r = cli(["optimise", file, "--decide", "fund.reserves=0..0.5", "--maximise", 'evaluate("1")']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--maximise");
    expect(r.stderr).toContain('function "evaluate" is not allowed');
  });
});
