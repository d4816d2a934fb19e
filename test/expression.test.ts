/** The restricted expression language of objectives and constraints: values, and every rejection naming the text. */
import { describe, expect, it } from "vitest";
import { expressionProblems, parseConstraint, parseObjective } from "../src/run/expression.ts";
import { gfsimError } from "./helpers.ts";

const values: Record<string, number | null> = {
  "fund.tvpi.p50": 1.5,
  "fund.loss_ratio.mean": 0.4,
  "fund.tolerance_breach.mean": 0.08,
  "my-pool.pool_exhausted.mean": 0.03,
  "fund.irr.p50": null,
};
const lookup = (p: string) => values[p];

describe("expressions", () => {
  it("evaluates arithmetic over metric paths on plain numbers", () => {
    const e = parseObjective("fund.tvpi.p50 - 0.5 * fund.loss_ratio.mean");
    expect(e.metrics).toEqual(["fund.tvpi.p50", "fund.loss_ratio.mean"]);
    expect(e.evaluate(lookup)).toBeCloseTo(1.3, 15);
    expect(parseObjective("max(fund.tvpi.p50, 2) + abs(-1) + sqrt(4) + 2^3 + log(exp(1))").evaluate(lookup)).toBe(14);
    expect(parseObjective("(my-pool.pool_exhausted.mean - 0.01) / 2").evaluate(lookup)).toBeCloseTo(0.01, 15);
    expect(parseObjective("fund.irr.p50 + 1").evaluate(lookup)).toBeNull();
    expect(parseObjective("fund.tvpi.p50 / 0").evaluate(lookup)).toBeNull();
  });

  it("recognises a single scaled metric (for exact bounds) and nothing else", () => {
    expect(parseObjective("fund.tolerance_breach.mean").single).toEqual({
      path: "fund.tolerance_breach.mean",
      scale: 1,
      shift: 0,
    });
    expect(parseObjective("100 * fund.tolerance_breach.mean - 1").single).toEqual({
      path: "fund.tolerance_breach.mean",
      scale: 100,
      shift: -1,
    });
    expect(parseObjective("-fund.tvpi.p50").single).toBeUndefined();
    expect(parseObjective("fund.tvpi.p50 * fund.tvpi.p50").single).toBeUndefined();
  });

  it("splits a constraint into sides and an operator", () => {
    const c = parseConstraint("fund.tolerance_breach.mean <= 0.1");
    expect(c.op).toBe("<=");
    expect(c.lhs.text).toBe("fund.tolerance_breach.mean");
    expect(c.lhs.evaluate(lookup)).toBe(0.08);
    expect(c.rhs.evaluate(lookup)).toBe(0.1);
    expect(parseConstraint("2 * fund.loss_ratio.mean > fund.tvpi.p50 - 1").op).toBe(">");
  });

  it.each([
    ["assignment", "fund.tvpi.p50 = 1", "assignment"],
    ["function definition", "f(x) = x^2", "assignment and function definition"],
    ["import", "import({x: 1}, {override: true})", 'function "import" is not allowed'],
    ["evaluate", 'evaluate("1+1")', 'function "evaluate" is not allowed'],
    ["property access", 'fund.tvpi["p50"]', "property access"],
    ["a huge matrix", "zeros(100000, 100000)", 'function "zeros" is not allowed'],
    ["matrix construction", "[1, 2, 3]", "matrices"],
    ["object construction", "{a: 1}", "matrices, objects"],
    ["a range", "1:1000000000", "matrices, objects and ranges"],
    ["a string", '"abc"', "only numbers"],
    ["a block", "1; 2", '"Block" expressions'],
    ["an unknown name", "tvpi + 1", 'unknown name "tvpi"'],
    ["a placeholder-like name", "_m0_ + 1", "may not start with _"],
    ["a comparison in an objective", "fund.tvpi.p50 > 1", "only be the top of a constraint"],
    ["a factorial", "fund.tvpi.p50!", 'operator "!"'],
    ["nonsense", "fund.tvpi.p50 +* 2", "not an expression"],
    ["an empty text", "  ", "empty expression"],
  ])("rejects %s", (_, text, message) => {
    const e = gfsimError(() => parseObjective(text, "--maximise"));
    expect(e.exitCode).toBe(2);
    expect(e.code).toBe("INVALID_ARGUMENT");
    expect(e.message).toContain(message);
    expect(e.problems[0]).toMatchObject({ path: "--maximise", value: text });
  });

  it.each([
    ["no comparison", "fund.tolerance_breach.mean", "compares two expressions"],
    ["a chain", "0 <= fund.tolerance_breach.mean <= 0.1", "only one comparison"],
    ["equality", "fund.tolerance_breach.mean == 0.1", "== and != cannot hold"],
    ["a nested comparison", "(fund.tvpi.p50 > 1) <= 0.5", "only be the top"],
  ])("rejects a constraint with %s", (_, text, message) => {
    const e = gfsimError(() => parseConstraint(text, "--subject-to[0]"));
    expect(e.message).toContain(message);
  });

  it("rejects expressions that are too long or too deep", () => {
    expect(gfsimError(() => parseObjective(`1${"+1".repeat(600)}`)).message).toContain("longer than 1000");
    expect(gfsimError(() => parseObjective(`1${"+1".repeat(300)}`)).message).toContain("more than 200 terms");
  });

  it("names unknown metric paths with the argument they came from", () => {
    const vehicles = [{ id: "fund", scalarNames: ["tvpi", "loss_ratio"] }];
    const problems = expressionProblems(
      [
        { metrics: parseObjective("fund.tvpi.p50 + fund.tvpi").metrics, where: "--maximise" },
        { metrics: parseConstraint("fund.breach.mean <= 0.1").metrics, where: "--subject-to[0]" },
        { metrics: parseConstraint("pool.x.mean <= 0.1").metrics, where: "--subject-to[1]" },
        { metrics: parseConstraint("fund.tvpi.p42 <= 0.1").metrics, where: "--subject-to[2]" },
        { metrics: parseObjective("fund.constructor + 1").metrics, where: "--minimise" },
      ],
      vehicles,
    );
    expect(problems.map((p) => [p.path, p.value])).toEqual([
      ["--maximise", "fund.tvpi"],
      ["--subject-to[0]", "fund.breach.mean"],
      ["--subject-to[1]", "pool.x.mean"],
      ["--subject-to[2]", "fund.tvpi.p42"],
      ["--minimise", "fund.constructor"],
    ]);
    expect(problems[1]!.message).toContain('no metric "breach"');
  });
});
