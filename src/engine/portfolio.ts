/**
 * A generic equity portfolio of companies moving through the lifecycle (MODEL.md §3), for vehicles that hold many
 * small portfolios (the angel sub-funds of a fund of funds): first tickets, end-of-stage outcomes under the copula,
 * dilution and follow-ons, exits, write-offs and the term sale. Money is not handled here: the owner decides
 * whether a ticket or follow-on can be paid (`FundingGate`) and reads the year's flows afterwards. State lives in a
 * reused `CompanyBook` (typed arrays), so one instance serves every path.
 */

import { CompanyBook } from "./company-book.ts";
import {
  type CompiledStage,
  loadedValue,
  OUTCOME_ADVANCE,
  OUTCOME_EXIT,
  stageOutcome,
  stageYears,
  valueFactor,
} from "./lifecycle.ts";
import { CompanyStreams, type Key, NO_KEY, type Stream } from "./rng.ts";
import type { Sampler } from "./sampler.ts";

/** Counts shared by all portfolios of a path: financings' outcome buckets, companies reaching each stage, exits. */
export class PortfolioTally {
  readonly buckets = new Float64Array(4);
  readonly reached: Float64Array;
  exits = 0;
  followOnsSkipped = 0;
  constructor(stages: number) {
    this.reached = new Float64Array(stages);
  }
  reset(): void {
    this.buckets.fill(0);
    this.reached.fill(0);
    this.exits = 0;
    this.followOnsSkipped = 0;
  }
}

export interface FollowOnRule {
  /** at[s]: re-invest in the round that opens stage s. */
  readonly at: readonly boolean[];
  /** Fixed follow-on amount sampler, or null for pro rata. */
  readonly fixed: Sampler | null;
}

/** Pays `amount` if the owner can (calling capital as its rules allow); false when it cannot. */
export type FundingGate = (amount: number) => boolean;

export class Portfolio {
  readonly book: CompanyBook;
  /** Each company's own stream: its entry valuation and its fate (see `CompanyStreams`). */
  private readonly fates = new CompanyStreams();
  private key: Key = NO_KEY;
  // Flows of the current year (zeroed by `startYear`).
  investedYear = 0;
  exitsYear = 0;
  recoveriesYear = 0;
  termSaleYear = 0;
  // Totals of the path.
  invested = 0;
  writtenOff = 0;
  recovered = 0;
  backed = 0;

  constructor(
    private readonly stages: readonly CompiledStage[],
    capacity = 32,
  ) {
    this.book = new CompanyBook(capacity, stages.length);
  }

  /** Starts a new path; `key` roots the companies' own streams (`streamKey` of the owner's stream). */
  reset(key: Key): void {
    this.key = key;
    this.book.count = 0;
    this.startYear();
    this.invested = this.writtenOff = this.recovered = this.backed = 0;
  }

  startYear(): void {
    this.investedYear = this.exitsYear = this.recoveriesYear = this.termSaleYear = 0;
  }

  /** Proceeds of the year: exits, recoveries and the term sale. */
  get proceedsYear(): number {
    return this.exitsYear + this.recoveriesYear + this.termSaleYear;
  }

  /**
   * Backs deal number `deal` of the path (deals counted funded or not) as a new company at stage `s` with `amount`
   * (already paid) in year t; returns its index.
   */
  enter(t: number, s: number, amount: number, zt: number, deal: number, tally: PortfolioTally): number {
    const stage = this.stages[s]!;
    const b = this.book;
    const c = b.add();
    this.fates.seed(c, this.key, deal);
    const rng = this.fates.select(c);
    const value = loadedValue(stage.postMoney, stage.beta, zt, rng);
    const years = stageYears(stage, rng);
    b.stage[c] = s;
    b.entry[c] = s;
    b.stageEnd[c] = t + years - 1;
    b.value[c] = value;
    this.buy(c, amount, value);
    this.backed++;
    tally.reached[s]! += 1;
    return c;
  }

  private buy(c: number, amount: number, value: number): void {
    const b = this.book;
    const own = amount / value;
    b.own[c]! += own;
    b.cost[c]! += amount;
    b.money[c]! += amount;
    b.tranches.add(c, amount, own);
    this.invested += amount;
    this.investedYear += amount;
  }

