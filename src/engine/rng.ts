/**
 * Reproducible random streams. Path i of a run draws from streams seeded only from (seed, i) and a label, so a
 * result never depends on thread count, block size or the order vehicles are simulated in (MODEL.md §9).
 * No `Math.random` anywhere in the engine: every sampler takes its stream explicitly.
 */
import seedrandom from "seedrandom";

type Prng = () => number;

export class Stream {
  private readonly prng: Prng;
  /** The second normal of the last polar pair (NaN: none); saved and restored by `CompanyStreams`. */
  spare = Number.NaN;

  constructor(prng: Prng) {
    this.prng = prng;
  }

  /** Uniform on (0, 1): never exactly 0, so logs and quantiles stay finite. */
  uniform(): number {
    let u = this.prng();
    while (u === 0) u = this.prng();
    return u;
  }

  /** Standard normal by the Marsaglia polar method (exact; the spare is kept per stream). */
  normal(): number {
    const s0 = this.spare;
    if (!Number.isNaN(s0)) {
      this.spare = Number.NaN;
      return s0;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.prng() - 1;
      v = 2 * this.prng() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * f;
    return u * f;
  }

  /** Integer uniform on [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.prng() * (max - min + 1));
  }

  /** Poisson(mean): inversion for small means, PTRS-free normal-corrected rejection (Atkinson) for large ones. */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean < 30) {
      const l = Math.exp(-mean);
      let k = 0;
      let p = this.uniform();
      while (p > l) {
        k++;
        p *= this.uniform();
      }
      return k;
    }
    // Atkinson (1979) rejection with a logistic envelope.
    const c = 0.767 - 3.36 / mean;
    const beta = Math.PI / Math.sqrt(3 * mean);
    const alpha = beta * mean;
    const k = Math.log(c) - mean - Math.log(beta);
    for (;;) {
      const u = this.uniform();
      const x = (alpha - Math.log((1 - u) / u)) / beta;
      const n = Math.floor(x + 0.5);
      if (n < 0) continue;
      const v = this.uniform();
      const y = alpha - beta * x;
      const t = 1 + Math.exp(y);
      const lhs = y + Math.log(v / (t * t));
      const rhs = k + n * Math.log(mean) - logFactorial(n);
      if (lhs <= rhs) return n;
    }
  }

  /** Binomial(n, p): direct for small n, inversion by sequential search for small n·p, BTPE-free normal fallback
   * avoided — we use the exact "second waiting time" / inversion methods only, so counts are exact in distribution. */
  binomial(n: number, p: number): number {
    if (n <= 0 || p <= 0) return 0;
    if (p >= 1) return n;
    if (p > 0.5) return n - this.binomial(n, 1 - p);
    if (n < 25) {
      let k = 0;
      for (let i = 0; i < n; i++) if (this.prng() < p) k++;
      return k;
    }
    // Inversion from the mode-free start at 0 (exact); expected cost O(n·p), fine for loan groups.
    if (n * p < 500) {
      const q = 1 - p;
      const s = p / q;
      const a = (n + 1) * s;
      let r = q ** n;
      if (r > 0) {
        let u = this.uniform();
        let x = 0;
        while (u > r) {
          u -= r;
          x++;
          if (x > n) {
            // Numerical tail leftover: restart.
            x = 0;
            u = this.uniform();
            r = q ** n;
            continue;
          }
          r *= a / x - s;
        }
        return x;
      }
    }
    // Large n·p: split in halves recursively via the beta-binomial decomposition (exact).
    const half = Math.floor(n / 2);
    return this.binomial(half, p) + this.binomial(n - half, p);
  }

  /** Gamma(shape, 1) by Marsaglia–Tsang. */
  gamma(shape: number): number {
    if (shape < 1) {
      const g = this.gamma(shape + 1);
      return g * this.uniform() ** (1 / shape);
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
      const u = this.uniform();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /** Beta(a, b) from two gammas. */
  beta(a: number, b: number): number {
    const x = this.gamma(a);
    const y = this.gamma(b);
    return x / (x + y);
  }

  /** Raw uniform in [0, 1), for comparisons where 0 is harmless. */
  next(): number {
    return this.prng();
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

/** MurmurHash3's 32-bit finaliser: a bijection of the 32-bit integers with full avalanche. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const TWO_32 = 4294967296;

/**
 * One sub-stream per company of a path, so that a company's fate (outcome, next valuation, stage length, follow-on)
 * depends only on the path and on which deal of the path it was, not on how many draws the companies before it
 * took. Two strategies compared on the same seed then see the same fates for the same deals even where one of them
 * skips a deal the other funds — the common random numbers that paired comparisons rely on (MODEL.md §9).
 *
 * Generator: a Weyl sequence per company (state += odd increment, both from the path key and the deal number)
 * passed through `fmix32`; 32-bit resolution like Alea's. `stream` is one `Stream` whose state is switched to a
 * company by `select`, with each company's spare normal kept apart.
 */
export class CompanyStreams {
  readonly stream: Stream;
  private state = new Uint32Array(256);
  private inc = new Uint32Array(256);
  private spare = new Float64Array(256);
  private current = 0;

  constructor() {
    this.stream = new Stream(() => {
      const c = this.current;
      const x = (this.state[c]! + this.inc[c]!) >>> 0;
      this.state[c] = x;
      return fmix32(x) / TWO_32;
    });
  }

  /** Starts company slot `c` as deal number `deal` of the path whose key is `key` (a 32-bit integer). */
  seed(c: number, key: number, deal: number): void {
    if (c >= this.state.length) this.grow(c + 1);
    const s = fmix32((key ^ fmix32(Math.imul(deal + 1, 0x9e3779b9))) >>> 0);
    this.state[c] = s;
    this.inc[c] = (fmix32((s ^ 0x5bd1e995) >>> 0) | 1) >>> 0;
    this.spare[c] = Number.NaN;
    if (c === this.current) this.stream.spare = Number.NaN;
  }

  /** The stream positioned on company slot `c`. */
  select(c: number): Stream {
    if (c !== this.current) {
      this.spare[this.current] = this.stream.spare;
      this.current = c;
      this.stream.spare = this.spare[c]!;
    }
    return this.stream;
  }

  private grow(n: number): void {
    let size = this.state.length;
    while (size < n) size *= 2;
    const g = <T extends Uint32Array | Float64Array>(a: T, make: (k: number) => T): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.state = g(this.state, (k) => new Uint32Array(k));
    this.inc = g(this.inc, (k) => new Uint32Array(k));
    this.spare = g(this.spare, (k) => new Float64Array(k));
  }
}

/** A 32-bit key drawn from a stream: the root of a path's company sub-streams. */
export function streamKey(rng: Stream): number {
  return Math.floor(rng.next() * TWO_32) >>> 0;
}

/** The generator behind every stream (seedrandom's Alea: fast to seed, fast to draw; see docs/performance.md). */
export function makeStream(key: string): Stream {
  return new Stream(seedrandom.alea(key));
}

/** The stream of path `path` for `label` (the macro factor or a vehicle id) in a run seeded with `seed`. */
export function pathStream(seed: number, path: number, label: string): Stream {
  return makeStream(`${seed}:${path}:${label}`);
}
