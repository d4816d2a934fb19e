/**
 * Tables of the 256-layer ziggurat for the standard normal (Marsaglia & Tsang 2000, "The ziggurat method for
 * generating random variables", J. Stat. Softw. 5(8)): layers of equal area V under f(x) = exp(−x²/2) with right
 * edges x[0] = V/f(R) (the base strip with the tail), x[1] = R, x[i+1] = f⁻¹(V/x[i] + f(x[i])), x[256] = 0.
 * A draw picks layer i and a signed 32-bit integer j; the point x = j·x[i]/2³¹ is accepted at once when
 * |j| < 2³¹·x[i+1]/x[i] (≈ 99 % of draws); otherwise it is tested against f in the layer's wedge, or drawn from the
 * tail beyond R (Marsaglia 1964). The method is exact: no approximation of f enters an accepted value.
 */
export const LAYERS = 256;
/** Right edge of the base layer's rectangle part (Marsaglia & Tsang, 256 layers). */
export const R = 3.6541528853610088;
/** Area of each layer. */
export const V = 0.00492867323399;

const f = (x: number) => Math.exp(-0.5 * x * x);

/** Layer edges x[0..256]. */
export const X = new Float64Array(LAYERS + 1);
/** f at the edges. */
export const F = new Float64Array(LAYERS + 1);
/** Acceptance bound of layer i for |j| (integer, compared with a signed 32-bit draw). */
export const KN = new Float64Array(LAYERS);
/** Scale of layer i: x = j · WN[i]. */
export const WN = new Float64Array(LAYERS);

X[0] = V / f(R);
X[1] = R;
for (let i = 1; i < LAYERS - 1; i++) X[i + 1] = Math.sqrt(-2 * Math.log(V / X[i]! + f(X[i]!)));
X[LAYERS] = 0;
for (let i = 0; i <= LAYERS; i++) F[i] = f(X[i]!);
for (let i = 0; i < LAYERS; i++) {
  KN[i] = Math.floor(2 ** 31 * (X[i + 1]! / X[i]!));
  WN[i] = X[i]! / 2 ** 31;
}
