/**
 * Broken angel fund-of-funds scenarios: each is refused with a problem naming the field (and, for the policy caps,
 * the policy); a few go through the CLI (`validate`) in a child process, which must exit 2 without a stack trace.
 */
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { GfsimError } from "../src/errors.ts";
import { validateScenario } from "../src/scenario/load.ts";
import { chengdu } from "./angel-helpers.ts";
import { cli } from "./helpers.ts";

type Raw = ReturnType<typeof chengdu>;
const sub = (s: Raw) => s.vehicles[0].subfunds;

/** [what, mutate, expected path fragment, expected message fragment] */
const CASES: [string, (s: Raw) => void, string, RegExp][] = [
  ["government share at half (largest LP)", (s) => (sub(s).share = 0.5), "subfunds.share", /largest LP/],
  ["government share above the 40% policy cap", (s) => (sub(s).share = 0.45), "subfunds.share", /25–40%/],
  ["government share of 0", (s) => (sub(s).share = 0), "subfunds.share", /> 0/],
  [
    "sub-funds need more than the commitment",
    (s) => (sub(s).count = 5),
    "subfunds.count",
    /subfunds\.count × subfunds\.size × subfunds\.share/,
  ],
  [
    "one sub-fund exceeds the commitment (per_year)",
    (s) => Object.assign(sub(s), { count: undefined, per_year: 1, size: 700_000_000 }),
    "subfunds.size",
    /no sub-fund can be formed/,
  ],
  ["both count and per_year", (s) => (sub(s).per_year = 2), "subfunds.count", /exactly one of count or per_year/],
  ["neither count nor per_year", (s) => delete sub(s).count, "subfunds.count", /exactly one of count or per_year/],
  ["non-positive commitment", (s) => (s.vehicles[0].commitment = 0), "commitment", /> 0/],
  ["term shorter than the investment years", (s) => (sub(s).term_years = 4), "subfunds.term_years", /investment_years/],
  ["unknown entry stage", (s) => (sub(s).entry_stage = "series_z"), "subfunds.entry_stage", /unknown stage "series_z"/],
  [
    "unknown follow-on stage",
    (s) => (sub(s).follow_on.stages = ["a", "c"]),
    "subfunds.follow_on.stages[1]",
    /unknown stage "c"/,
  ],
  [
    "grant ticket in an angel sub-fund",
    (s) => (sub(s).tickets.instrument = "grant"),
    "subfunds.tickets.instrument",
    /equity/,
  ],
  ["carry above 50%", (s) => (sub(s).carry = 0.6), "subfunds.carry", /≤ 0.5/],
  ["negative hurdle", (s) => (sub(s).hurdle = -0.01), "subfunds.hurdle", /≥ 0/],
  ["reserves of 100%", (s) => (sub(s).reserves = 1), "subfunds.reserves", /< 1/],
  ["management fee of 20%", (s) => (sub(s).fees.management = 0.2), "subfunds.fees.management", /≤ 0.1/],
  ["zero companies", (s) => (sub(s).companies = 0), "subfunds.companies", /companies per sub-fund/],
  ["fractional companies", (s) => (sub(s).companies = 12.5), "subfunds.companies", /whole number/],
  ["unknown concession mode", (s) => (s.vehicles[0].concession = { mode: "gift" }), "concession.mode", /buyback/],
  [
    "buy-back field on a profit share",
    (s) => (s.vehicles[0].concession = { mode: "profit_share", share: 0.5, free_years: 3 }),
    "concession.free_years",
    /unknown field/,
  ],
  [
    "profit share above 1",
    (s) => (s.vehicles[0].concession = { mode: "profit_share", share: 1.5 }),
    "concession.share",
    /≤ 1/,
  ],
  ["negative buy-back rate", (s) => (s.vehicles[0].concession.rate = -0.031), "concession.rate", /≥ 0/],
  [
    "unknown stage in tolerance.by_stage",
    (s) => (s.vehicles[0].tolerance.by_stage = { lab: 0.7 }),
    "tolerance.by_stage.lab",
    /unknown stage "lab"/,
  ],
  ["unknown sub-fund field", (s) => (sub(s).carried_interest = 0.2), "subfunds.carried_interest", /unknown field/],
  ["missing size", (s) => delete sub(s).size, "subfunds.size", /missing/],
];

function problemsOf(raw: unknown): { path: string; message: string }[] {
  try {
    validateScenario(raw);
  } catch (e) {
    if (e instanceof GfsimError) return e.problems;
    throw e;
  }
  return [];
}

describe("bad angel fund-of-funds input", () => {
  it("the shipped scenario itself is valid", () => {
    expect(problemsOf(chengdu())).toEqual([]);
  });

  it.each(CASES)("%s", (_, mutate, path, message) => {
    const raw = chengdu();
    mutate(raw);
    const problems = problemsOf(raw);
    const hit = problems.find((p) => p.path.includes(path) && message.test(p.message));
    expect(hit, `expected a problem at ${path} matching ${message}; got ${JSON.stringify(problems)}`).toBeDefined();
  });

  it.each([CASES[0]!, CASES[3]!, CASES[9]!])(
    "through the CLI: %s ⇒ exit 2, the field named, no stack trace",
    (_, mutate, path) => {
      const raw = chengdu();
      mutate(raw);
      const file = join(tmpdir(), `gfsim-angel-bad-${process.pid}-${path.replace(/\W/g, "_")}.yaml`);
      writeFileSync(file, stringify(raw));
      const r = cli(["validate", file]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(path);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    },
  );
});
