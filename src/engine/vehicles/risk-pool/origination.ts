/**
 * New loans of one year of a risk pool: the candidates every segment brings (drawn always, so the path's other
 * draws do not depend on how many are granted), and which of them are granted under the circuit breakers and the
 * leverage limit (MODEL.md §6: new loans only while loans outstanding ≤ leverage × balance).
 */
import type { Stream } from "../../rng.ts";
import type { YearTerms } from "./terms.ts";

export class Origination {
  /** Candidate amounts, segment s at `[offset[s], offset[s] + count[s])`. */
  amounts = new Float64Array(1024);
  readonly count: Int32Array;
  readonly offset: Int32Array;
  /** Granted candidates per segment (a prefix of its candidates). */
  readonly granted: Int32Array;
  private readonly limit: Int32Array;

  constructor(nSegments: number) {
    this.count = new Int32Array(nSegments);
    this.offset = new Int32Array(nSegments);
    this.granted = new Int32Array(nSegments);
    this.limit = new Int32Array(nSegments);
  }

  /** Draws the year's candidates of every segment; returns their number. */
  draw(yt: YearTerms, rng: Stream): number {
    const segs = yt.segments;
    let total = 0;
    for (let s = 0; s < segs.length; s++) {
      const st = segs[s];
      const n = st ? Math.max(0, Math.round(st.perYear.fixed ? st.perYear.mean : st.perYear.sample(rng))) : 0;
      this.count[s] = n;
      this.offset[s] = total;
      total += n;
    }
    if (this.amounts.length < total) {
      let size = this.amounts.length;
      while (size < total) size *= 2;
      this.amounts = new Float64Array(size);
    }
    for (let s = 0; s < segs.length; s++) {
      const st = segs[s];
      if (!st) continue;
      const off = this.offset[s]!;
      const n = this.count[s]!;
      if (st.amount.fixed) this.amounts.fill(st.amount.mean, off, off + n);
      else for (let i = 0; i < n; i++) this.amounts[off + i] = st.amount.sample(rng);
    }
    return total;
  }

  /**
   * Decides the granted counts. A stopped pool grants nothing, a stopped bank nothing of its segments. With a
   * leverage limit (`capacity` = leverage × balance) candidates are taken interleaved across segments in proportion
   * to their numbers, and the first one that would take loans outstanding above the capacity ends the year's lending.
   */
  grant(
    poolStopped: boolean,
    bankStopped: Uint8Array,
    segBank: Int32Array,
    capacity: number,
    outstanding: number,
  ): void {
    const nS = this.count.length;
    for (let s = 0; s < nS; s++) this.granted[s] = poolStopped || bankStopped[segBank[s]!] ? 0 : this.count[s]!;
    if (capacity === Number.POSITIVE_INFINITY) return;
    // Usual case: everything fits, and the order does not matter.
    let all = outstanding;
    for (let s = 0; s < nS; s++) {
      const off = this.offset[s]!;
      for (let i = 0; i < this.granted[s]!; i++) all += this.amounts[off + i]!;
    }
    if (all <= capacity) return;
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
      const a = this.amounts[this.offset[best]! + this.granted[best]!]!;
      if (o + a > capacity) return;
      o += a;
      this.granted[best] = this.granted[best]! + 1;
    }
  }
}
