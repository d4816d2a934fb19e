/**
 * Monte Carlo engine of the 科技成果转化基金 (MODEL.md §4): deal flow by entry stage, equity tickets and 补转投 grants,
 * single-project limits, reserves and follow-ons, capital calls in instalments, fees, 容错 assessment, the term
 * sale, and a per-path ledger whose identity — paid-in = investments + grants + fees + cash held — holds every year.
 *
 * Timing within year t: new deals (made during the year; a stage of n years resolves at the end of year t+n−1),
 * then stage outcomes due at the end of year t, buy-backs, fees, the term sale (t = term), NAV and 容错.
 */
import type { Scenario } from "../../../scenario/schema.ts";
import type { TransformationFund } from "../../../scenario/vehicles/transformation-fund.ts";
import { irr } from "../../../stats/irr.ts";
import { CompanyBook, GRANT_CONVERTED, GRANT_LAPSED, GRANT_PENDING } from "../../company-book.ts";
import { OUTCOME_ADVANCE, OUTCOME_BUCKETS, OUTCOME_EXIT, StageYear, stageYears } from "../../lifecycle.ts";
import { CompanyStreams, type Key, NO_KEY, type Stream, streamKey } from "../../rng.ts";
import type { PathContext, PathOutput, VehicleEngine } from "../../vehicle.ts";
import { compileFundParams, type FundParams } from "./params.ts";

/** One year of the fund's books (all amounts in yuan, flows within the year, `cash` at year end). */
export interface FundLedgerYear {
  year: number;
  calls: number;
  returned: number;
  investments: number;
  grants: number;
  fees: number;
  exits: number;
  buybacks: number;
  recoveries: number;
  termSale: number;
  distributions: number;
  cash: number;
  nav: number;
}

export interface FundEngineOptions {
  /** Called at each year end with the year's books — for the ledger identity tests. The object is reused from year
   * to year: read it during the call, do not keep it. */
  probe?: (path: number, ledger: Readonly<FundLedgerYear>) => void;
}

const SCALARS_FIXED = [
  "tvpi",
  "dpi",
  "irr",
  "moic",
  "loss_ratio",
  "tolerance_breach",
  "tolerance_breach_any",
  "breach_year",
  "projects_funded",
  "exits",
  "grants_paid",
  "grants_count",
  "grants_converted",
  "deals_skipped",
  ...OUTCOME_BUCKETS,
  "paid_in",
  "distributions",
  "invested",
  "fees",
  "buybacks",
  "co_funding",
  "social_capital",
  "fiscal_in",
] as const;

const SERIES = [
  "nav",
  "gov_cash_flow",
  "fiscal_cash_flow",
  "projects_landed",
  "idle_cash",
  "calls",
  "distributions",
  "loss_ratio",
] as const;

export function transformationFundEngine(
  byYear: TransformationFund[],
  scenario: Scenario,
  options: FundEngineOptions = {},
): VehicleEngine {
  const cache = new Map<TransformationFund, FundParams>();
  const P: FundParams[] = byYear.map((v) => {
    let p = cache.get(v);
    if (!p) cache.set(v, (p = compileFundParams(v)));
    return p;
  });
  const base = P[0]!;
  const stageNames = base.stages.map((s) => s.name);
  const scalarNames = [
    ...SCALARS_FIXED,
    ...stageNames.map((s) => `reached_${s}`),
    ...stageNames.map((s) => `loss_ratio_${s}`),
    ...stageNames.map((s) => `tolerance_breach_${s}`),
  ];
  const idx = Object.fromEntries(scalarNames.map((n, i) => [n, i])) as Record<string, number>;
  const ix: OutputIndex = {
    buckets: OUTCOME_BUCKETS.map((n) => idx[n]!),
    reached: stageNames.map((n) => idx[`reached_${n}`]!),
    lossByStage: stageNames.map((n) => idx[`loss_ratio_${n}`]!),
    breachByStage: stageNames.map((n) => idx[`tolerance_breach_${n}`]!),
  };
  const H = scenario.horizon_years;
  const sim = new FundPath(P, H, options.probe);
  return {
    id: byYear[0]!.id,
    kind: "transformation_fund",
    scalarNames,
    seriesNames: SERIES,
    simulatePath(ctx: PathContext, out: PathOutput) {
      sim.run(ctx);
      sim.write(out, idx, ix);
    },
  };
}

