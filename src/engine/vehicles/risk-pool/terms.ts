/**
 * Compiles a risk pool's parameters — one validated version per year when rule `changes` apply — into flat per-year
 * terms the engine reads in its hot loop: samplers compiled once, shares with their uplift added, absent limits as
 * Infinity. Loan segments are identified by position (bank index, segment index) across versions, so a change can
 * alter a segment from a year on; a segment missing from a year's version originates nothing that year.
 */
import { GfsimError } from "../../../errors.ts";
import { canonicalJson, fundingShare } from "../../../scenario/plain.ts";
import type { LoanType, RiskPool } from "../../../scenario/vehicles/risk-pool.ts";
import { normInv } from "../../normal.ts";
import { compile, type Sampler } from "../../sampler.ts";

/** Terms of one loan segment for loans originated in one year (they keep them for life). */
export interface SegmentTerms {
  bank: number;
  perYear: Sampler;
  amount: Sampler;
  tenor: number;
  pd: number;
  /** Φ⁻¹(pd), the default threshold of the copula. */
  threshold: number;
  rho: number;
  sqrtRho: number;
  sqrtOneMinusRho: number;
  lgd: Sampler;
  rate: number;
  type: LoanType;
  /** pool_share plus the uplift of the segment's loan type. */
  poolShare: number;
  guarantorShare: number;
  perLoanCap: number;
}

export const REPLENISH_NONE = 0;
export const REPLENISH_REFILL = 1;
export const REPLENISH_FIXED = 2;

/** Rules in force in one year (aggregate rules apply to the year; loan terms to loans originated in it). */
export interface YearTerms {
  /** Indexed by global segment; null where the segment does not exist in this year's version. */
  segments: (SegmentTerms | null)[];
  leverage: number;
  perBankYearCap: number;
  /** NaN when there is no corridor. */
  corridorFrom: number;
  corridorTo: number;
  payoutRatio: number;
  /** Balance floor as a fraction of the initial pool; −Infinity when off. */
  floor: number;
  bankNpl: number;
  resumeAfterRefill: boolean;
  replenishMode: number;
  annualBudget: number;
  budgetCap: number;
  fixedAmount: number;
  interest: number;
  guaranteeFee: number;
  lagYears: number;
}

export interface PoolTerms {
  id: string;
  horizon: number;
  /** Initial balance, paid in at the start of year 1. */
  initial: number;
  /** Share of the initial balance that is fiscal money. */
  fiscalShare: number;
  /** Share of the initial balance paid by banks and guarantors (social capital). */
  socialShare: number;
  nBanks: number;
  nSegments: number;
  segBank: Int32Array;
  bankIds: string[];
  years: YearTerms[];
  maxLag: number;
}

const orInf = (x: number | undefined) => x ?? Number.POSITIVE_INFINITY;

function segmentTerms(v: RiskPool, bank: number, seg: RiskPool["banks"][number]["loans"][number]): SegmentTerms {
  const c = v.compensation;
  return {
    bank,
    perYear: compile(seg.per_year),
    amount: compile(seg.amount),
    tenor: seg.tenor_years,
    pd: seg.pd,
    threshold: normInv(seg.pd),
    rho: seg.rho,
    sqrtRho: Math.sqrt(seg.rho),
    sqrtOneMinusRho: Math.sqrt(1 - seg.rho),
    lgd: compile(seg.lgd),
    rate: seg.rate,
    type: seg.type,
    poolShare: c.pool_share + (c.uplift[seg.type] ?? 0),
    guarantorShare: c.guarantor_share,
    perLoanCap: orInf(c.per_loan_cap),
  };
}

function yearTerms(v: RiskPool, segments: (SegmentTerms | null)[]): YearTerms {
  const cb = v.circuit_breaker;
  const r = v.replenishment;
  const mode = r.mode === "refill" ? REPLENISH_REFILL : r.mode === "fixed" ? REPLENISH_FIXED : REPLENISH_NONE;
  return {
    segments,
    leverage: orInf(v.leverage),
    perBankYearCap: orInf(v.compensation.per_bank_year_cap),
    corridorFrom: v.compensation.corridor?.from ?? Number.NaN,
    corridorTo: v.compensation.corridor?.to ?? Number.NaN,
    payoutRatio: orInf(cb?.payout_ratio),
    floor: cb?.floor ?? Number.NEGATIVE_INFINITY,
    bankNpl: orInf(cb?.bank_npl),
    resumeAfterRefill: cb?.resume === "after_refill",
    replenishMode: mode,
    annualBudget: orInf(r.annual_budget),
    budgetCap: orInf(r.budget_cap),
    fixedAmount: r.amount ?? 0,
    interest: v.interest,
    guaranteeFee: v.guarantee_fee,
    lagYears: v.recovery.lag_years,
  };
}

/** The initial pool and who paid it are facts of year 1; a later change of them has no meaning, so it is refused. */
function checkYearOneFacts(byYear: RiskPool[]): void {
  const first = byYear[0]!;
  const problems = [];
  for (let y = 1; y < byYear.length; y++) {
    const v = byYear[y]!;
    if (v === byYear[y - 1]) continue;
    if (v.pool !== first.pool)
      problems.push({
        path: `changes: ${first.id}.pool`,
        message: `the initial pool is paid in once, in year 1; it cannot change in year ${y + 1} (use replenishment)`,
        value: v.pool,
      });
    if (canonicalJson(v.funding) !== canonicalJson(first.funding))
      problems.push({
        path: `changes: ${first.id}.funding`,
        message: `funding describes who paid the initial pool in; it cannot change in year ${y + 1}`,
        value: v.funding,
      });
  }
  if (problems.length > 0) throw new GfsimError("INVALID_SCENARIO", undefined, problems);
}

export function compileTerms(byYear: RiskPool[]): PoolTerms {
  checkYearOneFacts(byYear);
  const first = byYear[0]!;
  const segIndex = new Map<string, number>();
  const segBank: number[] = [];
  const bankIds: string[] = [];
  for (const v of byYear)
    v.banks.forEach((b, bi) => {
      bankIds[bi] ??= b.id;
      b.loans.forEach((_, li) => {
        const key = `${bi}:${li}`;
        if (!segIndex.has(key)) {
          segIndex.set(key, segBank.length);
          segBank.push(bi);
        }
      });
    });
  const cache = new Map<RiskPool, YearTerms>();
  const years = byYear.map((v) => {
    const hit = cache.get(v);
    if (hit) return hit;
    const segments: (SegmentTerms | null)[] = new Array(segBank.length).fill(null);
    v.banks.forEach((b, bi) => {
      b.loans.forEach((seg, li) => {
        segments[segIndex.get(`${bi}:${li}`)!] = segmentTerms(v, bi, seg);
      });
    });
    const y = yearTerms(v, segments);
    cache.set(v, y);
    return y;
  });
  return {
    id: first.id,
    horizon: byYear.length,
    initial: first.pool,
    fiscalShare: fundingShare(first, true),
    socialShare: fundingShare(first, false),
    nBanks: bankIds.length,
    nSegments: segBank.length,
    segBank: Int32Array.from(segBank),
    bankIds,
    years,
    maxLag: Math.max(...years.map((y) => y.lagYears)),
  };
}
