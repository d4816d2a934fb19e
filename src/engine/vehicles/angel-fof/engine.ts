/**
 * Monte Carlo engine of the 天使投资引导基金 (MODEL.md §5): the government forms angel sub-funds as a minority LP;
 * each sub-fund's companies move through the lifecycle on the shared macro factor; calls, the European waterfall and
 * the 让利 concession give the government's and the private LPs' cash flows. The same paths also give the
 * government's flows without the concession (its pro-rata share of the LPs' flows), so the concession's cost is
 * measured without Monte Carlo noise. Sub-funds still running at the horizon are valued by a hypothetical
 * liquidation at NAV through the waterfall (a final inflow for TVPI and IRR, never booked as a distribution).
 */
import type { Scenario } from "../../../scenario/schema.ts";
import type { AngelFof } from "../../../scenario/vehicles/angel-fof.ts";
import { irr } from "../../../stats/irr.ts";
import { OUTCOME_BUCKETS } from "../../lifecycle.ts";
import { PortfolioTally } from "../../portfolio.ts";
import type { PathContext, PathOutput, VehicleEngine } from "../../vehicle.ts";
import { type AngelParams, compileAngelParams, formationSchedule } from "./params.ts";
import { SubFund, type SubFundYear } from "./subfund.ts";

export interface AngelEngineOptions {
  /** Called for every sub-fund alive in a year, after its year is booked — for the identity tests. */
  probe?: (path: number, year: number, subfund: number, flows: Readonly<SubFundYear>) => void;
}

const SCALARS_FIXED = [
  "gov_tvpi",
  "gov_irr",
  "lp_tvpi",
  "lp_irr",
  "gp_carry",
  "gp_fees",
  "leverage",
  "leverage_paid_in",
  "social_capital",
  "fiscal_in",
  "companies_backed",
  "exits",
  "loss_ratio",
  "tolerance_breach",
  "breach_year",
  "gov_tvpi_no_concession",
  "gov_irr_no_concession",
  "concession_cost",
  "buyback_count",
  "buyback_paid",
  "profit_share_paid",
  "gov_net_cash",
  "lp_net_cash",
  "gov_net_cash_no_concession",
  "lp_net_cash_no_concession",
  "tvpi",
  "moic",
  "paid_in",
  "distributions",
  "subfunds_count",
  "commitment_used_share",
  "deals_skipped",
  "follow_ons_skipped",
  ...OUTCOME_BUCKETS,
] as const;

const SERIES = [
  "fiscal_cash_flow",
  "lp_cash_flow",
  "gov_nav",
  "nav",
  "projects_landed",
  "calls",
  "distributions",
  "loss_ratio",
] as const;

export function angelFofEngine(
  byYear: AngelFof[],
  scenario: Scenario,
  options: AngelEngineOptions = {},
): VehicleEngine {
  const cache = new Map<AngelFof, AngelParams>();
  const P = byYear.map((v) => {
    let p = cache.get(v);
    if (!p) cache.set(v, (p = compileAngelParams(v)));
    return p;
  });
  const stageNames = P[0]!.stages.map((s) => s.name);
  const scalarNames = [...SCALARS_FIXED, ...stageNames.map((s) => `reached_${s}`)];
  const idx = Object.fromEntries(scalarNames.map((n, i) => [n, i])) as Record<string, number>;
  const sim = new AngelPath(P, scenario.horizon_years, options.probe);
  return {
    id: byYear[0]!.id,
    kind: "angel_fof",
    scalarNames,
    seriesNames: SERIES,
    simulatePath(ctx: PathContext, out: PathOutput) {
      sim.run(ctx);
      sim.write(out, idx, stageNames);
    },
  };
}

/** Per-year sums over sub-funds (index = year) and path totals; reused for every path. */
class AngelPath {
  private readonly subfunds: SubFund[];
  private readonly formed: Uint8Array;
  private readonly tally: PortfolioTally;
  private readonly finalYear: number;
  private readonly firstAssess: number;
  private readonly a: Record<(typeof YEAR_ARRAYS)[number], Float64Array>;
  private readonly flows: Float64Array;
  private formedCount = 0;
  private commitmentUsed = 0;
  private sizeFormed = 0;
  private breachYear = Number.NaN;
  private stopped = false;
  private buybacks = 0;
  private skipped = 0;
  // Totals of flows not kept by year.
  private govLp = 0;
  private privateLp = 0;
  private gp = 0;
  private fees = 0;
  private buybackPaid = 0;
  private profitShared = 0;
  private profitSharedNotional = 0;
  private gov0Calls = 0;
  private gov0Receipts = 0;
  private invested = 0;
  private lossRatio = 0;
  private notional = { lp: 0, gp: 0, gov: 0, priv: 0, gov0: 0 };

