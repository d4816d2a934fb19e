/**
 * CI outputs: JUnit XML must have the structure CI systems read (testsuites → testsuite → testcase with name,
 * classname and time; failure with a message; tests/failures counts that add up), survive special characters, and
 * the CLI must exit 0 (targets met), 1 (a target failed) or 2 (bad input) while writing it.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { failureMessage, type JUnitSuite, junitXml, sweepSummaryMd } from "../src/cli/ci-output.ts";
import type { TargetResult } from "../src/run/result.ts";
import type { SweepResult } from "../src/run/sweep.ts";
import { cli } from "./helpers.ts";

interface Case {
  "@_name": string;
  "@_classname": string;
  "@_time": string;
  failure?: { "@_message": string; "@_type": string; "#text"?: string };
}
interface Suite {
  "@_name": string;
  "@_tests": string;
  "@_failures": string;
  "@_errors": string;
  "@_time": string;
  testcase?: Case[];
}

/** Parses JUnit XML and checks the structure and counts CI systems rely on; returns the suites. */
function checkJUnit(xml: string): Suite[] {
  expect(XMLValidator.validate(xml)).toBe(true);
  const doc = new XMLParser({
    ignoreAttributes: false,
    isArray: (name) => name === "testsuite" || name === "testcase",
  }).parse(xml);
  const root = doc.testsuites;
  expect(root).toBeDefined();
  const suites: Suite[] = root.testsuite ?? [];
  let tests = 0;
  let failures = 0;
  for (const s of suites) {
    const cases = s.testcase ?? [];
    expect(s["@_name"]).toBeTruthy();
    expect(Number(s["@_tests"])).toBe(cases.length);
    expect(Number(s["@_failures"])).toBe(cases.filter((c) => c.failure).length);
    expect(s["@_errors"]).toBe("0");
    expect(Number(s["@_time"])).toBeGreaterThanOrEqual(0);
    for (const c of cases) {
      expect(c["@_name"]).toBeTruthy();
      expect(c["@_classname"]).toBeTruthy();
      expect(Number.isFinite(Number(c["@_time"]))).toBe(true);
      if (c.failure) expect(c.failure["@_message"]).toBeTruthy();
    }
    tests += cases.length;
    failures += Number(s["@_failures"]);
  }
  expect(Number(root["@_tests"])).toBe(tests);
  expect(Number(root["@_failures"])).toBe(failures);
  return suites;
}

const target = (over: Partial<TargetResult>): TargetResult => ({
  metric: "fund.tvpi.mean",
  op: ">=",
  value: 1.2,
  actual: 1.5,
  pass: true,
  ...over,
});

describe("JUnit XML", () => {
  it("has consistent counts, failure messages with actual vs threshold, and escapes special characters", () => {
    const failing = target({
      metric: "fund.loss_ratio.p95",
      op: "<=",
      value: 0.4,
      actual: 0.6500000000000001,
      pass: false,
    });
    const suites: JUnitSuite[] = [
      {
        name: `run "a" & <b>`,
        time: 1.5,
        timestamp: "2024-01-01T00:00:00",
        properties: [["set", "fund.x=<1>"]],
        cases: [
          { name: "fund.tvpi.mean >= 1.2", classname: "gfsim.s", time: 0.75 },
          {
            name: "fund.loss_ratio.p95 <= 0.4",
            classname: "gfsim.s",
            time: 0.75,
            failure: { message: failureMessage(failing), type: "TargetFailed", body: "a < b & 'c'\u0001" },
          },
        ],
      },
      { name: "empty", time: 0, properties: [], cases: [] },
    ];
    const xml = junitXml(suites);
    const parsed = checkJUnit(xml);
    // Entities decode back to the original text (round trip); the control character XML 1.0 forbids is dropped.
    expect(parsed[0]!["@_name"]).toBe(`run "a" & <b>`);
    const f = parsed[0]!.testcase![1]!.failure!;
    expect(f["@_message"]).toBe("fund.loss_ratio.p95 = 0.65; required <= 0.4");
    expect(f["#text"]).toBe("a < b & 'c'");
    expect(xml).toContain("&lt;b&gt;");
    expect(failureMessage(target({ actual: null, pass: false }))).toBe(
      "fund.tvpi.mean is undefined (no path defines it); required >= 1.2",
    );
  });

  it("Markdown summaries show the verdict, each target and the sweep rows", () => {
    const sweep: SweepResult = {
      scenario: { name: "s", hash: "h" },
      seed: 1,
      paths: 10,
      version: "0",
      zip: false,
      vary: [{ path: "fund.reserves", values: [0.2, 0.3] }],
      metrics: ["fund.tvpi.mean"],
      rows: [
        {
          row: 1,
          values: { "fund.reserves": 0.2 },
          set: ["fund.reserves=0.2"],
          hash: "h1",
          metrics: { "fund.tvpi.mean": 1.5 },
          targets: [target({})],
          pass: true,
        },
        {
          row: 2,
          values: { "fund.reserves": 0.3 },
          set: ["fund.reserves=0.3"],
          hash: "h2",
          metrics: { "fund.tvpi.mean": 1.1 },
          targets: [target({ actual: 1.1, pass: false })],
          pass: false,
        },
      ],
      failed_rows: 1,
      pass: false,
    };
    const md = sweepSummaryMd(sweep);
    expect(md).toMatch(/❌ 1 of 2 rows failed/);
    expect(md).toMatch(/\| 2 \| 0\.3 \| 1\.100 \| ❌ 0\/1 \|/);
    expect(md).toMatch(/row 2 \(fund\.reserves=0\.3\): fund\.tvpi\.mean = 1\.1; required >= 1\.2/);
  });
});

