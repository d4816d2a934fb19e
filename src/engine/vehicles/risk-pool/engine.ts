/**
 * Monte Carlo engine of the loan risk-compensation pool (科技企业债权融资风险补偿资金池, MODEL.md §6). Each year of a
 * path: pay-ins (initial pool, then replenishment; a refill may release the breaker) → new loans (breakers, leverage
 * limit) → guarantee fees → correlated defaults (one-factor copula on the shared macro factor) → at year end interest,
 * recoveries due, claims → circuit-breaker checks for next year. The order and the other choices MODEL.md leaves
 * open are documented in `docs/risk-pool.md`.
 *
 * All state lives in typed arrays and fields allocated per engine and reused across paths; loans are not objects.
 */
import type { Scenario } from "../../../scenario/schema.ts";
import type { RiskPool } from "../../../scenario/vehicles/risk-pool.ts";
import { PURPOSE } from "../../keys.ts";
import { Stream, streamKey } from "../../rng.ts";
import type { PathContext, PathOutput, VehicleEngine } from "../../vehicle.ts";
import { poolAnalytic } from "./analytic.ts";
import { type DefaultSampler, LoanBook } from "./book.ts";
import { ClaimsDesk } from "./claims.ts";
import { Origination } from "./origination.ts";
import { expectedShortfalls, S, SCALARS, SERIES, Y } from "./outputs.ts";
import {
  compileTerms,
  type PoolTerms,
  REPLENISH_FIXED,
  REPLENISH_REFILL,
  type SegmentTerms,
  type YearTerms,
} from "./terms.ts";

/** One year of one path's pool ledger (tests and debugging; only built when a `ledger` callback is given). */
export interface PoolLedgerEntry {
  path: number;
  year: number;
  opening: number;
  paidIn: number;
  fiscalPaidIn: number;
  /** Leverage × balance when the year's loans were granted (Infinity without a limit). */
  lendingCapacity: number;
  outstandingAfterOrigination: number;
  newLoans: number;
  newLending: number;
  /** The pool-level breaker was on when the year's loans were granted. */
  breakerOn: boolean;
  /** Bank-level breakers when the year's loans were granted. */
  bankStopped: boolean[];
  bankNewLoans: number[];
  interest: number;
  recoveries: number;
  compensation: number;
  unpaid: number;
  closing: number;
}

export interface RiskPoolEngineOptions {
  /** `fast` (binomial counts per cohort, the default) or `per_loan` (one latent variable per loan, the reference). */
  sampler?: DefaultSampler;
  ledger?: (entry: PoolLedgerEntry) => void;
}

/** A claim short by less than this (yuan) is rounding, not an exhausted pool. */
const EPS_UNPAID = 1e-6;

/** Running totals of one path (fields reset per path; no allocation). */
class PathState {
  balance = 0;
  poolStopped = false;
  /** Year (0-based) the pool-level breaker last tripped; −1 if never. */
  poolTripYear = -1;
  /** Last year (0-based) a replenishment was paid in; −1 if none. */
  lastRefillYear = -1;
  tripped = 0;
  bankTripped = 0;
  compSince = 0;
  loansSince = 0;
  compPrev = 0;
  budgetUsed = 0;
  exhaustedYear = Number.NaN;
  /** Largest loans outstanding ÷ pool balance after a year's new loans (the stock ratio the leverage cap binds). */
  leveragePeak = 0;
  fiscalIn = 0;
  totalIn = 0;
  lending = 0;
  loansCount = 0;
  blocked = 0;
  defaults = 0;
  comp = 0;
  recReceived = 0;
  unpaid = 0;
  bankLoss = 0;
  guarantorLoss = 0;
  fees = 0;
  bankInterest = 0;
  replenished = 0;
  reset(): void {
    Object.assign(this, ZERO);
  }
}
const ZERO = new PathState();