  /** Resolves the stages that end in year t: failures, early exits, final exits, advances with follow-ons. */
  resolve(t: number, zt: number, follow: FollowOnRule, fund: FundingGate, tally: PortfolioTally): void {
    const b = this.book;
    const last = this.stages.length - 1;
    for (let c = 0; c < b.count; c++) {
      if (!b.alive[c] || b.stageEnd[c] !== t) continue;
      const stage = this.stages[b.stage[c]!]!;
      const rng = this.fates.select(c);
      const outcome = stageOutcome(stage, zt, rng);
      if (outcome === OUTCOME_ADVANCE) {
        if (stage.index === last) {
          this.realise(c, b.own[c]! * loadedValue(stage.exitValue!, stage.beta, zt, rng), tally);
          tally.exits++;
        } else this.advance(t, c, zt, rng, follow, fund, tally);
      } else if (outcome === OUTCOME_EXIT) {
        this.realise(c, b.own[c]! * stage.exitMultiple * b.value[c]! * valueFactor(stage.beta, zt), tally);
        tally.exits++;
      } else this.fail(c, stage.recovery, tally);
    }
  }

  private advance(
    t: number,
    c: number,
    zt: number,
    rng: Stream,
    follow: FollowOnRule,
    fund: FundingGate,
    tally: PortfolioTally,
  ): void {
    const b = this.book;
    const next = this.stages[b.stage[c]! + 1]!;
    const value = loadedValue(next.postMoney, next.beta, zt, rng);
    const years = stageYears(next, rng);
    const r = next.roundSize;
    b.stage[c] = next.index;
    b.stageEnd[c] = t + years;
    b.value[c] = value;
    tally.reached[next.index]! += 1;
    const ownBefore = b.own[c]!;
    b.own[c] = ownBefore * (1 - r);
    b.tranches.dilute(c, 1 - r);
    if (!follow.at[next.index] || ownBefore <= 0) return;
    const amount = follow.fixed ? follow.fixed.sample(rng) : ownBefore * r * value;
    if (amount <= 1e-6) return;
    if (fund(amount)) this.buy(c, amount, value);
    else tally.followOnsSkipped++;
  }

  /** Sells the whole stake of company c for `amount` (an exit); its tranches go to the outcome buckets. */
  private realise(c: number, amount: number, tally: PortfolioTally): void {
    const b = this.book;
    b.tranches.realise(c, amount, b.own[c]!, tally.buckets);
    this.exitsYear += amount;
    this.close(c);
  }

  private fail(c: number, recovery: number, tally: PortfolioTally): void {
    const b = this.book;
    const cost = b.cost[c]!;
    const back = recovery * cost;
    b.tranches.realise(c, back, b.own[c]!, tally.buckets);
    this.writtenOff += cost;
    this.recovered += back;
    this.recoveriesYear += back;
    this.close(c);
  }

  private close(c: number): void {
    const b = this.book;
    b.alive[c] = 0;
    b.own[c] = 0;
    b.cost[c] = 0;
  }

  /** Sells every remaining holding at NAV × (1 − discount), loaded on the year's factor `zt` (the term's end). */
  termSale(discount: number, zt: number, tally: PortfolioTally): void {
    const b = this.book;
    for (let c = 0; c < b.count; c++) {
      if (!b.alive[c]) continue;
      const stage = this.stages[b.stage[c]!]!;
      const amount = b.own[c]! * b.value[c]! * valueFactor(stage.beta, zt) * (1 - discount);
      b.tranches.realise(c, amount, b.own[c]!, tally.buckets);
      this.termSaleYear += amount;
      this.close(c);
    }
  }

  /** Cost of the companies still held, summed afresh (exactly 0 when none is: no rounding dust for a fee). */
  heldCost(): number {
    const b = this.book;
    let v = 0;
    for (let c = 0; c < b.count; c++) if (b.alive[c]) v += b.cost[c]!;
    return v;
  }

  /** Holdings at ownership × current post-money. */
  holdings(): number {
    const b = this.book;
    let v = 0;
    for (let c = 0; c < b.count; c++) if (b.alive[c]) v += b.own[c]! * b.value[c]!;
    return v;
  }
}
