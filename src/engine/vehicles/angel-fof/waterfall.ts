/**
 * The whole-fund (European) distribution waterfall of an angel sub-fund (MODEL.md §5), as pure functions over a
 * small mutable state so the engine can run it year by year without allocating:
 *
 * 1. LPs take everything until they have all their paid-in back and their preferred return: the hurdle balance
 *    B — calls compounded at `hurdle` from each call's year, less LP receipts compounded the same way — is ≤ 0
 *    (equivalently, the LPs' IRR to date has reached the hurdle);
 * 2. with `catchUp`, the GP takes everything until it holds `carry` of all profit (GP = carry/(1−carry) × LP profit);
 * 3. the rest is split carry / (1 − carry).
 *
 * Flows are annual, at year ends. At the fund's end, `settle` claws back what the GP received beyond its final
 * entitlement (interim carry paid before later calls or losses): GP ≤ carry × max(0, total profit) and the LPs'
 * hurdle balance cleared first. With hurdle 0 and no catch-up, the GP ends with exactly carry × profit.
 */

export interface WaterfallTerms {
  readonly carry: number;
  readonly hurdle: number;
  readonly catchUp: boolean;
}

export interface WaterfallState {
  /** Cumulative LP paid-in. */
  paidIn: number;
  /** Cumulative LP receipts. */
  lp: number;
  /** Cumulative GP carried interest. */
  gp: number;
  /** Hurdle balance: future value at `hurdle` of calls less LP receipts (> 0: the LPs are still owed). */
  balance: number;
}

/** One year's split of a distribution (or of a clawback: lp > 0, gp < 0). */
export interface Split {
  lp: number;
  gp: number;
}

export function newWaterfallState(): WaterfallState {
  return { paidIn: 0, lp: 0, gp: 0, balance: 0 };
}

export function resetWaterfall(s: WaterfallState): void {
  s.paidIn = s.lp = s.gp = s.balance = 0;
}

export function copyWaterfall(from: WaterfallState, to: WaterfallState): void {
  to.paidIn = from.paidIn;
  to.lp = from.lp;
  to.gp = from.gp;
  to.balance = from.balance;
}

/**
 * Books one year: the year's `calls` (a year after the previous step, so the balance compounds once first), then
 * splits `distribution` between LPs and GP into `out`. Mutates `s`.
 */
export function waterfallStep(
  terms: WaterfallTerms,
  s: WaterfallState,
  calls: number,
  distribution: number,
  out: Split,
): void {
  accrue(terms, s, calls);
  distribute(terms, s, distribution, out);
}

/** Moves the state one year on: the hurdle balance compounds, then this year's calls are added. */
export function accrue(terms: WaterfallTerms, s: WaterfallState, calls: number): void {
  s.balance = s.balance * (1 + terms.hurdle) + calls;
  s.paidIn += calls;
}

/** Splits a distribution made at the state's current date (no compounding) into `out`. Mutates `s`. */
export function distribute(terms: WaterfallTerms, s: WaterfallState, distribution: number, out: Split): void {
  let d = distribution;
  let lp = 0;
  let gp = 0;
  // 1. Return of capital and preferred return.
  const owed = Math.max(0, s.paidIn - s.lp, s.balance);
  const first = Math.min(d, owed);
  lp += first;
  d -= first;
  s.lp += first;
  s.balance -= first;
  if (d > 0 && terms.carry > 0) {
    // 2. GP catch-up to carry of all profit so far.
    if (terms.catchUp && terms.carry < 1) {
      const target = (terms.carry / (1 - terms.carry)) * (s.lp - s.paidIn) - s.gp;
      const c = Math.min(d, Math.max(0, target));
      gp += c;
      d -= c;
      s.gp += c;
    }
    // 3. Split.
    const g = terms.carry * d;
    gp += g;
    s.gp += g;
    d -= g;
  }
  lp += d;
  s.lp += d;
  s.balance -= d;
  out.lp = lp;
  out.gp = gp;
}

/**
 * The GP's clawback at the fund's end: what it must return to the LPs so that it keeps at most carry × total
 * profit (nothing when the fund lost money) and the LPs' hurdle balance is cleared first. Mutates `s`; returns the
 * amount (≥ 0) moved from GP to LPs.
 */
export function settle(terms: WaterfallTerms, s: WaterfallState): number {
  if (s.gp <= 0) return 0;
  const profit = s.lp + s.gp - s.paidIn;
  const excess = s.gp - terms.carry * Math.max(0, profit);
  const shortfall = Math.max(0, s.balance);
  const back = Math.min(s.gp, Math.max(0, excess, shortfall));
  s.gp -= back;
  s.lp += back;
  s.balance -= back;
  return back;
}

/**
 * The waterfall over a whole life: `calls[t]` and `distributions[t]` by year (index 0 = first year), settled in the
 * last year. Returns the LP and GP receipts by year. For tests and one-off use; the engine steps the state itself.
 */
export function runWaterfall(
  terms: WaterfallTerms,
  calls: ArrayLike<number>,
  distributions: ArrayLike<number>,
): { lp: Float64Array; gp: Float64Array; state: WaterfallState } {
  const n = Math.max(calls.length, distributions.length);
  const lp = new Float64Array(n);
  const gp = new Float64Array(n);
  const s = newWaterfallState();
  const out: Split = { lp: 0, gp: 0 };
  for (let t = 0; t < n; t++) {
    waterfallStep(terms, s, calls[t] ?? 0, distributions[t] ?? 0, out);
    lp[t] = out.lp;
    gp[t] = out.gp;
  }
  if (n > 0) {
    const back = settle(terms, s);
    lp[n - 1]! += back;
    gp[n - 1]! -= back;
  }
  return { lp, gp, state: s };
}