/** The current year's figures, shared by its steps (one object per engine, overwritten every year). */
class YearState {
  opening = 0;
  floorAmount = 0;
  paidIn = 0;
  fiscalPaid = 0;
  outstandingBefore = 0;
  capacity = 0;
  breakerOn = false;
  stoppedAtGrant: boolean[] = [];
  newLending = 0;
  newLoans = 0;
  interest = 0;
  recoveries = 0;
}

export class RiskPoolEngine implements VehicleEngine {
  readonly kind = "risk_pool";
  readonly id: string;
  readonly scalarNames = SCALARS;
  readonly seriesNames = SERIES;
  readonly terms: PoolTerms;
  readonly book: LoanBook;
  private readonly sampler: DefaultSampler;
  private readonly ledger: ((e: PoolLedgerEntry) => void) | undefined;
  private readonly first: RiskPool;
  private readonly orig: Origination;
  private readonly desk: ClaimsDesk;
  private readonly bankStopped: Uint8Array;
  private readonly bankTripYear: Int32Array;
  private readonly bankNew: Float64Array;
  private readonly recoveryDue: Float64Array;
  private readonly st = new PathState();
  private readonly yr = new YearState();
  private curSeg: SegmentTerms | null = null;
  private readonly defRng = new Stream();
  private readonly lgdRng = new Stream();
  private readonly onDefault = (_c: number, principal: number) =>
    this.desk.record(this.curSeg!, principal, this.lgdRng);

  constructor(byYear: RiskPool[], opts: RiskPoolEngineOptions = {}) {
    this.first = byYear[0]!;
    this.terms = compileTerms(byYear);
    this.id = this.terms.id;
    this.sampler = opts.sampler ?? "fast";
    this.ledger = opts.ledger;
    const { nSegments, nBanks, horizon } = this.terms;
    this.book = new LoanBook(Math.max(1, nSegments * horizon));
    this.orig = new Origination(nSegments);
    this.desk = new ClaimsDesk(nBanks);
    this.bankStopped = new Uint8Array(nBanks);
    this.bankTripYear = new Int32Array(nBanks);
    this.bankNew = new Float64Array(nBanks);
    this.recoveryDue = new Float64Array(horizon + this.terms.maxLag + 1);
  }

  simulatePath(ctx: PathContext, out: PathOutput): void {
    const ps = this.st;
    ps.reset();
    this.book.reset();
    this.bankStopped.fill(0);
    this.recoveryDue.fill(0);
    // Origination draws from the path's stream; defaults and LGDs from their own, so that granting more or fewer
    // loans (another pool size, leverage, a breaker) leaves the path's other draws unchanged.
    const origRng = ctx.rng;
    const key = streamKey(origRng);
    const defRng = this.defRng.seedChild(key, PURPOSE.defaults);
    this.lgdRng.seedChild(key, PURPOSE.lgd);
    for (let t = 0; t < this.terms.horizon; t++) this.year(t, ctx, origRng, defRng, out.series);
    this.writeScalars(out.scalars);
  }

  /** One year of a path, in the steps of MODEL.md §6 (the order is documented in docs/risk-pool.md). */
  private year(t: number, ctx: PathContext, origRng: Stream, defRng: Stream, se: Float64Array): void {
    const yt = this.terms.years[t]!;
    const y = this.yr;
    y.opening = this.st.balance;
    y.floorAmount = yt.floor === Number.NEGATIVE_INFINITY ? yt.floor : yt.floor * this.terms.initial;
    this.payIns(t, yt);
    this.originate(t, yt, origRng);
    this.loanYear(t, yt, ctx.z[t + 1]!, defRng);
    this.settleYear(t, yt);
    this.breakers(t, yt);
    this.writeSeries(t, se);
    if (this.ledger) this.writeLedger(ctx.path, t);
  }