/** Where the per-bucket and per-stage outputs go in the scalar array, resolved once per engine (no string
 * building per path). */
interface OutputIndex {
  buckets: number[];
  reached: number[];
  lossByStage: number[];
  breachByStage: number[];
}

/** The state of one path, reused for every path an engine simulates. */
class FundPath {
  private readonly book: CompanyBook;
  /** Companies that may be alive, in index order (dead ones are dropped at each year's start): the yearly scans
   * visit these instead of every company ever funded, in the same order. */
  private live = new Int32Array(1024);
  private liveN = 0;
  /** P(fail | Z_t) and value factors of the year's stages. */
  private readonly sy: StageYear;
  private readonly S: number;
  /** Each company's own stream for its fate (outcomes, later rounds, follow-ons); see `CompanyStreams`. */
  private readonly fates = new CompanyStreams();
  /** This path's key for the company streams, and the number of deals seen so far (funded or not). */
  private pathKey: Key = NO_KEY;
  private deals = 0;
  // Per-year flows (index = year).
  private readonly calls: Float64Array;
  private readonly returned: Float64Array;
  private readonly dist: Float64Array;
  private readonly nav: Float64Array;
  private readonly idle: Float64Array;
  private readonly landed: Float64Array;
  private readonly lossByYear: Float64Array;
  private readonly flows: Float64Array;
  private readonly buckets = new Float64Array(4);
  private readonly reached: Float64Array;
  private readonly investedByStage: Float64Array;
  private readonly lossByStage: Float64Array;
  private readonly breachByStage: Float64Array;
  private readonly y: FundLedgerYear = newYear(0);
  // Path totals.
  private cash = 0;
  private paidIn = 0;
  private nextInstalment = 0;
  private used = 0;
  private initialSpent = 0;
  /** Follow-ons paid so far: they come from the reserve only (MODEL.md §4) and stop when it is spent. */
  private followSpent = 0;
  private invested = 0;
  private writtenOff = 0;
  private recovered = 0;
  private proceeds = 0;
  private feesTotal = 0;
  private grantsPaid = 0;
  /** Grants counted as invested cost when paid (see `grantDeal`). */
  private countedGrantsPaid = 0;
  private grantsCount = 0;
  private grantsConverted = 0;
  private coFunding = 0;
  private buybacksTotal = 0;
  private exits = 0;
  private skipped = 0;
  private funded = 0;
  private breachYear = Number.NaN;
  /** First year of any breach: the fund-level limit or an entry stage's. */
  private breachYearAny = Number.NaN;
  private stopped = false;

  constructor(
    private readonly P: FundParams[],
    private readonly H: number,
    private readonly probe?: (path: number, ledger: Readonly<FundLedgerYear>) => void,
  ) {
    this.S = P[0]!.stages.length;
    this.book = new CompanyBook(1024, this.S);
    this.sy = new StageYear(this.S);
    const a = () => new Float64Array(H + 1);
    this.calls = a();
    this.returned = a();
    this.dist = a();
    this.nav = a();
    this.idle = a();
    this.landed = a();
    this.lossByYear = a();
    this.flows = new Float64Array(H);
    this.reached = new Float64Array(this.S);
    this.investedByStage = new Float64Array(this.S);
    this.lossByStage = new Float64Array(this.S);
    this.breachByStage = new Float64Array(this.S);
  }

  private reset(): void {
    this.book.count = 0;
    this.liveN = 0;
    this.calls.fill(0);
    this.returned.fill(0);
    this.dist.fill(0);
    this.nav.fill(0);
    this.idle.fill(0);
    this.landed.fill(0);
    this.lossByYear.fill(0);
    this.buckets.fill(0);
    this.reached.fill(0);
    this.investedByStage.fill(0);
    this.lossByStage.fill(0);
    this.breachByStage.fill(0);
    this.cash =
      this.paidIn =
      this.used =
      this.initialSpent =
      this.followSpent =
      this.invested =
      this.writtenOff =
      this.recovered =
        0;
    this.proceeds = this.feesTotal = this.grantsPaid = this.grantsCount = this.grantsConverted = 0;
    this.countedGrantsPaid = 0;
    this.coFunding = this.buybacksTotal = this.exits = this.skipped = this.funded = 0;
    this.nextInstalment = 0;
    this.breachYear = this.breachYearAny = Number.NaN;
    this.stopped = false;
    this.deals = 0;
  }

