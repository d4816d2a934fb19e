/**
 * Reference distribution functions for the goodness-of-fit tests, written independently of src/ (no shared code
 * with the samplers, so a bug there cannot cancel out): ln Γ, the Poisson pmf in log space and the regularized
 * incomplete beta function. Checked against scipy in test/distributions.test.ts.
 */

/** Lanczos coefficients (g = 7, n = 9), as in Numerical Recipes 3rd ed. / scipy's reference; ~1e-15 relative. */
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (reflection below 0.5). */
export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
  const z = x - 1;
  let s = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) s += LANCZOS[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s);
}

/** Poisson(λ) probability mass, exp(k ln λ − λ − ln Γ(k + 1)); 0 off the non-negative integers. */
export function poissonPmf(lambda: number): (k: number) => number {
  return (k) => (Number.isInteger(k) && k >= 0 ? Math.exp(k * Math.log(lambda) - lambda - lnGamma(k + 1)) : 0);
}

/**
 * Continued fraction of the incomplete beta function (modified Lentz; Numerical Recipes §6.4 `betacf`), converging
 * for x < (a + 1)/(a + b + 2).
 */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 1000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) return h;
  }
  throw new Error(`incomplete beta continued fraction did not converge (a ${a}, b ${b}, x ${x})`);
}

/** Beta(a, b) CDF: the regularized incomplete beta function I_x(a, b). */
export function betaCdf(a: number, b: number): (x: number) => number {
  const lnB = lnGamma(a) + lnGamma(b) - lnGamma(a + b);
  const cdf = (x: number): number => {
    if (x <= 0) return 0;
    if (x >= 1) return 1;
    const front = Math.exp(a * Math.log(x) + b * Math.log1p(-x) - lnB);
    // The continued fraction converges fast below the mean-ish point; above it use I_x(a, b) = 1 − I_{1−x}(b, a).
    return x < (a + 1) / (a + b + 2)
      ? (front * betaContinuedFraction(a, b, x)) / a
      : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
  };
  return cdf;
}
