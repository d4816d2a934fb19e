/** Decision variables: parsing `PATH=SPEC`, checking paths against a scenario, `*`, and the unit-cube mapping. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  applyDecisions,
  corners,
  decode,
  encode,
  parseDecision,
  projectSimplex,
  resolveDecisions,
} from "../src/scenario/decisions.ts";
import { parseText, validateScenario } from "../src/scenario/load.ts";
import { gfsimError, ROOT } from "./helpers.ts";

const yuhang = validateScenario(parseText(readFileSync(`${ROOT}scenarios/yuhang-2b.yaml`, "utf8"))).scenario;
const resolve = (...texts: string[]) => resolveDecisions(yuhang, texts.map(parseDecision));

describe("parseDecision", () => {
  it("reads ranges, log and integer ranges, simplexes with bounds, and choices", () => {
    expect(parseDecision("fund.reserves=0.1..0.5")).toEqual({
      kind: "range",
      path: "fund.reserves",
      lo: 0.1,
      hi: 0.5,
      scale: "linear",
      integer: false,
    });
    expect(parseDecision("fund.tickets.pilot.amount=log(1e6..8e6)")).toMatchObject({ scale: "log", lo: 1e6, hi: 8e6 });
    expect(parseDecision("fund.investment_years=int(3..7)")).toMatchObject({ integer: true, lo: 3, hi: 7 });
    expect(parseDecision("fund.deal_flow.entry_mix=simplex")).toEqual({
      kind: "simplex",
      path: "fund.deal_flow.entry_mix",
      bounds: {},
    });
    expect(parseDecision("fund.deal_flow.entry_mix=simplex(lab=0..0.3, growth=0.1..1)")).toMatchObject({
      bounds: { lab: { lo: 0, hi: 0.3 }, growth: { lo: 0.1, hi: 1 } },
    });
    expect(parseDecision("fund.follow_on.mode=choice(pro_rata,fixed)")).toEqual({
      kind: "choice",
      path: "fund.follow_on.mode",
      values: ["pro_rata", "fixed"],
    });
    expect(parseDecision("fund.investment_years=choice(4, 5, 6)")).toMatchObject({ values: [4, 5, 6] });
  });

  it.each([
    ["fund.reserves", "expects PATH=SPEC"],
    ["fund.reserves=0.5..0.1", "must be below"],
    ["fund.reserves=a..0.5", "is not a number"],
    ["fund.reserves=0.1", "expected LOW..HIGH"],
    ["fund.tickets.pilot.amount=log(0..8e6)", "positive low end"],
    ["fund.investment_years=int(3.5..7)", "whole ends"],
    ["fund.deal_flow.entry_mix=simplex(lab)", "ENTRY=LOW..HIGH"],
    ["fund.deal_flow.entry_mix=simplex(lab=0..2)", "in [0, 1]"],
    ["fund.follow_on.mode=choice(pro_rata)", "2+ values"],
    ["fund..reserves=0..1", "not a field path"],
  ])("rejects %s", (text, message) => {
    const e = gfsimError(() => parseDecision(text));
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain(message);
  });
});

describe("resolveDecisions", () => {
  it("expands * over a list by position and over a map by key", () => {
    const ds = resolve("fund.lifecycle.stages.*.advance=0.2..0.8", "fund.tickets.*.amount=log(1e5..1e7)");
    expect(ds.map((d) => d.path)).toEqual([
      "fund.lifecycle.stages[0].advance",
      "fund.lifecycle.stages[1].advance",
      "fund.lifecycle.stages[2].advance",
      "fund.lifecycle.stages[3].advance",
      "fund.tickets.lab.amount",
      "fund.tickets.poc.amount",
      "fund.tickets.pilot.amount",
      "fund.tickets.growth.amount",
    ]);
  });

  it("names an unknown path, its deepest existing parent and what that has", () => {
    const e = gfsimError(() => resolve("fund.reserve=0.1..0.5", "fund.tickets.seed.amount=1..2", "fnd.reserves=0..1"));
    expect(e.exitCode).toBe(2);
    expect(e.problems.map((p) => p.path)).toEqual(["fund.reserve", "fund.tickets.seed.amount", "fnd.reserves"]);
    expect(e.problems[0]!.message).toContain("no field fund.reserve");
    expect(e.problems[1]!.message).toContain("fund.tickets has lab, poc, pilot, growth");
    expect(e.problems[2]!.message).toContain("not a vehicle id; ids are fund");
  });

  it("does not follow prototype keys", () => {
    // Inherited names are not fields of the scenario; prototype keys are not field names at all.
    const e = gfsimError(() => resolve("fund.toString=0..1", "fund.tickets.hasOwnProperty.amount=0..1"));
    expect(e.problems.map((p) => p.path)).toEqual(["fund.toString", "fund.tickets.hasOwnProperty.amount"]);
    for (const key of ["__proto__", "constructor", "prototype"])
      expect(gfsimError(() => parseDecision(`fund.${key}.x=0..1`)).message).toContain("not a field path");
  });

  it("rejects a simplex over a non-map, infeasible bounds, a field decided twice, and run/id fields", () => {
    const e = gfsimError(() =>
      resolve(
        "fund.reserves=simplex",
        "fund.deal_flow.entry_mix=simplex(lab=0.5..1, poc=0.6..1)",
        "fund.size=1e9..3e9",
        "fund.size=1e9..2e9",
        "run.paths=1..2",
        "fund.kind=choice(a,b)",
      ),
    );
    const messages = e.problems.map((p) => `${p.path}: ${p.message}`);
    expect(messages).toEqual([
      expect.stringContaining("fund.reserves: a simplex needs a map"),
      expect.stringContaining("lows sum to 1.1"),
      'run.paths: "run" is not a decision variable',
      "fund.kind: a vehicle's id and kind cannot be decided",
      "fund.size: decided twice",
    ]);
  });
});

describe("unit-cube mapping", () => {
  it("projects onto a bounded simplex and keeps points already inside", () => {
    const w = projectSimplex([0.9, 0.9, 0.9], [0, 0, 0.2], [1, 0.5, 1]);
    expect(w.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    expect(w[2]).toBeGreaterThanOrEqual(0.2 - 1e-12);
    expect(projectSimplex([0.2, 0.3, 0.5], [0, 0, 0], [1, 1, 1])).toEqual(
      [0.2, 0.3, 0.5].map((x) => expect.closeTo(x, 12)),
    );
  });

  it("encodes the current plan so that decoding gives its values back", () => {
    const ds = resolve(
      "fund.deal_flow.entry_mix=simplex(growth=0.05..1)",
      "fund.reserves=0.1..0.5",
      "fund.follow_on.mode=choice(fixed,pro_rata)",
      "fund.tickets.lab.amount=log(1e5..1e7)",
    );
    const u = encode(ds, yuhang)!;
    expect(u).toHaveLength(7);
    const values = Object.fromEntries(decode(ds, u).map((o) => [o.path, o.value]));
    expect(values).toEqual({
      "fund.deal_flow.entry_mix.lab": 0.2,
      "fund.deal_flow.entry_mix.poc": 0.4,
      "fund.deal_flow.entry_mix.pilot": 0.3,
      "fund.deal_flow.entry_mix.growth": 0.1,
      "fund.reserves": 0.3,
      "fund.follow_on.mode": "pro_rata",
      "fund.tickets.lab.amount": 500000,
    });
    // Every decoded point is a valid scenario (weights sum to 1 within the schema's tolerance).
    for (const c of corners(ds, u)) validateScenario(applyDecisions(yuhang, ds, c));
    expect(encode(resolve("fund.reserves=0.4..0.5"), yuhang)).toBeNull();
  });

  it("puts all the weight the bounds allow on one entry at a simplex corner", () => {
    const ds = resolve("fund.deal_flow.entry_mix=simplex(growth=0.1..1)");
    const cs = corners(ds, [0.5, 0.5, 0.5, 0.5]).map((c) => decode(ds, c).map((o) => o.value));
    expect(cs).toEqual([
      [0.9, 0, 0, 0.1],
      [0, 0.9, 0, 0.1],
      [0, 0, 0.9, 0.1],
      [0, 0, 0, 1],
    ]);
  });

  it("maps integer, log and choice coordinates", () => {
    const ds = resolve(
      "fund.investment_years=int(3..7)",
      "fund.tickets.lab.amount=log(1e5..1e7)",
      "fund.follow_on.mode=choice(fixed,pro_rata)",
    );
    expect(decode(ds, [0.5, 0.5, 0.49]).map((o) => o.value)).toEqual([5, 1e6, "fixed"]);
    expect(decode(ds, [1, 1, 1]).map((o) => o.value)).toEqual([7, 1e7, "pro_rata"]);
  });
});
