/**
 * One year's defaults of a risk pool and how they are shared (MODEL.md §6). Each defaulted loan's claim is its whole
 * unpaid principal × the pool's share (terms of its origination year, uplift included) × its bank's corridor
 * factor, capped per loan; each bank's total is capped per year; the pool pays what it holds, pro rata over the
 * claims, and the rest falls to the bank (`unpaid`). (1 − lgd) × principal comes back after the recovery lag, shared
 * pro rata to what each party paid, so every party finally loses lgd × what it paid.
 */
import type { Stream } from "../../rng.ts";
import type { SegmentTerms, YearTerms } from "./terms.ts";

export class ClaimsDesk {
  /** Principal at risk in the year by bank (surviving loans once the year's loans are granted). */
  readonly atRisk: Float64Array;
  /** Principal defaulted in the year by bank. */
  readonly defaulted: Float64Array;
  private readonly claim: Float64Array;
  private readonly claimRecovered: Float64Array;
  private readonly claimLost: Float64Array;
  private readonly corridorFactor: Float64Array;
  private amt = new Float64Array(1024);
  private lgd = new Float64Array(1024);
  private share = new Float64Array(1024);
  private cap = new Float64Array(1024);
  private guarantor = new Float64Array(1024);
  private bank = new Int32Array(1024);
  /** Number of defaults recorded this year. */
  count = 0;
  // Results of `settle`.
  paid = 0;
  unpaid = 0;
  /** Pool's recovery to come, (1 − lgd) × what it paid, summed over the year's defaults. */
  poolRecovery = 0;
  bankLoss = 0;
  guarantorLoss = 0;

  constructor(nBanks: number) {
    this.atRisk = new Float64Array(nBanks);
    this.defaulted = new Float64Array(nBanks);
    this.claim = new Float64Array(nBanks);
    this.claimRecovered = new Float64Array(nBanks);
    this.claimLost = new Float64Array(nBanks);
    this.corridorFactor = new Float64Array(nBanks);
  }

  /** Clears the year; `maxDefaults` bounds the defaults to come (the loans alive). */
  startYear(maxDefaults: number): void {
    this.atRisk.fill(0);
    this.defaulted.fill(0);
    this.count = 0;
    if (this.amt.length >= maxDefaults) return;
    let size = this.amt.length;
    while (size < maxDefaults) size *= 2;
    this.amt = new Float64Array(size);
    this.lgd = new Float64Array(size);
    this.share = new Float64Array(size);
    this.cap = new Float64Array(size);
    this.guarantor = new Float64Array(size);
    this.bank = new Int32Array(size);
  }

  /** Records a default of a loan with segment terms `st`; its LGD is drawn now from `rng`. */
  record(st: SegmentTerms, principal: number, rng: Stream): void {
    const i = this.count++;
    const lgd = st.lgd.fixed ? st.lgd.mean : st.lgd.sample(rng);
    this.amt[i] = principal;
    this.lgd[i] = Math.min(1, Math.max(0, lgd));
    this.share[i] = st.poolShare;
    this.cap[i] = st.perLoanCap;
    this.guarantor[i] = st.guarantorShare;
    this.bank[i] = st.bank;
    this.defaulted[st.bank]! += principal;
  }

  /** The bank's non-performing ratio of the year: principal defaulted / principal at risk (0 when none at risk). */
  nplRatio(b: number): number {
    const a = this.atRisk[b]!;
    return a > 0 ? this.defaulted[b]! / a : 0;
  }

  /** Pays the year's claims out of `available` under the rules `yt`; results in the fields. */
  settle(yt: YearTerms, available: number): void {
    const nB = this.atRisk.length;
    const corridor = !Number.isNaN(yt.corridorFrom);
    for (let b = 0; b < nB; b++) {
      const r = this.nplRatio(b);
      // Only the part of the NPL ratio inside [from, to] is compensated: that share of each defaulted principal.
      this.corridorFactor[b] = !corridor
        ? 1
        : r > 0
          ? (Math.min(Math.max(r, yt.corridorFrom), yt.corridorTo) - yt.corridorFrom) / r
          : 0;
    }
    this.claim.fill(0);
    this.claimRecovered.fill(0);
    this.claimLost.fill(0);
    let borneLost = 0;
    let guarantorLoss = 0;
    for (let i = 0; i < this.count; i++) {
      const b = this.bank[i]!;
      const p = this.amt[i]!;
      const lgd = this.lgd[i]!;
      const claim = Math.min(this.share[i]! * p * this.corridorFactor[b]!, this.cap[i]!);
      this.claim[b]! += claim;
      this.claimRecovered[b]! += (1 - lgd) * claim;
      this.claimLost[b]! += lgd * claim;
      const g = this.guarantor[i]! * p;
      guarantorLoss += lgd * g;
      borneLost += lgd * (p - g);
    }
    let total = 0;
    let recovered = 0;
    let lost = 0;
    for (let b = 0; b < nB; b++) {
      const claim = this.claim[b]!;
      const scale = claim > yt.perBankYearCap ? yt.perBankYearCap / claim : 1;
      total += scale * claim;
      recovered += scale * this.claimRecovered[b]!;
      lost += scale * this.claimLost[b]!;
    }
    const paid = Math.min(total, Math.max(0, available));
    const payRatio = total > 0 ? paid / total : 0;
    this.paid = paid;
    this.unpaid = total - paid;
    this.poolRecovery = payRatio * recovered;
    // The bank bears principal − guarantor − pool paid on each loan and loses lgd of it.
    this.bankLoss = borneLost - payRatio * lost;
    this.guarantorLoss = guarantorLoss;
  }
}