  run(ctx: PathContext): void {
    this.reset();
    const { z, rng } = ctx;
    this.pathKey = streamKey(rng);
    const base = this.P[0]!;
    const term = base.termYears;
    const last = Math.min(term, this.H);
    for (let t = 1; t <= this.H; t++) {
      clearYear(this.y, t);
      if (t <= last) {
        const p = this.P[t - 1]!;
        this.sy.set(p.stages, z[t]!);
        this.compactLive();
        if (t === 1 && p.instalments) this.callInstalment(t, p);
        if (t <= p.investmentYears && !this.stopped) this.newDeals(t, p, ctx);
        this.resolveStages(t, p);
        this.buybacks(t, p);
        this.lapseGrants(t, p);
        this.payFees(t, p);
        if (t === term) this.termSale(t, p);
        this.assess(t, p, t === last);
      }
      this.closeYear(t);
      if (this.probe) this.probe(ctx.path, this.y);
    }
  }

  private compactLive(): void {
    const alive = this.book.alive;
    const live = this.live;
    let k = 0;
    for (let i = 0; i < this.liveN; i++) {
      const c = live[i]!;
      if (alive[c]) live[k++] = c;
    }
    this.liveN = k;
  }

  private addLive(c: number): void {
    if (this.liveN === this.live.length) {
      const grown = new Int32Array(this.live.length * 2);
      grown.set(this.live);
      this.live = grown;
    }
    this.live[this.liveN++] = c;
  }

  // ---- money -------------------------------------------------------------------------------------------------

  private callInstalment(t: number, p: FundParams): boolean {
    const inst = p.instalments!;
    if (this.nextInstalment >= inst.length) return false;
    const amount = inst[this.nextInstalment++]! * p.size;
    this.cash += amount;
    this.paidIn += amount;
    this.calls[t]! += amount;
    this.y.calls += amount;
    return true;
  }

  /** Makes `amount` available in cash (calling capital as the rules allow); false when it cannot. */
  private available(t: number, p: FundParams, amount: number, force: boolean): boolean {
    if (!p.instalments) {
      if (this.paidIn + amount > p.size + 1e-6) return false;
      this.cash += amount;
      this.paidIn += amount;
      this.calls[t]! += amount;
      this.y.calls += amount;
      return true;
    }
    while (this.cash + 1e-9 < amount) {
      const triggered = this.used >= p.deployTrigger * this.paidIn - 1e-9;
      if (!(triggered || force) || !this.callInstalment(t, p)) return false;
    }
    return true;
  }

  private spend(amount: number): void {
    this.cash -= amount;
    this.used += amount;
  }

  private distribute(t: number, amount: number): void {
    this.dist[t]! += amount;
    this.y.distributions += amount;
    this.proceeds += amount;
  }

  // ---- deals -------------------------------------------------------------------------------------------------

  private newDeals(t: number, p: FundParams, ctx: PathContext): void {
    const { rng } = ctx;
    const n = Math.round(p.dealsPerYear.sample(rng));
    const initialBudget = (1 - p.reserves) * p.size;
    for (let d = 0; d < n; d++) {
      const deal = this.deals++;
      const u = rng.next();
      let s = 0;
      while (s < this.S - 1 && u >= p.entryCum[s]!) s++;
      const amountSampler = p.ticketAmount[s];
      const ownership = p.ticketOwnership[s]!;
      if (!amountSampler && Number.isNaN(ownership)) continue;
      let amount = amountSampler ? Math.min(amountSampler.sample(rng), p.projectLimit) : 0;
      const stage = p.stages[s]!;
      const value = this.sy.value(stage.postMoney, s, rng);
      if (!amountSampler) amount = Math.min(ownership * value, p.projectLimit);
      const years = stageYears(stage, rng);
      if (this.initialSpent + amount > initialBudget + 1e-6 || !this.available(t, p, amount, false)) {
        this.skipped++;
        continue;
      }
      this.spend(amount);
      this.initialSpent += amount;
      const b = this.book;
      const c = b.add();
      this.fates.seed(c, this.pathKey, deal);
      this.addLive(c);
      b.stage[c] = s;
      b.entry[c] = s;
      b.stageEnd[c] = t + years - 1;
      b.value[c] = value;
      b.money[c] = amount;
      this.funded++;
      this.landed[t]! += 1;
      this.reached[s]! += 1;
      if (p.ticketGrant[s]) this.grantDeal(t, p, c, amount);
      else this.buyEquity(c, amount, value);
    }
  }

