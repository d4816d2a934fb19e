/**
 * Reproducible random streams. Every stream is seeded by a 64-bit key derived from (seed, path, vehicle, purpose,
 * deal…) by integer hashing (`keys.ts`), so a result never depends on thread count, block size or the order vehicles
 * are simulated in (MODEL.md §9). No `Math.random` anywhere in the engine: every sampler takes its stream.
 *
 * Generator: sfc32 (Doty-Humphrey's Small Fast Counting generator: three mixed words and a counter, 128 bits; passes
 * BigCrush and PractRand; the counter rules out short cycles for any seed). Chosen by measurement over seedrandom's
 * Alea, xoshiro128** and a hashed Weyl sequence (docs/performance.md): draws cost the same, but it seeds in a few
 * nanoseconds from integers where Alea hashed a string per stream, and its state is four integers in a typed array,
 * so one `Stream` can move between many companies' states without allocating. Uniforms have 32-bit resolution and lie
 * strictly inside (0, 1). Normals by a 256-layer ziggurat (`ziggurat.ts`): one 32-bit draw plus a quarter of a draw
 * for the layer index, against the polar method's 1.27 draws, log and square root.
 */
import { deriveHi, deriveLo, type Key, labelTag, pathKey } from "./keys.ts";
import { F, KN, R, WN } from "./ziggurat.ts";

export { fmix32, type Key } from "./keys.ts";

/** Words of state per stream: sfc32's a, b, c, counter; the ziggurat's spare index bits and their count; padding. */
export const STRIDE = 8;
const TWO_M32 = 2 ** -32;
const HALF_ULP = 2 ** -33;
const TWO_M31 = 2 ** -31;
/** Outputs discarded after seeding, so that nearby keys' first draws are apart (PractRand's advice for sfc32). */
const WARM_UP = 8;

export class Stream {
  /** Generator state, this stream's words at `[o, o + STRIDE)`. */
  s: Int32Array;
  o: number;

  constructor(state: Int32Array = new Int32Array(STRIDE), offset = 0) {
    this.s = state;
    this.o = offset;
  }

  /** Starts this stream at key (hi, lo) (32-bit words). */
  seed(hi: number, lo: number): this {
    const s = this.s;
    const o = this.o;
    s[o] = hi;
    s[o + 1] = lo;
    s[o + 2] = hi ^ 0x5bd1e995;
    s[o + 3] = 1;
    s[o + 4] = 0;
    s[o + 5] = 0;
    for (let i = 0; i < WARM_UP; i++) this.u32();
    return this;
  }

  /** Starts this stream at `key`. */
  seedKey(key: Key): this {
    return this.seed(key.hi, key.lo);
  }

  /** Starts this stream at the key derived from `parent` by `tag`. */
  seedChild(parent: Key, tag: number): this {
    const hi = deriveHi(parent.hi, parent.lo, tag);
    return this.seed(hi, deriveLo(parent.hi, parent.lo, tag, hi));
  }

  /** The next 32-bit output as a signed integer (sfc32). */
  u32(): number {
    const s = this.s;
    const o = this.o;
    const a = s[o]!;
    const b = s[o + 1]!;
    const c = s[o + 2]!;
    const d = s[o + 3]!;
    const t = (((a + b) | 0) + d) | 0;
    s[o] = b ^ (b >>> 9);
    s[o + 1] = (c + (c << 3)) | 0;
    s[o + 2] = (((c << 21) | (c >>> 11)) + t) | 0;
    s[o + 3] = (d + 1) | 0;
    return t;
  }

  /** Uniform on (0, 1), 32-bit resolution, never 0 or 1 (logs and quantiles stay finite). */
  next(): number {
    return (this.u32() >>> 0) * TWO_M32 + HALF_ULP;
  }

  /** Uniform on (0, 1) (the same as `next`; kept as the name samplers use where 0 would be a problem). */
  uniform(): number {
    return (this.u32() >>> 0) * TWO_M32 + HALF_ULP;
  }

  /** Standard normal by the ziggurat (exact). */
  normal(): number {
    const s = this.s;
    const o = this.o;
    for (;;) {
      // The layer index: 8 bits from a spare 32-bit draw, four indices per draw.
      let bits = s[o + 4]!;
      let left = s[o + 5]!;
      if (left === 0) {
        bits = this.u32();
        left = 4;
      }
      const i = bits & 255;
      s[o + 4] = bits >>> 8;
      s[o + 5] = left - 1;
      const j = this.u32();
      if (Math.abs(j) < KN[i]!) return j * WN[i]!;
      const x = j * WN[i]!;
      if (i === 0) {
        // The tail beyond R (Marsaglia 1964).
        let a: number;
        let b: number;
        do {
          a = -Math.log(this.next()) / R;
          b = -Math.log(this.next());
        } while (b + b < a * a);
        return j < 0 ? -(R + a) : R + a;
      }
      // The wedge: accept under the density.
      if (F[i]! + this.next() * (F[i + 1]! - F[i]!) < Math.exp(-0.5 * x * x)) return x;
    }
  }

