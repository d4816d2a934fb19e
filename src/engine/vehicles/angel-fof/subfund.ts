/**
 * One angel sub-fund of a fund of funds for one path (MODEL.md §5): its portfolio of companies, capital called as
 * needed (the government paying its share of every call while it holds its stake), management fees, the whole-fund
 * waterfall between LPs and GP, and the 让利 concession between the government and the private LPs. Reused across
 * paths: `form` resets it.
 *
 * Timing within the sub-fund's year k (calendar year t = vintage + k − 1): new companies, stage outcomes and
 * follow-ons, fees, the term sale (k = term), the waterfall on the year's calls and distributions (settled at the
 * term), the stake valuation (hypothetical liquidation at NAV through the waterfall) and the buy-back test.
 */

import { type FundingGate, Portfolio, type PortfolioTally } from "../../portfolio.ts";
import { type Stream, streamKey } from "../../rng.ts";
import { buybackPrice, buysBack, compoundNet, profitShareTransfer } from "./concession.ts";
import { type AngelParams, CONCESSION_BUYBACK, CONCESSION_PROFIT_SHARE } from "./params.ts";
import {
  copyWaterfall,
  distribute,
  newWaterfallState,
  resetWaterfall,
  type Split,
  settle,
  waterfallStep,
} from "./waterfall.ts";

/** The sub-fund's flows of one year; `notional*` are the horizon's hypothetical liquidation at NAV (not booked). */
export interface SubFundYear {
  calls: number;
  investments: number;
  fees: number;
  exits: number;
  recoveries: number;
  termSale: number;
  distributions: number;
  /** Waterfall: LP receipts and GP carry (a clawback at the term is included: lp +, gp −). */
  lp: number;
  gp: number;
  govCalls: number;
  privateCalls: number;
  govLp: number;
  privateLp: number;
  /** Buy-back price paid by private LPs to the government. */
  buyback: number;
  /** 1 in the year the private LPs bought the government stake (the price may be 0). */
  boughtBack: number;
  /** Profit passed by the government to private LPs. */
  profitShare: number;
  nav: number;
  /** Value of the government stake at year end (its share of the LPs' hypothetical liquidation value). */
  govStake: number;
  newCompanies: number;
  skipped: number;
  notionalLp: number;
  notionalGp: number;
  notionalGov: number;
  notionalPrivate: number;
  notionalProfitShare: number;
}

function emptyYear(): SubFundYear {
  return {
    calls: 0,
    investments: 0,
    fees: 0,
    exits: 0,
    recoveries: 0,
    termSale: 0,
    distributions: 0,
    lp: 0,
    gp: 0,
    govCalls: 0,
    privateCalls: 0,
    govLp: 0,
    privateLp: 0,
    buyback: 0,
    boughtBack: 0,
    profitShare: 0,
    nav: 0,
    govStake: 0,
    newCompanies: 0,
    skipped: 0,
    notionalLp: 0,
    notionalGp: 0,
    notionalGov: 0,
    notionalPrivate: 0,
    notionalProfitShare: 0,
  };
}

export class SubFund {
  readonly portfolio: Portfolio;
  readonly y: SubFundYear = emptyYear();
  /** Whether the government still holds its stake (false after a buy-back). */
  govHolds = true;
  buybackYear = Number.NaN;
  private planned = 0;
  private paidIn = 0;
  private initialSpent = 0;
  /** Follow-ons paid so far: from the reserve only (MODEL.md §4), they stop when it is spent. */
  private followSpent = 0;
  private govCalls = 0;
  private govReceived = 0;
  /** Future value at the profit-share hurdle of the government's net flows. */
  private govFv = 0;
  private readonly wf = newWaterfallState();
  private readonly scratch = newWaterfallState();
  private readonly split: Split = { lp: 0, gp: 0 };
  private readonly gate: FundingGate = (amount) => {
    if (this.followSpent + amount > (this.p.size - this.p.initialBudget) * (1 + 1e-12) || !this.call(amount))
      return false;
    this.followSpent += amount;
    return true;
  };
  /** Deals offered so far on this path, funded or not: numbers the companies' own streams. */
  private deals = 0;

  /** A sub-fund formed in year `vintage` on terms `p` (its slot is reused for every path). */
  constructor(
    readonly vintage: number,
    readonly p: AngelParams,
  ) {
    this.portfolio = new Portfolio(p.stages, 32);
  }

  /** Starts the sub-fund for a new path. */
  form(rng: Stream): void {
    this.portfolio.reset(streamKey(rng));
    this.deals = 0;
    resetWaterfall(this.wf);
    this.planned = Math.max(0, Math.round(this.p.companies.sample(rng)));
    this.paidIn = this.initialSpent = this.followSpent = this.govCalls = this.govReceived = this.govFv = 0;
    this.govHolds = true;
    this.buybackYear = Number.NaN;
  }