  private buyEquity(c: number, amount: number, value: number): void {
    const b = this.book;
    const own = amount / value;
    b.own[c]! += own;
    b.cost[c]! += amount;
    b.tranches.add(c, amount, own);
    this.invested += amount;
    this.investedByStage[b.entry[c]!]! += amount;
    this.y.investments += amount;
  }

  private grantDeal(t: number, p: FundParams, c: number, amount: number): void {
    const b = this.book;
    const conv = p.conversion;
    b.grant[c] = amount;
    b.grantYear[c] = t;
    b.grantState[c] = GRANT_PENDING;
    this.grantsPaid += amount;
    this.grantsCount++;
    this.coFunding += amount * conv.co_funding;
    this.y.grants += amount;
    // The rule in force when the grant is paid decides its treatment for good: counted now (and written off if it
    // lapses), or counted only if and when it converts — so a rule change never counts a grant twice or not at all.
    b.grantCounted[c] = p.countGrants ? 1 : 0;
    if (p.countGrants) {
      this.countedGrantsPaid += amount;
      this.invested += amount;
      this.investedByStage[b.entry[c]!]! += amount;
    }
    if (conv.trigger === "immediate") this.convert(t, p, c, b.value[c]!);
  }

  /** 补转投: the pending grant becomes equity at price min(V·(1 − discount), cap), or at the agreed ratio. */
  private convert(t: number, p: FundParams, c: number, roundValue: number): void {
    const b = this.book;
    const conv = p.conversion;
    const g = b.grant[c]!;
    let own: number;
    if (conv.basis === "fixed_ratio") own = conv.ratio!;
    else {
      const price = Math.min(roundValue * (1 - conv.discount), conv.cap ?? Number.POSITIVE_INFINITY);
      own = g / price;
    }
    b.grantState[c] = GRANT_CONVERTED;
    b.convYear[c] = t;
    b.own[c]! += own;
    b.cost[c]! += g;
    b.tranches.add(c, g, own);
    if (conv.exit === "buyback") b.buybackOwn[c] = own;
    this.grantsConverted++;
    if (!b.grantCounted[c]) {
      this.invested += g;
      this.investedByStage[b.entry[c]!]! += g;
    }
  }

  // ---- lifecycle ---------------------------------------------------------------------------------------------

  private resolveStages(t: number, p: FundParams): void {
    const b = this.book;
    const live = this.live;
    const n = this.liveN;
    for (let i = 0; i < n; i++) {
      const c = live[i]!;
      if (!b.alive[c] || b.stageEnd[c] !== t) continue;
      const stage = p.stages[b.stage[c]!]!;
      const rng = this.fates.select(c);
      const outcome = this.sy.outcome(stage.index, rng);
      if (outcome === OUTCOME_ADVANCE) {
        if (stage.index === this.S - 1) {
          const exitValue = this.sy.value(stage.exitValue!, stage.index, rng);
          this.exit(t, c, b.own[c]! * exitValue);
        } else this.advance(t, p, c, rng);
      } else if (outcome === OUTCOME_EXIT)
        // The early-exit price loads on the exit year's factor like an exit value (MODEL.md §3).
        this.exit(t, c, b.own[c]! * stage.exitMultiple * b.value[c]! * this.sy.load(stage.index));
      else this.fail(t, c, stage.recovery);
    }
  }

