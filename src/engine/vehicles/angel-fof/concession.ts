/**
 * 让利 — the concessions an angel guidance fund makes to a sub-fund's private LPs (MODEL.md §5), as pure functions:
 * - buy-back: at year end k of the sub-fund's life the private LPs may buy the government stake at its net paid-in
 *   (paid-in − distributions received; never below 0), times (1 + rate × k) once k > free_years; they do so the
 *   first year the stake is worth more than that price;
 * - profit share: at the sub-fund's end the government passes `share` of its profit above a hurdle — the future
 *   value at the hurdle rate of its net cash flows — to the private LPs.
 * Both are transfers between LPs: they move value and never create it.
 */

/** The buy-back price of the government stake at year end `k` of the sub-fund's life. */
export function buybackPrice(govNetPaidIn: number, k: number, freeYears: number, rate: number): number {
  const base = Math.max(0, govNetPaidIn);
  return k <= freeYears ? base : base * (1 + rate * k);
}

/** Whether the private LPs buy: only when the stake is worth strictly more than the price. */
export function buysBack(stakeValue: number, price: number): boolean {
  return stakeValue > price;
}

/**
 * Running future value of the government's net cash flows of one sub-fund at the hurdle rate: call each year-end
 * with that year's receipts minus calls; the value is then in year-end money of the latest year.
 */
export function compoundNet(previous: number, hurdle: number, netThisYear: number): number {
  return previous * (1 + hurdle) + netThisYear;
}

/** Profit passed to private LPs: `share` of the government's profit above the hurdle (0 when there is none). */
export function profitShareTransfer(govExcessValue: number, share: number): number {
  return govExcessValue > 0 ? share * govExcessValue : 0;
}