  /** Calls `amount` from the LPs if the commitment allows. */
  private call(amount: number): boolean {
    if (this.paidIn + amount > this.p.size * (1 + 1e-12)) return false;
    this.paidIn += amount;
    this.y.calls += amount;
    return true;
  }

  /** Simulates calendar year t; false when the sub-fund is not alive in it (nothing written). */
  step(t: number, zt: number, rng: Stream, tally: PortfolioTally, horizon: number): boolean {
    const p = this.p;
    const k = t - this.vintage + 1;
    if (k < 1 || k > p.termYears) return false;
    const y = this.y;
    Object.assign(y, ZERO_YEAR);
    const pf = this.portfolio;
    pf.startYear();
    if (k <= p.investmentYears) this.newCompanies(t, k, zt, rng, tally);
    pf.resolve(t, zt, p.follow, this.gate, tally);
    this.payFees(k);
    if (k === p.termYears) pf.termSale(p.termDiscount, zt, tally);
    y.investments = pf.investedYear;
    y.exits = pf.exitsYear;
    y.recoveries = pf.recoveriesYear;
    y.termSale = pf.termSaleYear;
    y.distributions = pf.proceedsYear;
    this.waterfall(k);
    y.nav = pf.holdings();
    if (k < p.termYears) this.value(k, t === horizon);
    return true;
  }

  private newCompanies(t: number, k: number, zt: number, rng: Stream, tally: PortfolioTally): void {
    const p = this.p;
    const n =
      Math.floor((this.planned * k) / p.investmentYears) - Math.floor((this.planned * (k - 1)) / p.investmentYears);
    for (let i = 0; i < n; i++) {
      const deal = this.deals++;
      const amount = p.ticket.sample(rng);
      if (this.initialSpent + amount > p.initialBudget * (1 + 1e-12) || !this.call(amount)) {
        this.y.skipped++;
        continue;
      }
      this.initialSpent += amount;
      this.portfolio.enter(t, p.entry, amount, zt, deal, tally);
      this.y.newCompanies++;
    }
  }

  /** Management fee on committed capital in the investment years, on invested cost held after; capped by size. */
  private payFees(k: number): void {
    const p = this.p;
    if (p.feeRate <= 0) return;
    const basis = k <= p.investmentYears ? p.size : this.portfolio.heldCost();
    const fee = Math.min(p.feeRate * basis, Math.max(0, p.size - this.paidIn));
    if (fee > 0 && this.call(fee)) this.y.fees = fee;
  }

  /** The year's calls and distributions through the waterfall, then split between the government and private LPs. */
  private waterfall(k: number): void {
    const p = this.p;
    const y = this.y;
    waterfallStep(p.terms, this.wf, y.calls, y.distributions, this.split);
    y.lp = this.split.lp;
    y.gp = this.split.gp;
    if (k === p.termYears) {
      const back = settle(p.terms, this.wf);
      y.lp += back;
      y.gp -= back;
    }
    const s = this.govHolds ? p.share : 0;
    y.govCalls = s * y.calls;
    y.privateCalls = y.calls - y.govCalls;
    y.govLp = s * y.lp;
    y.privateLp = y.lp - y.govLp;
    this.govCalls += y.govCalls;
    this.govReceived += y.govLp;
    if (p.concession === CONCESSION_PROFIT_SHARE) {
      this.govFv = compoundNet(this.govFv, p.profitHurdle, y.govLp - y.govCalls);
      if (k === p.termYears) y.profitShare = profitShareTransfer(this.govFv, p.profitShare);
    }
  }

  /** Year-end valuation of the stakes, the buy-back test, and (at the horizon) the notional liquidation. */
  private value(k: number, atHorizon: boolean): void {
    const p = this.p;
    const y = this.y;
    copyWaterfall(this.wf, this.scratch);
    distribute(p.terms, this.scratch, y.nav, this.split);
    settle(p.terms, this.scratch);
    const lpValue = this.scratch.lp - this.wf.lp;
    const gpValue = this.scratch.gp - this.wf.gp;
    if (this.govHolds) y.govStake = p.share * lpValue;
    if (p.concession === CONCESSION_BUYBACK && this.govHolds) {
      const price = buybackPrice(this.govCalls - this.govReceived, k, p.freeYears, p.buybackRate);
      if (buysBack(y.govStake, price)) {
        y.buyback = price;
        y.boughtBack = 1;
        this.govReceived += price;
        this.govHolds = false;
        this.buybackYear = this.vintage + k - 1;
        y.govStake = 0;
      }
    }
    if (!atHorizon) return;
    y.notionalLp = lpValue;
    y.notionalGp = gpValue;
    y.notionalGov = this.govHolds ? p.share * lpValue : 0;
    y.notionalPrivate = lpValue - y.notionalGov;
    if (p.concession === CONCESSION_PROFIT_SHARE)
      y.notionalProfitShare = profitShareTransfer(this.govFv + y.notionalGov, p.profitShare);
  }
}

const ZERO_YEAR: Readonly<SubFundYear> = emptyYear();