  private advance(t: number, p: FundParams, c: number, rng: Stream): void {
    const b = this.book;
    const next = p.stages[b.stage[c]! + 1]!;
    const value = this.sy.value(next.postMoney, next.index, rng);
    const years = stageYears(next, rng);
    const r = next.roundSize;
    b.stage[c] = next.index;
    b.stageEnd[c] = t + years;
    b.value[c] = value;
    this.reached[next.index]! += 1;
    // Existing holders are diluted by the round; a follow-on buys back in.
    const ownBefore = b.own[c]!;
    b.own[c] = ownBefore * (1 - r);
    b.buybackOwn[c]! *= 1 - r;
    b.tranches.dilute(c, 1 - r);
    if (p.followOnAt[next.index] && ownBefore > 0 && !this.stopped) {
      const want = p.followFixed ? p.followFixed.sample(rng) : ownBefore * r * value;
      const amount = Math.min(want, p.projectLimit - b.money[c]!);
      if (amount > 1e-6) {
        if (this.followSpent + amount <= p.reserves * p.size + 1e-6 && this.available(t, p, amount, false)) {
          this.spend(amount);
          this.followSpent += amount;
          b.money[c]! += amount;
          this.buyEquity(c, amount, value);
        } else this.skipped++;
      }
    }
    if (
      b.grantState[c] === GRANT_PENDING &&
      p.conversion.trigger === "next_round" &&
      t - b.grantYear[c]! < p.conversion.window_years
    )
      this.convert(t, p, c, value);
  }

  /** The company exits: the fund's whole stake is sold for `amount`. */
  private exit(t: number, c: number, amount: number): void {
    this.realise(t, c, amount);
    if (amount > 0) this.y.exits += amount;
    this.exits++;
  }

  /** Sells the fund's whole stake for `amount` (exit or term sale); tranches are realised for the buckets. */
  private realise(t: number, c: number, amount: number): void {
    const b = this.book;
    b.tranches.realise(c, amount, b.own[c]!, this.buckets);
    if (amount > 0) this.distribute(t, amount);
    this.loseGrant(c);
    b.alive[c] = 0;
    b.own[c] = 0;
    b.cost[c] = 0;
  }

  private fail(t: number, c: number, recovery: number): void {
    const b = this.book;
    const cost = b.cost[c]!;
    const back = recovery * cost;
    b.tranches.realise(c, back, b.own[c]!, this.buckets);
    this.writtenOff += cost;
    this.recovered += back;
    this.lossByStage[b.entry[c]!]! += cost - back;
    if (back > 0) {
      this.distribute(t, back);
      this.y.recoveries += back;
    }
    this.loseGrant(c);
    b.alive[c] = 0;
    b.own[c] = 0;
    b.cost[c] = 0;
  }

  /** An unconverted grant of a company that leaves the portfolio stays a subsidy (counted as a loss if asked). */
  private loseGrant(c: number): void {
    const b = this.book;
    if (b.grantState[c] !== GRANT_PENDING) return;
    b.grantState[c] = GRANT_LAPSED;
    if (b.grantCounted[c]) {
      this.writtenOff += b.grant[c]!;
      this.lossByStage[b.entry[c]!]! += b.grant[c]!;
    }
  }

  private lapseGrants(t: number, p: FundParams): void {
    // Companies that left the portfolio are never pending (realise and fail lapse their grant), so live ones suffice.
    const b = this.book;
    const live = this.live;
    for (let i = 0; i < this.liveN; i++) {
      const c = live[i]!;
      if (b.grantState[c] === GRANT_PENDING && t - b.grantYear[c]! + 1 >= p.conversion.window_years) this.loseGrant(c);
    }
  }

  /** Founders or co-investors buy the converted stake back at G·(1 + rate·k) when it is worth more. */
  private buybacks(t: number, p: FundParams): void {
    const bb = p.conversion.buyback;
    if (p.conversion.exit !== "buyback" || !bb) return;
    const b = this.book;
    const live = this.live;
    for (let i = 0; i < this.liveN; i++) {
      const c = live[i]!;
      if (!b.alive[c] || b.buybackOwn[c]! <= 0) continue;
      const k = t - b.convYear[c]!;
      if (k < 1) continue;
      if (k > bb.years) {
        b.buybackOwn[c] = 0;
        continue;
      }
      const stakeOwn = b.tranches.firstOwn(c);
      const price = b.grant[c]! * (1 + bb.rate * k);
      if (stakeOwn * b.value[c]! > price) {
        b.tranches.realiseFirst(c, price, this.buckets);
        b.own[c]! -= stakeOwn;
        b.cost[c]! -= b.grant[c]!;
        b.buybackOwn[c] = 0;
        this.distribute(t, price);
        this.y.buybacks += price;
        this.buybacksTotal += price;
      }
    }
  }

