/**
 * New loans of one year of a risk pool: the candidates every segment brings (drawn always, so the path's other
 * draws do not depend on how many are granted), and which of them are granted under the circuit breakers and the
 * leverage limit (MODEL.md §6: new loans only while loans outstanding ≤ leverage × balance).
 *
 * Candidate amounts are drawn straight into the loan book's free space (segment after segment), with each segment's
 * sum taken as they are drawn; `commit` then turns the granted prefix of each segment into a cohort, moving it down
 * only when an earlier segment was cut short. No candidate array, no second pass over the amounts when everything
 * is granted (the usual case).
 */
import type { Stream } from "../../rng.ts";
import type { LoanBook } from "./book.ts";
import type { YearTerms } from "./terms.ts";

export class Origination {
  /** Candidates per segment; segment s's amounts are at `book.amount[base + offset[s] …)`. */
  readonly count: Int32Array;
  readonly offset: Int32Array;
  /** Sum of each segment's candidate amounts. */
  readonly sum: Float64Array;
  /** Granted candidates per segment (a prefix of its candidates). */
  readonly granted: Int32Array;
  private readonly limit: Int32Array;
  /** Index in the book's amount array of the year's first candidate. */
  private base = 0;

  constructor(nSegments: number) {
    this.count = new Int32Array(nSegments);
    this.offset = new Int32Array(nSegments);
    this.sum = new Float64Array(nSegments);
    this.granted = new Int32Array(nSegments);
    this.limit = new Int32Array(nSegments);
  }

  /** Draws the year's candidates of every segment into the book's free space; returns their number. */
  draw(yt: YearTerms, rng: Stream, book: LoanBook): number {
    const segs = yt.segments;
    let total = 0;
    for (let s = 0; s < segs.length; s++) {
      const st = segs[s];
      const n = st ? Math.max(0, Math.round(st.perYear.fixed ? st.perYear.mean : st.perYear.sample(rng))) : 0;
      this.count[s] = n;
      this.offset[s] = total;
      total += n;
    }
    book.reserve(total);
    const amt = book.amount;
    this.base = book.nLoans;
    for (let s = 0; s < segs.length; s++) {
      const st = segs[s];
      const n = this.count[s]!;
      const from = this.base + this.offset[s]!;
      let sum = 0;
      if (st && n > 0) {
        if (st.amount.fixed) {
          amt.fill(st.amount.mean, from, from + n);
          for (let i = 0; i < n; i++) sum += st.amount.mean;
        } else {
          const sampler = st.amount;
          for (let i = from; i < from + n; i++) {
            const a = sampler.sample(rng);
            amt[i] = a;
            sum += a;
          }
        }
      }
      this.sum[s] = sum;
    }
    return total;
  }

  /**
   * Decides the granted counts. A stopped pool grants nothing, a stopped bank nothing of its segments. With a
   * leverage limit (`capacity` = leverage × balance) candidates are taken interleaved across segments in proportion
   * to their numbers, and the first one that would take loans outstanding above the capacity ends the year's lending.
   */
  grant(
    book: LoanBook,
    opts: { poolStopped: boolean; bankStopped: Uint8Array; segBank: Int32Array; capacity: number; outstanding: number },
  ): void {
    const nS = this.count.length;
    const { poolStopped, bankStopped, segBank, capacity, outstanding } = opts;
    for (let s = 0; s < nS; s++) this.granted[s] = poolStopped || bankStopped[segBank[s]!] ? 0 : this.count[s]!;
    if (capacity === Number.POSITIVE_INFINITY) return;
    // Usual case: everything fits, and the order does not matter.
    let all = outstanding;
    for (let s = 0; s < nS; s++) if (this.granted[s]! > 0) all += this.sum[s]!;
    if (all <= capacity) return;
    const amt = book.amount;
    this.limit.set(this.granted);
    this.granted.fill(0);
    let o = outstanding;
    for (;;) {
      let best = -1;
      let bestKey = Number.POSITIVE_INFINITY;
      for (let s = 0; s < nS; s++) {
        const j = this.granted[s]!;
        const lim = this.limit[s]!;
        if (j >= lim) continue;
        const key = (j + 0.5) / lim;
        if (key < bestKey) {
          bestKey = key;
          best = s;
        }
      }
      if (best < 0) return;
      const a = amt[this.base + this.offset[best]! + this.granted[best]!]!;
      if (o + a > capacity) return;
      o += a;
      this.granted[best] = this.granted[best]! + 1;
    }
  }

  /**
   * Books segment s's granted loans as a cohort of year `year` maturing at the end of year `last`; returns their
   * principal. Segments must be committed in order (each one's loans follow the previous cohort's).
   */
  commit(book: LoanBook, s: number, year: number, last: number): number {
    const n = this.granted[s]!;
    const from = this.base + this.offset[s]!;
    const whole = n === this.count[s];
    return book.addCohortInPlace({ seg: s, year, last, from, count: n, total: whole ? this.sum[s]! : Number.NaN });
  }
}