  /** 1. Pay-ins at the start of the year (the initial pool, then replenishment); a refill may release breakers. */
  private payIns(t: number, yt: YearTerms): void {
    const T = this.terms;
    const ps = this.st;
    const y = this.yr;
    y.paidIn = t === 0 ? T.initial : this.replenishment(t);
    y.fiscalPaid = t === 0 ? T.initial * T.fiscalShare : y.paidIn;
    ps.balance += y.paidIn;
    ps.fiscalIn += y.fiscalPaid;
    ps.totalIn += y.paidIn;
    if (t > 0 && y.paidIn > 0) ps.lastRefillYear = t;
    if (yt.resumeAfterRefill) this.release(t, y.floorAmount);
  }

  /** 2. New loans: every segment's candidates drawn into the book, granted under the breakers and leverage. */
  private originate(t: number, yt: YearTerms, rng: Stream): void {
    const T = this.terms;
    const ps = this.st;
    const y = this.yr;
    const book = this.book;
    const orig = this.orig;
    const candidates = orig.draw(yt, rng, book);
    y.outstandingBefore = book.outstanding();
    y.capacity = yt.leverage === Number.POSITIVE_INFINITY ? yt.leverage : yt.leverage * ps.balance;
    const balanceAtGrant = ps.balance;
    orig.grant(book, {
      poolStopped: ps.poolStopped,
      bankStopped: this.bankStopped,
      segBank: T.segBank,
      capacity: y.capacity,
      outstanding: y.outstandingBefore,
    });
    if (this.ledger) y.stoppedAtGrant = Array.from(this.bankStopped, (x) => x === 1);
    y.breakerOn = ps.poolStopped;
    this.bankNew.fill(0);
    let newLending = 0;
    let newLoans = 0;
    for (let s = 0; s < T.nSegments; s++) {
      const n = orig.granted[s]!;
      if (n === 0) continue;
      const seg = yt.segments[s]!;
      newLending += orig.commit(book, s, t, t + seg.tenor - 1);
      newLoans += n;
      this.bankNew[seg.bank]! += n;
    }
    y.newLending = newLending;
    y.newLoans = newLoans;
    ps.blocked += candidates - newLoans;
    ps.lending += newLending;
    ps.loansCount += newLoans;
    ps.loansSince += newLending;
    const stock = y.outstandingBefore + newLending;
    if (stock > 0) ps.leveragePeak = Math.max(ps.leveragePeak, balanceAtGrant > 0 ? stock / balanceAtGrant : Infinity);
  }

  /** 3. Principal at risk by bank and guarantee fees; 4. defaults; 5. bank interest and bullet repayment. */
  private loanYear(t: number, yt: YearTerms, z: number, defRng: Stream): void {
    const T = this.terms;
    const ps = this.st;
    const book = this.book;
    const desk = this.desk;
    desk.startYear(book.nLoans);
    for (let c = 0; c < book.nCohorts; c++) {
      if (book.cAlive[c] === 0) continue;
      const seg = T.years[book.cYear[c]!]!.segments[book.cSeg[c]!]!;
      const amt = book.cAliveAmt[c]!;
      desk.atRisk[seg.bank]! += amt;
      if (seg.guarantorShare > 0) ps.fees += amt * yt.guaranteeFee;
      this.curSeg = seg;
      book.drawDefaults(
        c,
        seg.threshold,
        seg.rho,
        seg.sqrtRho,
        seg.sqrtOneMinusRho,
        z,
        this.sampler,
        defRng,
        this.onDefault,
      );
      ps.bankInterest += book.cAliveAmt[c]! * seg.rate;
      if (book.cLast[c] === t) book.mature(c);
    }
    ps.defaults += desk.count;
  }

