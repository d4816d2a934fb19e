/**
 * Identities of the angel fund of funds on every path, year and sub-fund (through the engine's probe): sub-fund
 * distributions = exits + recoveries + term sale; LP + GP receipts = distributions; government + private paid-in =
 * calls; paid-in = investments + fees ≤ size; leverage_paid_in = calls ÷ government calls; and the concession moves value
 * between the government and private LPs without changing the sub-funds or creating value (same paths, same
 * totals with and without it). Checked on the Chengdu scenario and variants covering every rule.
 */
import { describe, expect, it } from "vitest";
import { chengdu, load, type ProbeRecord, simulateAngel } from "./angel-helpers.ts";

type Raw = ReturnType<typeof chengdu>;
const close = (a: number, b: number, what: string, scale = 1) => {
  if (!(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b), scale)))
    throw new Error(`${what}: ${a} ≠ ${b}`);
};

const VARIANTS: [string, (s: Raw) => void][] = [
  ["chengdu (buy-back)", () => {}],
  ["no concession", (s) => (s.vehicles[0].concession = { mode: "none" })],
  [
    "profit share above the LPR, per_year formation, no catch-up",
    (s) => {
      s.vehicles[0].concession = { mode: "profit_share", share: 0.3, hurdle: 0.031 };
      s.vehicles[0].subfunds.count = undefined;
      s.vehicles[0].subfunds.per_year = 2;
      s.vehicles[0].subfunds.catch_up = false;
    },
  ],
  [
    "buy-back with no free years, recoveries, term discount, fixed follow-ons, a stress year",
    (s) => {
      s.vehicles[0].concession = { mode: "buyback", free_years: 0, rate: 0.05 };
      s.vehicles[0].subfunds.lifecycle.stages[0].recovery = 0.3;
      s.vehicles[0].subfunds.term_discount = 0.25;
      s.vehicles[0].subfunds.follow_on = { stages: ["a", "b", "growth"], mode: "fixed", amount: 4_000_000 };
      s.macro.shocks = { 3: -2.5 };
    },
  ],
  [
    "short horizon (sub-funds valued at NAV), annual tolerance with stop_new",
    (s) => {
      s.horizon_years = 7;
      s.vehicles[0].subfunds.count = undefined;
      s.vehicles[0].subfunds.per_year = 1;
      s.vehicles[0].subfunds.size = 50_000_000;
      s.vehicles[0].tolerance = { fund_loss_ratio: 0.3, assess: "annual", on_breach: "stop_new" };
    },
  ],
];

function checkPath(records: ProbeRecord[], s: Record<string, number>, size: number): void {
  let calls = 0;
  let govCalls = 0;
  let privateCalls = 0;
  let dist = 0;
  let landed = 0;
  const perFund = new Map<number, { calls: number; out: number }>();
  for (const { year, subfund, y } of records) {
    const at = `year ${year} sub-fund ${subfund}`;
    close(
      y.distributions,
      y.exits + y.recoveries + y.termSale,
      `${at}: distributions = exits + recoveries + term sale`,
    );
    close(y.lp + y.gp, y.distributions, `${at}: LP + GP = distributions`);
    close(y.govCalls + y.privateCalls, y.calls, `${at}: government + private calls = calls`);
    close(y.govLp + y.privateLp, y.lp, `${at}: government + private receipts = LP receipts`);
    const f = perFund.get(subfund) ?? { calls: 0, out: 0 };
    f.calls += y.calls;
    f.out += y.investments + y.fees;
    perFund.set(subfund, f);
    calls += y.calls;
    govCalls += y.govCalls;
    privateCalls += y.privateCalls;
    dist += y.distributions;
    landed += y.newCompanies;
  }
  for (const [i, f] of perFund) {
    close(f.calls, f.out, `sub-fund ${i}: paid-in = investments + fees`);
    expect(f.calls).toBeLessThanOrEqual(size * (1 + 1e-12));
  }
  close(s.leverage_paid_in!, calls / govCalls, "leverage_paid_in = calls ÷ government calls");
  close(s.fiscal_in!, govCalls, "fiscal_in");
  close(s.social_capital!, privateCalls, "social_capital");
  close(s.paid_in!, calls, "paid_in");
  close(s.distributions!, dist, "distributions");
  expect(s.companies_backed).toBe(landed);
  close(
    s.gov_net_cash! + s.lp_net_cash!,
    s.gov_net_cash_no_concession! + s.lp_net_cash_no_concession!,
    "concession creates no value",
    1e9,
  );
  close(s.concession_cost!, s.gov_net_cash_no_concession! - s.gov_net_cash!, "concession cost", 1e9);
  expect(s.gp_carry).toBeGreaterThanOrEqual(-1e-6);
}

