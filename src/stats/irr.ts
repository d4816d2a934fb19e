/**
 * Internal rate of return of annual cash flows (flows[0] at the end of year 1, ...). Returns NaN where it is
 * undefined: no sign change, or no root in (−99.99%, 1000%). Found by bisection on the NPV, which is monotone in
 * the rate when the flows change sign once (the usual fund shape: calls, then distributions).
 */
export function irr(flows: ArrayLike<number>, count = flows.length): number {
  let pos = false;
  let neg = false;
  for (let i = 0; i < count; i++) {
    const f = flows[i]!;
    if (f > 0) pos = true;
    else if (f < 0) neg = true;
  }
  if (!pos || !neg) return Number.NaN;
  const npv = (r: number) => {
    let v = 0;
    let d = 1;
    const k = 1 / (1 + r);
    for (let i = 0; i < count; i++) {
      d *= k;
      v += flows[i]! * d;
    }
    return v;
  };
  let lo = -0.9999;
  let hi = 10;
  let flo = npv(lo);
  const fhi = npv(hi);
  if (flo * fhi > 0) return Number.NaN;
  for (let it = 0; it < 200; it++) {
    const mid = 0.5 * (lo + hi);
    const fm = npv(mid);
    if (fm === 0) return mid;
    if (fm * flo < 0) hi = mid;
    else {
      lo = mid;
      flo = fm;
    }
    if (hi - lo < 1e-10) break;
  }
  return 0.5 * (lo + hi);
}