  private payFees(t: number, p: FundParams): void {
    if (p.feeRate <= 0) return;
    // The cost of the companies still held, summed afresh: a running total would leave rounding dust (~1e-9 yuan)
    // after the last holding is sold, and its fee would be a phantom call after the fund's last distribution.
    const basis = t <= p.investmentYears ? p.size : this.heldCost();
    let fee = p.feeRate * basis;
    if (!this.available(t, p, fee, true)) {
      // The commitment is exhausted: only what is left can be paid.
      fee = p.instalments ? Math.max(0, this.cash) : Math.max(0, p.size - this.paidIn);
      if (!p.instalments && fee > 0) this.available(t, p, fee, true);
    }
    this.spend(fee);
    this.feesTotal += fee;
    this.y.fees += fee;
  }

  private termSale(t: number, p: FundParams): void {
    const b = this.book;
    const live = this.live;
    for (let i = 0; i < this.liveN; i++) {
      const c = live[i]!;
      if (!b.alive[c]) continue;
      const amount = b.own[c]! * b.value[c]! * this.sy.load(b.stage[c]!) * (1 - p.termDiscount);
      this.realise(t, c, amount);
      this.y.termSale += amount;
    }
    if (this.cash > 0) {
      this.returned[t]! += this.cash;
      this.y.returned += this.cash;
      this.paidIn -= this.cash;
      this.cash = 0;
    }
  }

  // ---- 容错 ---------------------------------------------------------------------------------------------------

  private assess(t: number, p: FundParams, final: boolean): void {
    const ratio = this.invested > 0 ? (this.writtenOff - this.recovered) / this.invested : 0;
    this.lossByYear[t] = ratio;
    const due = p.annual ? t >= p.investmentYears : final;
    if (!due) return;
    const fundBreach = ratio > p.toleranceLimit + 1e-12;
    let stageBreach = false;
    for (let s = 0; s < this.S; s++) {
      const lim = p.stageLimit[s]!;
      const inv = this.investedByStage[s]!;
      if (!Number.isNaN(lim) && inv > 0 && this.lossByStage[s]! / inv > lim + 1e-12) {
        this.breachByStage[s] = 1;
        stageBreach = true;
      }
    }
    if (fundBreach && Number.isNaN(this.breachYear)) this.breachYear = t;
    if ((fundBreach || stageBreach) && Number.isNaN(this.breachYearAny)) this.breachYearAny = t;
    if (p.stopNew && (fundBreach || (p.breachAny && stageBreach))) this.stopped = true;
  }

  private closeYear(t: number): void {
    const holdings = this.holdings();
    this.nav[t] = holdings + this.cash;
    this.idle[t] = this.cash;
    this.y.cash = this.cash;
    this.y.nav = this.nav[t]!;
    if (t > Math.min(this.P[0]!.termYears, this.H)) this.lossByYear[t] = this.lossByYear[t - 1]!;
  }

  /** Cost of the companies still held, summed in company order (exactly 0 when none is). */
  private heldCost(): number {
    const b = this.book;
    const live = this.live;
    let sum = 0;
    for (let i = 0; i < this.liveN; i++) {
      const c = live[i]!;
      if (b.alive[c]) sum += b.cost[c]!;
    }
    return sum;
  }

  /** Holdings at ownership × current post-money, summed in company order. */
  private holdings(): number {
    const b = this.book;
    const live = this.live;
    let sum = 0;
    for (let i = 0; i < this.liveN; i++) {
      const c = live[i]!;
      if (b.alive[c]) sum += b.own[c]! * b.value[c]!;
    }
    return sum;
  }

  // ---- output ------------------------------------------------------------------------------------------------

