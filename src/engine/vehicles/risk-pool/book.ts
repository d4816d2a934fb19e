/**
 * The loan book of one risk-pool path, in typed arrays reused across paths (no per-loan objects). Loans are grouped
 * in cohorts — the loans of one segment originated in one year, which share every term — and stored contiguously;
 * a cohort's surviving loans are kept at the front of its slice, so drawing defaults never moves other cohorts.
 *
 * Two default samplers, equal in distribution (MODEL.md §2.2):
 * - `fast` (default): k ~ Binomial(alive, p(Z_t)) per cohort, then k of the survivors chosen uniformly without
 *   replacement (a partial Fisher–Yates shuffle), so the defaulted amounts are a uniform random subset;
 * - `per_loan` (reference): one latent variable √ρ·Z_t + √(1−ρ)·e_i < Φ⁻¹(pd) per surviving loan.
 */
import { conditionalProbability } from "../../normal.ts";
import type { Stream } from "../../rng.ts";

export type DefaultSampler = "fast" | "per_loan";

/** Receives each defaulted loan: its cohort and principal. */
export type OnDefault = (cohort: number, principal: number) => void;

export class LoanBook {
  /** Principal of each loan. */
  amount = new Float64Array(1024);
  nLoans = 0;
  readonly cStart: Int32Array;
  readonly cAlive: Int32Array;
  readonly cSeg: Int32Array;
  /** Origination year (0-based). */
  readonly cYear: Int32Array;
  /** Last year at risk (0-based): the bullet principal is repaid at its end. */
  readonly cLast: Int32Array;
  /** Principal of the surviving loans. */
  readonly cAliveAmt: Float64Array;
  nCohorts = 0;
  /** Counters of default draws by sampler (lets tests check which path ran). */
  readonly draws = { fast: 0, perLoan: 0 };

  constructor(maxCohorts: number) {
    this.cStart = new Int32Array(maxCohorts);
    this.cAlive = new Int32Array(maxCohorts);
    this.cSeg = new Int32Array(maxCohorts);
    this.cYear = new Int32Array(maxCohorts);
    this.cLast = new Int32Array(maxCohorts);
    this.cAliveAmt = new Float64Array(maxCohorts);
  }

  reset(): void {
    this.nLoans = 0;
    this.nCohorts = 0;
  }

  /** Makes room for `extra` more loans (grows by doubling; kept for later paths). */
  reserve(extra: number): void {
    const need = this.nLoans + extra;
    if (need <= this.amount.length) return;
    let size = this.amount.length;
    while (size < need) size *= 2;
    const next = new Float64Array(size);
    next.set(this.amount.subarray(0, this.nLoans));
    this.amount = next;
  }

  /**
   * Adds a cohort of `count` loans whose amounts were drawn into `amount[from …)` (at or after the book's end; moved
   * down to the end when not already there); returns the principal. `total` is their sum when the caller has it
   * (NaN: summed here).
   */
  addCohortInPlace(c: { seg: number; year: number; last: number; from: number; count: number; total: number }): number {
    const start = this.nLoans;
    const { from, count } = c;
    if (from !== start) this.amount.copyWithin(start, from, from + count);
    let total = c.total;
    if (Number.isNaN(total)) {
      total = 0;
      for (let i = start; i < start + count; i++) total += this.amount[i]!;
    }
    const k = this.nCohorts++;
    this.nLoans += count;
    this.cStart[k] = start;
    this.cAlive[k] = count;
    this.cSeg[k] = c.seg;
    this.cYear[k] = c.year;
    this.cLast[k] = c.last;
    this.cAliveAmt[k] = total;
    return total;
  }

  /** Principal outstanding (surviving loans of every cohort). */
  outstanding(): number {
    let s = 0;
    for (let c = 0; c < this.nCohorts; c++) s += this.cAliveAmt[c]!;
    return s;
  }

  /**
   * Draws this year's defaults of cohort `c` given the factor value `z`; each defaulted loan leaves the survivors
   * and is reported to `onDefault`. Returns the number of defaults.
   */
  drawDefaults(
    c: number,
    threshold: number,
    rho: number,
    sqrtRho: number,
    sqrtOneMinusRho: number,
    z: number,
    sampler: DefaultSampler,
    rng: Stream,
    onDefault: OnDefault,
  ): number {
    const alive = this.cAlive[c]!;
    if (alive === 0) return 0;
    const start = this.cStart[c]!;
    const amt = this.amount;
    let k = 0;
    if (sampler === "fast") {
      this.draws.fast++;
      const p = conditionalProbability(threshold, rho, z);
      k = rng.binomial(alive, p);
      // Choose k of the `alive` survivors uniformly: move each pick to the end of the surviving slice.
      for (let j = 0; j < k; j++) {
        const end = start + alive - 1 - j;
        const r = start + Math.floor(rng.next() * (alive - j));
        const a = amt[r]!;
        amt[r] = amt[end]!;
        amt[end] = a;
        onDefault(c, a);
      }
    } else {
      this.draws.perLoan++;
      // Untested loans are [i, end]; a default is swapped with the last untested survivor, which is tested next.
      let end = start + alive - 1;
      let i = start;
      const systematic = sqrtRho * z;
      while (i <= end) {
        if (systematic + sqrtOneMinusRho * rng.normal() < threshold) {
          const a = amt[i]!;
          amt[i] = amt[end]!;
          amt[end] = a;
          end--;
          k++;
          onDefault(c, a);
        } else i++;
      }
    }
    if (k > 0) {
      const left = alive - k;
      this.cAlive[c] = left;
      if (left === 0) this.cAliveAmt[c] = 0;
      else for (let i = start + left; i < start + alive; i++) this.cAliveAmt[c]! -= amt[i]!;
    }
    return k;
  }

  /** Repays every surviving loan of cohort `c` (maturity); returns the principal repaid. */
  mature(c: number): number {
    const a = this.cAliveAmt[c]!;
    this.cAlive[c] = 0;
    this.cAliveAmt[c] = 0;
    return a;
  }
}