  constructor(
    private readonly P: readonly AngelParams[],
    private readonly H: number,
    private readonly probe?: AngelEngineOptions["probe"],
  ) {
    const schedule = formationSchedule(P, H);
    this.subfunds = schedule.map((f) => new SubFund(f.vintage, f.params));
    this.formed = new Uint8Array(schedule.length);
    this.tally = new PortfolioTally(Math.max(...P.map((p) => p.stages.length)));
    this.finalYear = Math.min(H, Math.max(1, ...schedule.map((f) => f.vintage + f.params.termYears - 1)));
    this.firstAssess = Math.min(this.finalYear, P[0]!.investmentYears);
    this.a = Object.fromEntries(YEAR_ARRAYS.map((n) => [n, new Float64Array(H + 1)])) as AngelPath["a"];
    this.flows = new Float64Array(H);
  }

  private reset(): void {
    for (const n of YEAR_ARRAYS) this.a[n].fill(0);
    this.formed.fill(0);
    this.tally.reset();
    this.formedCount = this.commitmentUsed = this.sizeFormed = this.buybacks = this.skipped = 0;
    this.govLp =
      this.privateLp =
      this.gp =
      this.fees =
      this.buybackPaid =
      this.profitShared =
      this.profitSharedNotional =
        0;
    this.gov0Calls = this.gov0Receipts = this.invested = this.lossRatio = 0;
    this.notional = { lp: 0, gp: 0, gov: 0, priv: 0, gov0: 0 };
    this.breachYear = Number.NaN;
    this.stopped = false;
  }

  run(ctx: PathContext): void {
    this.reset();
    const { z, rng } = ctx;
    for (let t = 1; t <= this.H; t++) {
      for (let i = 0; i < this.subfunds.length; i++) {
        const sf = this.subfunds[i]!;
        if (sf.vintage !== t || this.stopped) continue;
        sf.form(rng);
        this.formed[i] = 1;
        this.formedCount++;
        this.commitmentUsed += sf.p.size * sf.p.share;
        this.sizeFormed += sf.p.size;
      }
      for (let i = 0; i < this.subfunds.length; i++) {
        const sf = this.subfunds[i]!;
        if (!this.formed[i] || !sf.step(t, z[t]!, rng, this.tally, this.H)) continue;
        this.book(t, sf);
        if (this.probe) this.probe(ctx.path, t, i, sf.y);
      }
      this.assess(t);
    }
  }

  private book(t: number, sf: SubFund): void {
    const y = sf.y;
    const a = this.a;
    const share = sf.p.share;
    a.calls[t]! += y.calls;
    a.dist[t]! += y.distributions;
    a.nav[t]! += y.nav;
    a.govNav[t]! += y.govStake;
    a.landed[t]! += y.newCompanies;
    a.govCalls[t]! += y.govCalls;
    a.privateCalls[t]! += y.privateCalls;
    a.gov[t]! += -y.govCalls + y.govLp + y.buyback - y.profitShare;
    a.priv[t]! += -y.privateCalls + y.privateLp - y.buyback + y.profitShare;
    a.gov0[t]! += share * (y.lp - y.calls);
    this.govLp += y.govLp;
    this.privateLp += y.privateLp;
    this.gp += y.gp + y.notionalGp;
    this.fees += y.fees;
    this.buybackPaid += y.buyback;
    this.buybacks += y.boughtBack;
    this.profitShared += y.profitShare;
    this.profitSharedNotional += y.notionalProfitShare;
    this.gov0Calls += share * y.calls;
    this.gov0Receipts += share * (y.lp + y.notionalLp);
    this.skipped += y.skipped;
    const n = this.notional;
    n.lp += y.notionalLp;
    n.gp += y.notionalGp;
    n.gov += y.notionalGov - y.notionalProfitShare;
    n.priv += y.notionalPrivate + y.notionalProfitShare;
    n.gov0 += share * y.notionalLp;
  }

  /** 容错 on the whole programme: loss ratio of all sub-funds' companies, final or every year once assessable. */
  private assess(t: number): void {
    if (t > this.finalYear) {
      this.a.loss[t] = this.a.loss[t - 1]!;
      return;
    }
    let lost = 0;
    let invested = 0;
    for (let i = 0; i < this.subfunds.length; i++) {
      if (!this.formed[i]) continue;
      const pf = this.subfunds[i]!.portfolio;
      lost += pf.writtenOff - pf.recovered;
      invested += pf.invested;
    }
    const ratio = invested > 0 ? lost / invested : 0;
    this.a.loss[t] = ratio;
    this.invested = invested;
    this.lossRatio = ratio;
    const due = this.P[t - 1]!.annual ? t >= this.firstAssess : t === this.finalYear;
    if (due && ratio > this.P[t - 1]!.toleranceLimit + 1e-12 && Number.isNaN(this.breachYear)) {
      this.breachYear = t;
      if (this.P[t - 1]!.stopNew) this.stopped = true;
    }
  }