  /** Integer uniform on [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Poisson(mean): inversion below mean 10, Hörmann's PTRS (transformed rejection with squeeze) above; exact. */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean < 10) {
      const l = Math.exp(-mean);
      let k = 0;
      let p = this.next();
      while (p > l) {
        k++;
        p *= this.next();
      }
      return k;
    }
    return this.ptrs(mean);
  }

  /** Hörmann (1993), "The transformed rejection method for generating Poisson random variables", algorithm PTRS. */
  private ptrs(mean: number): number {
    const slam = Math.sqrt(mean);
    const loglam = Math.log(mean);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invalpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = this.next() - 0.5;
      const v = this.next();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -mean + k * loglam - logFactorial(k))
        return k;
    }
  }

  /** Binomial(n, p): Bernoulli trials below n = 25, else inversion by sequential search (expected O(n·p) steps),
   * splitting n in halves when n·p is large; exact in distribution. */
  binomial(n: number, p: number): number {
    if (n <= 0 || p <= 0) return 0;
    if (p >= 1) return n;
    if (p > 0.5) return n - this.binomial(n, 1 - p);
    if (n < 25) {
      let k = 0;
      for (let i = 0; i < n; i++) if (this.next() < p) k++;
      return k;
    }
    if (n * p < 500) {
      const q = 1 - p;
      const s = p / q;
      const a = (n + 1) * s;
      const r0 = q ** n;
      if (r0 > 0) {
        let r = r0;
        let u = this.next();
        let x = 0;
        while (u > r) {
          u -= r;
          x++;
          if (x > n) {
            // Rounding left a sliver above the last term: draw again.
            x = 0;
            u = this.next();
            r = r0;
            continue;
          }
          r *= a / x - s;
        }
        return x;
      }
    }
    // Large n·p: the sum of two independent binomials of the halves (exact).
    const half = Math.floor(n / 2);
    return this.binomial(half, p) + this.binomial(n - half, p);
  }

  /** Gamma(shape, 1) by Marsaglia–Tsang (2000) on ziggurat normals; shape < 1 by Stuart's boost. */
  gamma(shape: number): number {
    if (shape < 1) {
      const g = this.gamma(shape + 1);
      return g * this.next() ** (1 / shape);
    }
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.next();
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2) return d * v;
      if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /** Beta(a, b) from two gammas. */
  beta(a: number, b: number): number {
    const x = this.gamma(a);
    const y = this.gamma(b);
    return x / (x + y);
  }

  /** A signed 32-bit draw scaled to (−1, 1) (for tests of the ziggurat's integer layer). */
  signed(): number {
    return this.u32() * TWO_M31;
  }
}

const LOG_FACT_TABLE: number[] = [0];
for (let i = 1; i < 256; i++) LOG_FACT_TABLE.push(LOG_FACT_TABLE[i - 1]! + Math.log(i));

/** ln(n!) — table below 256, Stirling series above. */
export function logFactorial(n: number): number {
  if (n < 256) return LOG_FACT_TABLE[n]!;
  const x = n + 1;
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x * x * x);
}

/**
 * One sub-stream per company of a path, so that a company's fate (outcome, next valuation, stage length, follow-on)
 * depends only on the path and on which deal of the path it was, not on how many draws the companies before it
 * took. Two strategies compared on the same seed then see the same fates for the same deals even where one of them
 * skips a deal the other funds — the common random numbers that paired comparisons rely on (MODEL.md §9).
 *
 * Company slot c's state is words `[c·STRIDE, (c+1)·STRIDE)` of one typed array; `stream` is one `Stream` moved
 * between slots by `select` (no allocation per company). A company's key is derived from the path's key and its
 * deal number.
 */
export class CompanyStreams {
  readonly stream: Stream;

  constructor() {
    this.stream = new Stream(new Int32Array(256 * STRIDE), 0);
  }

  /** Starts company slot `c` as deal number `deal` of the path whose company key is `key`. */
  seed(c: number, key: Key, deal: number): void {
    const st = this.stream;
    if ((c + 1) * STRIDE > st.s.length) this.grow(c + 1);
    const o = st.o;
    st.o = c * STRIDE;
    st.seedChild(key, deal);
    st.o = o;
  }

  /** The stream positioned on company slot `c`. */
  select(c: number): Stream {
    this.stream.o = c * STRIDE;
    return this.stream;
  }

  private grow(n: number): void {
    let size = this.stream.s.length;
    while (size < n * STRIDE) size *= 2;
    const next = new Int32Array(size);
    next.set(this.stream.s);
    this.stream.s = next;
  }
}

/** A placeholder key (before a path starts). */
export const NO_KEY: Key = { hi: 0, lo: 0 };

/** A 64-bit key drawn from a stream (two 32-bit draws): the root of a path's company sub-streams. */
export function streamKey(rng: Stream): Key {
  const hi = rng.u32() >>> 0;
  return { hi, lo: rng.u32() >>> 0 };
}

const TAGS = new Map<string, number>();

/** The 32-bit tag of a label, memoised (labels are a run's few vehicle ids and "macro"). */
export function tagOf(label: string): number {
  let t = TAGS.get(label);
  if (t === undefined) {
    t = labelTag(label);
    TAGS.set(label, t);
  }
  return t;
}

/** A stream started at `key` (a new object; engines reuse theirs with `seed`). */
export function keyStream(key: Key): Stream {
  return new Stream().seedKey(key);
}

/** The stream of path `path` for `label` (the macro factor or a vehicle id) in a run seeded with `seed`. */
export function pathStream(seed: number, path: number, label: string): Stream {
  return new Stream().seedChild(pathKey(seed, path), tagOf(label));
}

/** A stream for tests and tools, keyed by any text (hashed to a 64-bit key). */
export function makeStream(text: string): Stream {
  const tag = labelTag(text);
  return new Stream().seedChild({ hi: tag, lo: labelTag(`${text}\u0000`) }, text.length);
}
