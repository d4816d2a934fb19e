/**
 * Overrides into lists (`--set`, scenario `changes:`, `sweep --vary`): entries are addressed by position, so a name
 * (`stages.lab`) or a position past the end is refused naming the path, instead of being dropped silently.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { GfsimError } from "../src/errors.ts";
import { applyOverrides, parseOverride, validateScenario } from "../src/scenario/load.ts";
import { setAt } from "../src/scenario/paths.ts";
import { cli, gfsimError, ROOT } from "./helpers.ts";

const yuhang = () => parse(readFileSync(`${ROOT}scenarios/yuhang-2b.yaml`, "utf8"));
const UNCHANGED_HASH = "a321d093d077c3b0";
const NO_STACK = /\n\s+at .+:\d+:\d+/;

function overrideError(...sets: string[]): GfsimError {
  try {
    applyOverrides(yuhang(), sets.map(parseOverride));
  } catch (e) {
    expect(e).toBeInstanceOf(GfsimError);
    return e as GfsimError;
  }
  throw new Error(`--set ${sets.join(" ")} was accepted`);
}

describe("setAt inside lists", () => {
  it("refuses a name where a position is expected, pointing at the entry with that id or name", () => {
    const e = overrideError("fund.lifecycle.stages.lab.advance=0.99");
    expect(e.code).toBe("INVALID_OVERRIDE");
    expect(e.exitCode).toBe(2);
    expect(e.problems).toEqual([
      {
        path: "fund.lifecycle.stages.lab",
        message: 'stages entries are addressed by position: use stages[0] for "lab"',
        value: "lab",
      },
    ]);
  });

  it("refuses an unknown name, listing the entries", () => {
    const [p] = overrideError("fund.lifecycle.stages.seed.advance=0.5").problems;
    expect(p!.path).toBe("fund.lifecycle.stages.seed");
    expect(p!.message).toContain('unknown stages entry "seed"');
    expect(p!.message).toContain("stages[3] (growth)");
  });

  it("refuses a position past the end, naming the position and the allowed range", () => {
    const [p] = overrideError("fund.lifecycle.stages[6].advance=0.5").problems;
    expect(p!.path).toBe("fund.lifecycle.stages[6]");
    expect(p!.message).toContain("past the end");
    expect(p!.message).toContain("stages[4]");
    expect(p!.value).toBe(6);
  });

  it("leaves the tree untouched when the path is refused", () => {
    const root = { a: { list: [{ id: "x" }] } };
    expect(() => setAt(root, ["a", "missing", 3, "v"], 1)).toThrowError(GfsimError);
    try {
      setAt(root, ["a", "list", "y", "v"], 1);
      expect.unreachable();
    } catch (e) {
      expect((e as GfsimError).problems[0]!.message).toContain('unknown list entry "y"; the entries are list[0] (x)');
    }
    expect(root).toEqual({ a: { list: [{ id: "x" }] } });
  });

  it("sets an existing entry by position and appends one at the end", () => {
    const root = { list: [{ id: "x", v: 0 }] } as Record<string, unknown>;
    setAt(root, ["list", 0, "v"], 1);
    setAt(root, ["list", 1], { id: "y", v: 2 });
    expect(root).toEqual({
      list: [
        { id: "x", v: 1 },
        { id: "y", v: 2 },
      ],
    });
  });

  it("a valid positional override still reaches the field", () => {
    const loaded = validateScenario(applyOverrides(yuhang(), [parseOverride("fund.lifecycle.stages[0].advance=0.5")]));
    expect(loaded.scenario.vehicles[0]!.kind).toBe("transformation_fund");
    const fund = loaded.scenario.vehicles[0] as { lifecycle: { stages: { advance: number }[] } };
    expect(fund.lifecycle.stages[0]!.advance).toBe(0.5);
    expect(loaded.hash).not.toBe(UNCHANGED_HASH);
  });
});

describe("changes: into lists", () => {
  it("a change naming a stage instead of its position is a problem of the scenario", () => {
    const raw = yuhang();
    raw.changes = [{ year: 2, set: { "fund.lifecycle.stages.lab.advance": 0.5, "fund.reserves": 0.2 } }];
    const g = gfsimError(() => validateScenario(raw));
    expect(g.code).toBe("INVALID_SCENARIO");
    expect(g.problems).toContainEqual({
      path: "changes[0] (year 2): fund.lifecycle.stages.lab",
      message: 'stages entries are addressed by position: use stages[0] for "lab"',
      value: "lab",
    });
  });

  it("a positional change loads", () => {
    const raw = yuhang();
    raw.changes = [{ year: 2, set: { "fund.lifecycle.stages[0].advance": 0.5 } }];
    const loaded = validateScenario(raw);
    const y2 = loaded.byYear[0]![1] as unknown as { lifecycle: { stages: { advance: number }[] } };
    expect(y2.lifecycle.stages[0]!.advance).toBe(0.5);
  });
});

describe("through the CLI", () => {
  it("validate --set into a list by name exits 2 naming the path, no stack trace", () => {
    const r = cli(["validate", "yuhang-2b", "--set", "fund.lifecycle.stages.lab.advance=0.99"]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain("fund.lifecycle.stages.lab");
    expect(r.stderr).toContain("use stages[0]");
    expect(r.stdout).not.toContain(UNCHANGED_HASH);
    expect(r.stderr).not.toMatch(NO_STACK);
  });

  it("sweep --vary into a list by name exits 2 naming the path", () => {
    const r = cli(["sweep", "yuhang-2b", "--paths", "10", "--vary", "fund.lifecycle.stages.lab.advance=0.3,0.4"]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain("fund.lifecycle.stages.lab");
    expect(r.stderr).not.toMatch(NO_STACK);
  });

  it("a valid positional --set still works", () => {
    const r = cli(["validate", "yuhang-2b", "--set", "fund.lifecycle.stages[0].advance=0.5"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("valid");
    expect(r.stdout).not.toContain(UNCHANGED_HASH);
  });
});