  write(out: PathOutput, idx: Record<string, number>, stageNames: string[]): void {
    const { H, a, notional: n } = this;
    const s = out.scalars;
    let calls = 0;
    let govCalls = 0;
    let privateCalls = 0;
    let dist = 0;
    let gov = 0;
    let priv = 0;
    let gov0 = 0;
    for (let t = 1; t <= H; t++) {
      calls += a.calls[t]!;
      govCalls += a.govCalls[t]!;
      privateCalls += a.privateCalls[t]!;
      dist += a.dist[t]!;
      gov += a.gov[t]!;
      priv += a.priv[t]!;
      gov0 += a.gov0[t]!;
      out.series[0 * H + t - 1] = a.gov[t]!;
      out.series[1 * H + t - 1] = a.priv[t]!;
      out.series[2 * H + t - 1] = a.govNav[t]!;
      out.series[3 * H + t - 1] = a.nav[t]!;
      out.series[4 * H + t - 1] = a.landed[t]!;
      out.series[5 * H + t - 1] = a.calls[t]!;
      out.series[6 * H + t - 1] = a.dist[t]!;
      out.series[7 * H + t - 1] = a.loss[t]!;
    }
    const ratio = (num: number, den: number) => (den > 0 ? num / den : Number.NaN);
    s[idx.gov_tvpi!] = ratio(this.govLp + this.buybackPaid - this.profitShared + n.gov, govCalls);
    s[idx.gov_irr!] = this.irrOf(a.gov, n.gov);
    s[idx.lp_tvpi!] = ratio(this.privateLp + this.profitShared + n.priv, privateCalls + this.buybackPaid);
    s[idx.lp_irr!] = this.irrOf(a.priv, n.priv);
    s[idx.gp_carry!] = this.gp;
    s[idx.gp_fees!] = this.fees;
    // The headline is on committed capital (sub-fund sizes per government yuan committed to them); paid-in leverage
    // rises as buy-backs return government money, so it is reported apart under its own name.
    s[idx.leverage!] = ratio(this.sizeFormed, this.commitmentUsed);
    s[idx.leverage_paid_in!] = ratio(calls, govCalls);
    s[idx.social_capital!] = privateCalls;
    s[idx.fiscal_in!] = govCalls;
    s[idx.companies_backed!] = this.sumLanded();
    s[idx.exits!] = this.tally.exits;
    s[idx.loss_ratio!] = this.lossRatio;
    s[idx.tolerance_breach!] = Number.isNaN(this.breachYear) ? 0 : 1;
    s[idx.breach_year!] = this.breachYear;
    s[idx.gov_tvpi_no_concession!] = ratio(this.gov0Receipts, this.gov0Calls);
    s[idx.gov_irr_no_concession!] = this.irrOf(a.gov0, n.gov0);
    s[idx.gov_net_cash!] = gov + n.gov;
    s[idx.lp_net_cash!] = priv + n.priv;
    s[idx.gov_net_cash_no_concession!] = gov0 + n.gov0;
    s[idx.lp_net_cash_no_concession!] = this.govLp + this.privateLp - calls + n.lp - (gov0 + n.gov0);
    s[idx.concession_cost!] = gov0 + n.gov0 - (gov + n.gov);
    s[idx.buyback_count!] = this.buybacks;
    s[idx.buyback_paid!] = this.buybackPaid;
    s[idx.profit_share_paid!] = this.profitShared + this.profitSharedNotional;
    s[idx.tvpi!] = ratio(this.govLp + this.privateLp + n.lp, calls);
    let held = 0;
    for (let i = 0; i < this.subfunds.length; i++) if (this.formed[i]) held += this.subfunds[i]!.portfolio.holdings();
    s[idx.moic!] = ratio(dist + held, this.invested);
    s[idx.paid_in!] = calls;
    s[idx.distributions!] = dist;
    s[idx.subfunds_count!] = this.formedCount;
    s[idx.commitment_used_share!] = ratio(this.commitmentUsed, this.P[0]!.commitment);
    s[idx.deals_skipped!] = this.skipped;
    s[idx.follow_ons_skipped!] = this.tally.followOnsSkipped;
    const b = this.tally.buckets;
    const nFin = b[0]! + b[1]! + b[2]! + b[3]!;
    for (let k = 0; k < 4; k++) s[idx[OUTCOME_BUCKETS[k]!]!] = ratio(b[k]!, nFin);
    stageNames.forEach((name, k) => {
      s[idx[`reached_${name}`]!] = this.tally.reached[k]!;
    });
  }

  private irrOf(byYear: Float64Array, finalValue: number): number {
    for (let t = 1; t <= this.H; t++) this.flows[t - 1] = byYear[t]!;
    this.flows[this.H - 1]! += finalValue;
    return irr(this.flows, this.H);
  }

  private sumLanded(): number {
    let x = 0;
    for (let t = 1; t <= this.H; t++) x += this.a.landed[t]!;
    return x;
  }
}

const YEAR_ARRAYS = [
  "calls",
  "dist",
  "nav",
  "govNav",
  "landed",
  "govCalls",
  "privateCalls",
  "gov",
  "priv",
  "gov0",
  "loss",
] as const;