  /** 6. Year end: interest on the balance, recoveries due, claims (a lag of 0 returns recoveries at once). */
  private settleYear(t: number, yt: YearTerms): void {
    const ps = this.st;
    const y = this.yr;
    const desk = this.desk;
    y.interest = (y.opening + y.paidIn) * yt.interest;
    let recoveries = this.recoveryDue[t]!;
    ps.balance += y.interest + recoveries;
    desk.settle(yt, ps.balance);
    ps.balance -= desk.paid;
    this.recoveryDue[t + yt.lagYears]! += desk.poolRecovery;
    if (yt.lagYears === 0) {
      ps.balance += desk.poolRecovery;
      recoveries += desk.poolRecovery;
    }
    y.recoveries = recoveries;
    ps.recReceived += recoveries;
    ps.comp += desk.paid;
    ps.compSince += desk.paid;
    ps.compPrev = desk.paid;
    ps.unpaid += desk.unpaid;
    ps.bankLoss += desk.bankLoss;
    ps.guarantorLoss += desk.guarantorLoss;
    if (desk.unpaid > EPS_UNPAID && Number.isNaN(ps.exhaustedYear)) ps.exhaustedYear = t + 1;
  }

  /** 7. Circuit breakers (熔断), effective from next year's lending. */
  private breakers(t: number, yt: YearTerms): void {
    const ps = this.st;
    const payout = ps.loansSince > 0 ? ps.compSince / ps.loansSince : 0;
    if (!ps.poolStopped && (payout > yt.payoutRatio || ps.balance < this.yr.floorAmount)) {
      ps.poolStopped = true;
      ps.poolTripYear = t;
      ps.tripped = 1;
    }
    for (let b = 0; b < this.terms.nBanks; b++)
      if (!this.bankStopped[b] && this.desk.nplRatio(b) > yt.bankNpl) {
        this.bankStopped[b] = 1;
        this.bankTripYear[b] = t;
        ps.bankTripped = 1;
      }
  }

  private writeSeries(t: number, se: Float64Array): void {
    const H = this.terms.horizon;
    const y = this.yr;
    const desk = this.desk;
    se[Y.pool_balance * H + t] = this.st.balance;
    se[Y.fiscal_cash_flow * H + t] = y.fiscalPaid > 0 ? -y.fiscalPaid : 0;
    se[Y.loans_disbursed_by_year * H + t] = y.newLending;
    se[Y.compensation_by_year * H + t] = desk.paid;
    se[Y.defaults_by_year * H + t] = desk.count;
    se[Y.breaker_on * H + t] = y.breakerOn ? 1 : 0;
    se[Y.outstanding * H + t] = y.outstandingBefore + y.newLending;
    se[Y.paid_in_by_year * H + t] = y.paidIn;
    se[Y.interest_by_year * H + t] = y.interest;
    se[Y.recoveries_by_year * H + t] = y.recoveries;
  }

  private writeLedger(path: number, t: number): void {
    const y = this.yr;
    const desk = this.desk;
    this.ledger?.({
      path,
      year: t + 1,
      opening: y.opening,
      paidIn: y.paidIn,
      fiscalPaidIn: y.fiscalPaid,
      lendingCapacity: y.capacity,
      outstandingAfterOrigination: y.outstandingBefore + y.newLending,
      newLoans: y.newLoans,
      newLending: y.newLending,
      breakerOn: y.breakerOn,
      bankStopped: y.stoppedAtGrant,
      bankNewLoans: Array.from(this.bankNew),
      interest: y.interest,
      recoveries: y.recoveries,
      compensation: desk.paid,
      unpaid: desk.unpaid,
      closing: this.st.balance,
    });
  }

  /**
   * Resume after refill: a breaker that tripped at the end of year k stays on through year k + 1 and is released at
   * the start of a later year once a replenishment has been paid in since the trip (and, for the pool, the balance
   * is back at the floor); the payout ratio is then counted afresh.
   */
  private release(t: number, floorAmount: number): void {
    const ps = this.st;
    if (
      ps.poolStopped &&
      t >= ps.poolTripYear + 2 &&
      ps.lastRefillYear > ps.poolTripYear &&
      ps.balance >= floorAmount
    ) {
      ps.poolStopped = false;
      ps.compSince = 0;
      ps.loansSince = 0;
    }
    for (let b = 0; b < this.terms.nBanks; b++) {
      const k = this.bankTripYear[b]!;
      if (this.bankStopped[b] && t >= k + 2 && ps.lastRefillYear > k) this.bankStopped[b] = 0;
    }
  }

