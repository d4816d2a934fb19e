/**
 * Broken scenarios: every one is refused with a problem naming the field path (and the bad value where there is
 * one); through the CLI the exit code is 2 and no stack trace is printed.
 */
import { mkdtempSync, readFileSync, rmdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { GfsimError } from "../src/errors.ts";
import { validateScenario } from "../src/scenario/load.ts";
import { cli, gfsimError, ROOT } from "./helpers.ts";

const base = () => parse(readFileSync(`${ROOT}scenarios/yuhang-2b.yaml`, "utf8"));
type Raw = ReturnType<typeof base>;

/** [what, mutate, expected path fragment, expected message fragment] */
const CASES: [string, (s: Raw) => void, string, RegExp][] = [
  ["horizon not a number", (s) => (s.horizon_years = "ten"), "horizon_years", /expected number/],
  ["horizon too long", (s) => (s.horizon_years = 80), "horizon_years", /≤ 50/],
  ["missing name", (s) => delete s.name, "name", /missing/],
  ["unknown top-level field", (s) => (s.vehicels = []), "vehicels", /unknown field/],
  ["unknown vehicle field", (s) => (s.vehicles[0].reserve = 0.3), "vehicles[0] (fund).reserve", /unknown field/],
  ["unknown kind", (s) => (s.vehicles[0].kind = "hedge_fund"), "vehicles[0] (fund).kind", /transformation_fund/],
  ["negative size", (s) => (s.vehicles[0].size = -5), "vehicles[0] (fund).size", /> 0/],
  ["government share above 1", (s) => (s.vehicles[0].government_share = 1.2), "government_share", /≤ 1/],
  [
    "probability above 1",
    (s) => (s.vehicles[0].lifecycle.stages[1].advance = 1.5),
    "lifecycle.stages[1].advance",
    /≤ 1/,
  ],
  [
    "advance + exit above 1",
    (s) => (s.vehicles[0].lifecycle.stages[2].exit = 0.6),
    "lifecycle.stages[2].exit",
    /advance \+ exit/,
  ],
  ["rho of 1", (s) => (s.vehicles[0].lifecycle.stages[0].rho = 1), "lifecycle.stages[0].rho", /< 1/],
  ["negative ticket", (s) => (s.vehicles[0].tickets.lab.amount = -500000), "tickets.lab.amount", /ticket amount/],
  [
    "unknown stage in entry_mix",
    (s) => (s.vehicles[0].deal_flow.entry_mix = { lab: 0.5, moon: 0.5 }),
    "entry_mix.moon",
    /unknown stage/,
  ],
  ["entry_mix not summing to 1", (s) => (s.vehicles[0].deal_flow.entry_mix.lab = 0.5), "entry_mix", /sum to 1/],
  ["unknown instrument", (s) => (s.vehicles[0].tickets.lab.instrument = "loan"), "tickets.lab.instrument", /equity/],
  [
    "unknown distribution",
    (s) => (s.vehicles[0].tickets.pilot.amount = { dist: "gamma", shape: 2 }),
    "tickets.pilot.amount",
    /dist|lognormal/,
  ],
  [
    "lognormal without sigma",
    (s) => (s.vehicles[0].tickets.pilot.amount = { dist: "lognormal", median: 3e6 }),
    "tickets.pilot.amount",
    /median and sigma/,
  ],
  ["years zero", (s) => (s.vehicles[0].lifecycle.stages[0].years = 0), "lifecycle.stages[0].years", /years in stage/],
  [
    "fractional years",
    (s) => (s.vehicles[0].lifecycle.stages[0].years = 1.5),
    "lifecycle.stages[0].years",
    /whole number/,
  ],
  ["term before investment end", (s) => (s.vehicles[0].term_years = 3), "term_years", /investment_years/],
  [
    "instalments not summing to 1",
    (s) => (s.vehicles[0].capital_calls.instalments = [0.4, 0.4]),
    "capital_calls.instalments",
    /sum to 1/,
  ],
  ["buyback without terms", (s) => delete s.vehicles[0].conversion.buyback, "conversion.buyback", /buyback/],
  ["fixed ratio without ratio", (s) => (s.vehicles[0].conversion.basis = "fixed_ratio"), "conversion.ratio", /ratio/],
  [
    "follow-on at an unknown stage",
    (s) => (s.vehicles[0].follow_on.stages = ["series_z"]),
    "follow_on.stages[0]",
    /unknown stage/,
  ],
  [
    "last stage without exit value",
    (s) => delete s.vehicles[0].lifecycle.stages[3].exit_value,
    "stages[3].exit_value",
    /exit_value/,
  ],
  [
    "duplicate vehicle id",
    (s) => s.vehicles.push(structuredClone(s.vehicles[0])),
    "vehicles[1] (fund).id",
    /duplicate/,
  ],
  ["shock past the horizon", (s) => (s.macro.shocks = { 30: -2 }), "macro.shocks", /past horizon/],
  [
    "change of an unknown vehicle",
    (s) => (s.changes = [{ year: 2, set: { "pool.reserves": 0.1 } }]),
    "changes[0].set",
    /not a vehicle id/,
  ],
  [
    "change to an invalid value",
    (s) => (s.changes = [{ year: 2, set: { "fund.reserves": 2 } }]),
    "changes[0]",
    /reserves/,
  ],
  [
    "target on an unknown vehicle",
    (s) => (s.targets = [{ metric: "pool.x.mean", op: "<=", value: 1 }]),
    "targets[0].metric",
    /no vehicle/,
  ],
  [
    "bad target operator",
    (s) => (s.targets = [{ metric: "fund.tvpi.mean", op: "=>", value: 1 }]),
    "targets[0].op",
    /<=/,
  ],
  ["paths of zero", (s) => (s.run.paths = 0), "run.paths", /≥ 1/],
];

describe("bad input", () => {
  it(`has at least 20 cases (${CASES.length})`, () => expect(CASES.length).toBeGreaterThanOrEqual(20));

  it.each(CASES)("%s", (_what, mutate, pathPart, message) => {
    const raw = base();
    mutate(raw);
    const g = gfsimError(() => validateScenario(raw));
    expect(g.exitCode).toBe(2);
    const hit = g.problems.find((p) => p.path.includes(pathPart) && message.test(`${p.path} ${p.message}`));
    expect(hit, `no problem at ${pathPart} matching ${message}; got ${JSON.stringify(g.problems)}`).toBeDefined();
  });

  it("reports every problem at once", () => {
    const raw = base();
    raw.horizon_years = 0;
    raw.vehicles[0].size = -1;
    raw.vehicles[0].lifecycle.stages[0].advance = 2;
    try {
      validateScenario(raw);
      expect.unreachable();
    } catch (e) {
      expect((e as GfsimError).problems.length).toBeGreaterThanOrEqual(3);
    }
  });

  it("the CLI exits 2 with the field, the value and the range, and no stack trace", () => {
    const raw = base();
    raw.vehicles[0].lifecycle.stages[1].advance = 1.5;
    const file = join(tmpdir(), `gfsim-bad-${process.pid}.yaml`);
    writeFileSync(file, JSON.stringify(raw));
    for (const cmd of ["validate", "run"]) {
      const r = cli([cmd, file]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain("vehicles[0] (fund).lifecycle.stages[1].advance");
      expect(r.stderr).toContain("≤ 1");
      expect(r.stderr).toContain("1.5");
      expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    }
  });

  it("a directory given as the scenario (or result) file exits 2 naming the path and EISDIR, no stack trace", () => {
    const dir = mkdtempSync(join(tmpdir(), "gfsim-dir-"));
    const cases = [
      ["validate", dir],
      ["run", dir, "--paths", "10"],
      ["sweep", dir, "--vary", "fund.reserves=0.1,0.2"],
      ["size-pool", dir],
      ["compare", dir, "yuhang-2b"],
      ["report", dir],
    ];
    for (const args of cases) {
      const r = cli(args);
      expect(r.status, `${args.join(" ")}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toContain(dir);
      expect(r.stderr).toContain("EISDIR");
      expect(r.stderr).not.toContain("internal error");
      expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    }
    rmdirSync(dir);
  });

  it("run --report without --out exits 2 before anything is simulated", () => {
    const r = cli(["run", "yuhang-2b", "--paths", "10", "--report", "html"]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain("--report needs --out");
    expect(r.stdout).toBe("");
  });

  it("the CLI exits 2 on syntax errors, missing files, bad options and bad --set", () => {
    const file = join(tmpdir(), `gfsim-syntax-${process.pid}.yaml`);
    writeFileSync(file, "name: x\nvehicles: [\n");
    const cases = [
      ["validate", file],
      ["validate", "no-such-scenario"],
      ["run", "scenarios/yuhang-2b.yaml", "--paths", "-3"],
      ["run", "scenarios/yuhang-2b.yaml", "--set", "fund.reserves"],
      ["run", "scenarios/yuhang-2b.yaml", "--target", "fund.tvpi.mean>>1"],
      ["run", "scenarios/yuhang-2b.yaml", "--paths", "10", "--target", "fund.nope.mean>1"],
      ["frobnicate"],
    ];
    for (const args of cases) {
      const r = cli(args);
      expect(r.status, `${args.join(" ")}: ${r.stderr}`).toBe(2);
      expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    }
  });
});
