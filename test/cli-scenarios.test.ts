/**
 * Finding a scenario from the terminal: the shipped names listed, and a mistyped name answered with the closest
 * shipped one ("did you mean"), as an exit-2 user error. In-process: the process boundary is not the point here.
 */
import { describe, expect, it } from "vitest";
import { resolveScenarioPath, shippedScenarioNames } from "../src/cli/io.ts";
import { GfsimError } from "../src/errors.ts";
import { closest } from "../src/lib/suggest.ts";

describe("shipped scenario names", () => {
  it("lists every shipped scenario once, sorted", () => {
    expect(shippedScenarioNames()).toEqual([
      "chengdu-angel-200m",
      "chengdu-pool-100m",
      "generic-vc",
      "programme",
      "yuhang-2b",
    ]);
  });

  it("a mistyped name suggests the closest shipped one; a far-off name suggests none", () => {
    const names = shippedScenarioNames();
    expect(closest("yuhang-2", names)).toBe("yuhang-2b");
    expect(closest("chengdu-pool", names)).toBe("chengdu-pool-100m");
    expect(closest("programe", names)).toBe("programme");
    expect(closest("zzzzzz", names)).toBeUndefined();
    let error: unknown;
    try {
      resolveScenarioPath("yuhang-2");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GfsimError);
    expect((error as GfsimError).message).toContain('did you mean "yuhang-2b"?');
    expect((error as GfsimError).problems[0]).toEqual({
      path: "yuhang-2",
      message: 'file not found; did you mean "yuhang-2b"?',
    });
  });
});