  /** Replenishment at the start of year t ≥ 2 (fiscal money), within the annual budget and the total cap. */
  private replenishment(t: number): number {
    const yt = this.terms.years[t]!;
    const ps = this.st;
    if (yt.replenishMode === REPLENISH_REFILL || yt.replenishMode === REPLENISH_FIXED) {
      const want = yt.replenishMode === REPLENISH_REFILL ? ps.compPrev : yt.fixedAmount;
      const amount = Math.max(0, Math.min(want, yt.annualBudget, yt.budgetCap - ps.budgetUsed));
      ps.budgetUsed += amount;
      ps.replenished += amount;
      return amount;
    }
    return 0;
  }

  private writeScalars(sc: Float64Array): void {
    const ps = this.st;
    const T = this.terms;
    let pending = 0;
    for (let y = T.horizon; y < this.recoveryDue.length; y++) pending += this.recoveryDue[y]!;
    sc[S.loans_disbursed] = ps.lending;
    sc[S.loans_count] = ps.loansCount;
    sc[S.leverage_realized] = ps.fiscalIn > 0 ? ps.lending / ps.fiscalIn : Number.NaN;
    sc[S.leverage_peak] = ps.leveragePeak;
    sc[S.defaults] = ps.defaults;
    sc[S.compensation_paid] = ps.comp;
    sc[S.recoveries_received] = ps.recReceived;
    sc[S.recoveries_pending] = pending;
    sc[S.bank_loss] = ps.bankLoss;
    sc[S.guarantor_loss] = ps.guarantorLoss;
    sc[S.guarantee_fees] = ps.fees;
    sc[S.bank_interest_income] = ps.bankInterest;
    sc[S.pool_exhausted] = Number.isNaN(ps.exhaustedYear) ? 0 : 1;
    sc[S.exhaustion_year] = ps.exhaustedYear;
    sc[S.breaker_tripped] = ps.tripped;
    sc[S.bank_breaker_tripped] = ps.bankTripped;
    sc[S.unpaid_claims] = ps.unpaid;
    sc[S.replenishment_paid] = ps.replenished;
    sc[S.final_balance] = ps.balance;
    sc[S.loans_blocked] = ps.blocked;
    sc[S.fiscal_in] = ps.fiscalIn;
    // Fiscal money spent for good: paid in, less the fiscal part (pro rata to money paid in) of what is left.
    sc[S.fiscal_cost] = ps.fiscalIn - (ps.totalIn > 0 ? ps.fiscalIn / ps.totalIn : 0) * (ps.balance + pending);
    sc[S.social_capital] = T.initial * T.socialShare;
    sc[S.lending] = ps.lending;
  }

  readonly extraMetricNames = ["compensation_es95", "compensation_es99"] as const;

  extraMetrics(data: { scalarNames: readonly string[]; scalars: Float64Array[] }) {
    const comp = data.scalars[data.scalarNames.indexOf("compensation_paid")]!;
    const [es95, es99] = expectedShortfalls(comp, [0.95, 0.99]);
    return { compensation_es95: es95!, compensation_es99: es99! };
  }

  analytic(): Record<string, unknown> | undefined {
    return poolAnalytic(this.terms, this.first);
  }
}

/** Factory for `src/engine/vehicles/index.ts` (one parsed version per year); `opts` is for tests and benchmarks. */
export function riskPoolEngine(
  byYear: RiskPool[],
  _scenario?: Scenario,
  opts: RiskPoolEngineOptions = {},
): RiskPoolEngine {
  return new RiskPoolEngine(byYear, opts);
}
