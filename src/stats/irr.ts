/**
 * Internal rate of return of annual cash flows (flows[0] at the end of year 1, ...), MODEL.md §4: the rate at which
 * the NPV falls through zero as the rate rises. A fund's flows often change sign more than once — a fee called
 * after the last exit, a clawback — and then the NPV has several roots or none at the ends of a fixed bracket, so
 * bisection between two end points is biased (it drops exactly the paths whose last flow is negative). Instead
 * every sign change of the NPV is located on a grid over g = ln(1 + r) (covering r in (−1, ∞) up to e^±12) and
 * refined by bisection; of the roots where the NPV falls as the rate rises, the largest is reported (beyond it the
 * NPV stays negative: the investment cannot earn more). NaN only when no such root exists.
 *
 * With a single sign change in the flows (Descartes: exactly one positive root in 1/(1+r)) the grid is skipped.
 */

const G_LO = -12;
const G_HI = 12;
const GRID = 1200;
const STEP = (G_HI - G_LO) / GRID;

/**
 * A positive multiple of NPV(r) at g = ln(1 + r), computed without overflow: Σ f_i x^(i+1) with x = e^−g when
 * g ≥ 0, and NPV·(1 + r)^n = Σ f_i (1 + r)^(n−1−i) when g < 0. Only its sign and root matter.
 */
function scaledNpv(flows: ArrayLike<number>, n: number, g: number): number {
  let v = 0;
  if (g >= 0) {
    const x = Math.exp(-g);
    for (let i = n - 1; i >= 0; i--) v = (v + flows[i]!) * x;
  } else {
    const y = Math.exp(g);
    for (let i = 0; i < n; i++) v = v * y + flows[i]!;
  }
  return v;
}

/** Refines a root of the NPV in g on [a, b] (values fa, fb of opposite sign) by bisection. */
function refine(flows: ArrayLike<number>, n: number, a: number, b: number, fa: number): number {
  for (let it = 0; it < 200 && b - a > 1e-13; it++) {
    const m = 0.5 * (a + b);
    const fm = scaledNpv(flows, n, m);
    if (fm === 0) return m;
    if (fm > 0 === fa > 0) {
      a = m;
      fa = fm;
    } else b = m;
  }
  return 0.5 * (a + b);
}

export function irr(flows: ArrayLike<number>, count = flows.length): number {
  let changes = 0;
  let lastSign = 0;
  for (let i = 0; i < count; i++) {
    const f = flows[i]!;
    const s = f > 0 ? 1 : f < 0 ? -1 : 0;
    if (s === 0) continue;
    if (lastSign !== 0 && s !== lastSign) changes++;
    lastSign = s;
  }
  if (changes === 0) return Number.NaN;
  if (changes === 1) {
    // One root: the NPV is positive below it exactly when the first flow is negative (it falls through zero).
    const fa = scaledNpv(flows, count, G_LO);
    const fb = scaledNpv(flows, count, G_HI);
    if (!(fa > 0 && fb < 0)) return Number.NaN;
    return Math.expm1(refine(flows, count, G_LO, G_HI, fa));
  }
  let best = Number.NaN;
  let a = G_LO;
  let fa = scaledNpv(flows, count, a);
  for (let k = 1; k <= GRID; k++) {
    const b = G_LO + k * STEP;
    const fb = scaledNpv(flows, count, b);
    if (fa > 0 && fb <= 0) best = fb === 0 ? b : refine(flows, count, a, b, fa);
    else if (fa === 0 && fb < 0) best = a;
    a = b;
    fa = fb;
  }
  return Number.isNaN(best) ? best : Math.expm1(best);
}