describe("angel fund-of-funds identities on every path", () => {
  it.each(VARIANTS)("%s", (_, mutate) => {
    const raw = chengdu();
    mutate(raw);
    const loaded = load(raw);
    const paths = 150;
    const { scalars, records } = simulateAngel(loaded, paths);
    expect(records.length).toBeGreaterThan(paths);
    const byPath = new Map<number, ProbeRecord[]>();
    for (const r of records) byPath.set(r.path, [...(byPath.get(r.path) ?? []), r]);
    for (let p = 0; p < paths; p++) checkPath(byPath.get(p) ?? [], scalars[p]!, raw.vehicles[0].subfunds.size);
    if (raw.vehicles[0].concession.mode === "none")
      for (const s of scalars) {
        expect(Math.abs(s.concession_cost!)).toBeLessThan(1e-3);
        expect(s.gov_tvpi).toBeCloseTo(s.gov_tvpi_no_concession!, 12);
      }
  });

  it("stop_new: no sub-fund is formed after the year of a breach", () => {
    const raw = chengdu();
    raw.horizon_years = 9;
    Object.assign(raw.vehicles[0].subfunds, { count: undefined, per_year: 1, size: 50_000_000 });
    raw.vehicles[0].tolerance = { fund_loss_ratio: 0.3, assess: "annual", on_breach: "stop_new" };
    const { scalars, records } = simulateAngel(load(raw), 100);
    let stopped = 0;
    scalars.forEach((s, p) => {
      const formed = new Set(records.filter((r) => r.path === p).map((r) => r.subfund)).size;
      expect(s.subfunds_count).toBe(formed);
      if (s.tolerance_breach === 1) {
        expect(formed).toBe(Math.min(9, s.breach_year!));
        if (formed < 9) stopped++;
      } else expect(formed).toBe(9);
    });
    expect(stopped).toBeGreaterThan(10);
  });

  it("the concession changes who gets paid, never the sub-funds: same calls and distributions, same total value", () => {
    const withRaw = chengdu();
    const noneRaw = chengdu();
    noneRaw.vehicles[0].concession = { mode: "none" };
    const a = simulateAngel(load(withRaw), 200);
    const b = simulateAngel(load(noneRaw), 200);
    expect(a.records.length).toBe(b.records.length);
    a.records.forEach((r, i) => {
      const q = b.records[i]!;
      expect([r.path, r.year, r.subfund]).toEqual([q.path, q.year, q.subfund]);
      expect(r.y.calls).toBe(q.y.calls);
      expect(r.y.distributions).toBe(q.y.distributions);
      expect(r.y.lp).toBe(q.y.lp);
    });
    let moved = 0;
    a.scalars.forEach((s, p) => {
      const n = b.scalars[p]!;
      close(s.gov_net_cash! + s.lp_net_cash!, n.gov_net_cash! + n.lp_net_cash!, `path ${p}: total LP value`, 1e9);
      close(
        s.gov_net_cash_no_concession!,
        n.gov_net_cash!,
        `path ${p}: counterfactual = the run without concession`,
        1e9,
      );
      close(s.gov_tvpi_no_concession!, n.gov_tvpi!, `path ${p}: gov_tvpi_no_concession`);
      moved += s.concession_cost!;
    });
    // The buy-back fires on almost every path (paper mark-ups after the A round): it costs the government on average.
    expect(moved / 200).toBeGreaterThan(0);
    expect(a.scalars.filter((s) => s.buyback_count! > 0).length).toBeGreaterThan(100);
  });
});