describe("CI gate from the command line", () => {
  const dir = mkdtempSync(join(tmpdir(), "gfsim-junit-"));

  it("run: a failing target exits 1 and is a JUnit failure; met targets exit 0", () => {
    const junit = join(dir, "run.xml");
    const summary = join(dir, "run.md");
    const args = ["--paths", "20", "--no-progress", "--junit", junit, "--summary", summary];
    const fail = cli(["run", "yuhang-2b", "--target", "fund.tvpi.mean>1000", ...args]);
    expect(fail.status, fail.stderr).toBe(1);
    const suites = checkJUnit(readFileSync(junit, "utf8"));
    expect(suites).toHaveLength(1);
    const cases = suites[0]!.testcase!;
    const failed = cases.find((c) => c["@_name"] === "fund.tvpi.mean > 1000")!;
    expect(failed.failure!["@_message"]).toMatch(/^fund\.tvpi\.mean = [\d.]+; required > 1000$/);
    expect(readFileSync(summary, "utf8")).toMatch(/^### gfsim run: yuhang-2b — ❌/);

    const ok = cli([
      "run",
      "generic-vc",
      "--target",
      "vc.tvpi.mean>0",
      "--target",
      "programme.fiscal_in.mean>=0",
      ...args,
    ]);
    expect(ok.status, ok.stderr).toBe(0);
    const okSuites = checkJUnit(readFileSync(junit, "utf8"));
    expect(okSuites[0]!.testcase!.map((c) => c.failure)).toEqual([undefined, undefined]);
    expect(readFileSync(summary, "utf8")).toMatch(/✅ all 2 targets pass/);
  });

  it("sweep: one test case per target per row", () => {
    const junit = join(dir, "sweep.xml");
    const r = cli([
      "sweep",
      "yuhang-2b",
      "--vary",
      "fund.reserves=0.2,0.3,0.4",
      "--paths",
      "10",
      "--no-progress",
      "--junit",
      junit,
      "--target",
      "fund.tvpi.mean>1000",
    ]);
    expect(r.status, r.stderr).toBe(1);
    const suites = checkJUnit(readFileSync(junit, "utf8"));
    expect(suites).toHaveLength(3);
    // yuhang-2b has 2 targets of its own, plus the one given.
    for (const s of suites) expect(s.testcase).toHaveLength(3);
    expect(suites[1]!.testcase![0]!["@_classname"]).toBe("gfsim.yuhang-2b[fund.reserves=0.3]");
  });

  it("bad input exits 2 with a message and writes no report: unknown programme metric, bad --target syntax", () => {
    const junit = join(dir, "bad.xml");
    const unknown = cli([
      "run",
      "yuhang-2b",
      "--paths",
      "5",
      "--no-progress",
      "--junit",
      junit,
      "--target",
      "programme.nope.mean<1",
    ]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/the programme has no metric "nope"/);
    const syntax = cli(["run", "yuhang-2b", "--paths", "5", "--no-progress", "--target", "fund.tvpi.mean"]);
    expect(syntax.status).toBe(2);
    expect(syntax.stderr).toMatch(/--target expects/);
    expect(() => readFileSync(junit)).toThrow();
  });
});