  write(out: PathOutput, idx: Record<string, number>, at: OutputIndex): void {
    const H = this.H;
    const s = out.scalars;
    const p0 = this.P[0]!;
    let totalDist = 0;
    for (let t = 1; t <= H; t++) {
      const f = -this.calls[t]! + this.returned[t]! + this.dist[t]!;
      this.flows[t - 1] = f + (t === H ? this.nav[H]! : 0);
      totalDist += this.dist[t]!;
      out.series[0 * H + t - 1] = this.nav[t]!;
      out.series[1 * H + t - 1] = p0.govShare * f;
      out.series[2 * H + t - 1] = p0.govShare * f;
      out.series[3 * H + t - 1] = this.landed[t]!;
      out.series[4 * H + t - 1] = this.idle[t]!;
      out.series[5 * H + t - 1] = this.calls[t]!;
      out.series[6 * H + t - 1] = this.dist[t]!;
      out.series[7 * H + t - 1] = this.lossByYear[t]!;
    }
    const navH = this.nav[H]!;
    const paid = this.paidIn;
    s[idx.tvpi!] = paid > 0 ? (totalDist + navH) / paid : Number.NaN;
    s[idx.dpi!] = paid > 0 ? totalDist / paid : Number.NaN;
    s[idx.irr!] = irr(this.flows, H);
    const held = this.holdings();
    // MOIC's cost: invested cost without the counted grants that never converted (subsidies, not investments).
    const grossCost =
      this.invested - (this.countedGrantsPaid > 0 ? this.countedGrantsPaid - this.convertedCountedGrants() : 0);
    s[idx.moic!] = grossCost > 0 ? (this.proceeds + held) / grossCost : Number.NaN;
    const final = Math.min(p0.termYears, H);
    s[idx.loss_ratio!] = this.lossByYear[final]!;
    s[idx.tolerance_breach!] = Number.isNaN(this.breachYear) ? 0 : 1;
    s[idx.tolerance_breach_any!] = Number.isNaN(this.breachYearAny) ? 0 : 1;
    s[idx.breach_year!] = this.breachYear;
    s[idx.projects_funded!] = this.funded;
    s[idx.exits!] = this.exits;
    s[idx.grants_paid!] = this.grantsPaid;
    s[idx.grants_count!] = this.grantsCount;
    s[idx.grants_converted!] = this.grantsConverted;
    s[idx.deals_skipped!] = this.skipped;
    const nFin = this.buckets[0]! + this.buckets[1]! + this.buckets[2]! + this.buckets[3]!;
    for (let k = 0; k < 4; k++) s[at.buckets[k]!] = nFin > 0 ? this.buckets[k]! / nFin : Number.NaN;
    s[idx.paid_in!] = paid;
    s[idx.distributions!] = totalDist;
    s[idx.invested!] = this.invested;
    s[idx.fees!] = this.feesTotal;
    s[idx.buybacks!] = this.buybacksTotal;
    s[idx.co_funding!] = this.coFunding;
    s[idx.social_capital!] = (1 - p0.govShare) * paid;
    s[idx.fiscal_in!] = p0.govShare * paid;
    for (let k = 0; k < this.S; k++) {
      s[at.reached[k]!] = this.reached[k]!;
      const inv = this.investedByStage[k]!;
      s[at.lossByStage[k]!] = inv > 0 ? this.lossByStage[k]! / inv : Number.NaN;
      s[at.breachByStage[k]!] = Number.isNaN(p0.stageLimit[k]!) ? Number.NaN : this.breachByStage[k]!;
    }
  }

  private convertedCountedGrants(): number {
    const b = this.book;
    let g = 0;
    for (let c = 0; c < b.count; c++) if (b.grantState[c] === GRANT_CONVERTED && b.grantCounted[c]) g += b.grant[c]!;
    return g;
  }
}

function clearYear(y: FundLedgerYear, year: number): void {
  y.year = year;
  y.calls = y.returned = y.investments = y.grants = y.fees = y.exits = y.buybacks = y.recoveries = 0;
  y.termSale = y.distributions = y.cash = y.nav = 0;
}

function newYear(year: number): FundLedgerYear {
  return {
    year,
    calls: 0,
    returned: 0,
    investments: 0,
    grants: 0,
    fees: 0,
    exits: 0,
    buybacks: 0,
    recoveries: 0,
    termSale: 0,
    distributions: 0,
    cash: 0,
    nav: 0,
  };
}
