/**
 * Compiled samplers: a validated distribution becomes a small object with `sample(stream)` and its analytic
 * `mean`, so hot loops draw without re-reading the scenario. Lognormal bodies may carry a Pareto tail.
 */
import type { Dist } from "../scenario/distribution.ts";
import { fastExp } from "./fast-exp.ts";
import { normCdf as cdf, normInv } from "./normal.ts";
import type { Stream } from "./rng.ts";

export interface Sampler {
  sample(rng: Stream): number;
  /** Analytic mean (NaN where it does not exist). */
  readonly mean: number;
  /** True when every draw is the same number (lets engines skip drawing). */
  readonly fixed: boolean;
}

class FixedSampler implements Sampler {
  readonly fixed = true;
  constructor(readonly mean: number) {}
  sample(): number {
    return this.mean;
  }
}

class UniformSampler implements Sampler {
  readonly fixed = false;
  readonly mean: number;
  constructor(
    private readonly lo: number,
    private readonly hi: number,
  ) {
    this.mean = (lo + hi) / 2;
  }
  sample(rng: Stream): number {
    return this.lo + (this.hi - this.lo) * rng.next();
  }
}

class UniformIntSampler implements Sampler {
  readonly fixed = false;
  readonly mean: number;
  constructor(
    private readonly lo: number,
    private readonly hi: number,
  ) {
    this.mean = (lo + hi) / 2;
  }
  sample(rng: Stream): number {
    return rng.int(this.lo, this.hi);
  }
}

/**
 * Normal, optionally truncated to [lo, hi]. A truncated draw is exact by inversion on the truncated interval,
 * x = μ + σ·Φ⁻¹(Φ(a) + u·(Φ(b) − Φ(a))), worked on the side of the mean where the interval lies (Φ(−a) − … when
 * a > 0) so a far tail keeps its precision — no rejection loop that gives up and returns a bound.
 */
class NormalSampler implements Sampler {
  readonly fixed = false;
  readonly mean: number;
  private readonly truncated: boolean;
  /** Interval in standard units, reflected (−b, −a) when it lies above the mean; `flip` is then −1. */
  private readonly flip: number;
  private readonly cdfLo: number;
  private readonly cdfWidth: number;
  constructor(
    private readonly mu: number,
    private sd: number,
    lo: number,
    hi: number,
  ) {
    const a = sd > 0 ? (lo - mu) / sd : 0;
    const b = sd > 0 ? (hi - mu) / sd : 0;
    // Beyond ~38 sd the interval's probability underflows: the draw is then the bound nearest the mean.
    const degenerate = sd > 0 && cdf(a > 0 ? -a : b) - cdf(a > 0 ? -b : a) <= 0;
    if (degenerate) sd = 0;
    this.truncated = sd > 0 && (lo !== Number.NEGATIVE_INFINITY || hi !== Number.POSITIVE_INFINITY);
    this.flip = a > 0 ? -1 : 1;
    const [ra, rb] = a > 0 ? [-b, -a] : [a, b];
    this.cdfLo = cdf(ra);
    this.cdfWidth = cdf(rb) - this.cdfLo;
    // Mean of the truncated normal.
    if (!this.truncated) this.mean = sd === 0 ? Math.min(hi, Math.max(lo, mu)) : mu;
    else {
      const phi = (x: number) => (Number.isFinite(x) ? Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI) : 0);
      this.mean = mu + (this.flip * sd * (phi(ra) - phi(rb))) / this.cdfWidth;
    }
  }
  sample(rng: Stream): number {
    if (!this.truncated) return this.sd === 0 ? this.mean : this.mu + this.sd * rng.normal();
    const z = normInv(this.cdfLo + rng.next() * this.cdfWidth);
    return this.mu + this.sd * this.flip * z;
  }
}

class LognormalSampler implements Sampler {
  readonly fixed = false;
  readonly mean: number;
  private readonly mu: number;
  private readonly tailZ: number;
  private readonly tailScale: number;
  private readonly tailAlpha: number;
  private readonly tailQ: number;
  constructor(
    mu: number,
    private readonly sigma: number,
    tail?: { quantile: number; alpha: number },
  ) {
    this.mu = mu;
    const bodyMean = Math.exp(mu + (sigma * sigma) / 2);
    if (tail) {
      this.tailQ = tail.quantile;
      this.tailZ = normInv(tail.quantile);
      this.tailScale = Math.exp(mu + sigma * this.tailZ);
      this.tailAlpha = tail.alpha;
      // Mean: body truncated below the quantile, plus the Pareto tail's mean times its weight.
      const truncatedBody = bodyMean * cdf(this.tailZ - sigma);
      const tailMean = (1 - tail.quantile) * ((tail.alpha * this.tailScale) / (tail.alpha - 1));
      this.mean = truncatedBody + tailMean;
    } else {
      this.tailQ = 1;
      this.tailZ = Number.POSITIVE_INFINITY;
      this.tailScale = 0;
      this.tailAlpha = 0;
      this.mean = bodyMean;
    }
  }
  sample(rng: Stream): number {
    const z = rng.normal();
    if (z <= this.tailZ) return fastExp(this.mu + this.sigma * z);
    // Above the quantile: Pareto(scale = body quantile, alpha). Conditional tail probability from z itself keeps
    // one draw per sample: u = (Φ(z) − q)/(1 − q) is uniform on (0,1) given z > z_q.
    const u = (cdf(z) - this.tailQ) / (1 - this.tailQ);
    return this.tailScale * (1 - Math.min(u, 1 - 1e-16)) ** (-1 / this.tailAlpha);
  }
}

class BetaSampler implements Sampler {
  readonly fixed = false;
  readonly mean: number;
  private readonly a: number;
  private readonly b: number;
  constructor(mean: number, sd: number) {
    const k = (mean * (1 - mean)) / (sd * sd) - 1;
    this.a = mean * k;
    this.b = (1 - mean) * k;
    this.mean = mean;
  }
  sample(rng: Stream): number {
    return rng.beta(this.a, this.b);
  }
}

class ParetoSampler implements Sampler {
  readonly fixed = false;
  readonly mean: number;
  constructor(
    private readonly scale: number,
    private readonly alpha: number,
  ) {
    this.mean = alpha > 1 ? (alpha * scale) / (alpha - 1) : Number.POSITIVE_INFINITY;
  }
  sample(rng: Stream): number {
    return this.scale * rng.uniform() ** (-1 / this.alpha);
  }
}

class PoissonSampler implements Sampler {
  readonly fixed = false;
  constructor(readonly mean: number) {}
  sample(rng: Stream): number {
    return rng.poisson(this.mean);
  }
}

class EmpiricalSampler implements Sampler {
  readonly fixed: boolean;
  readonly mean: number;
  private readonly cum: Float64Array;
  constructor(
    private readonly values: number[],
    weights: number[] | undefined,
  ) {
    const w = weights ?? values.map(() => 1);
    const total = w.reduce((s, x) => s + x, 0);
    this.cum = new Float64Array(values.length);
    let acc = 0;
    let mean = 0;
    for (let i = 0; i < values.length; i++) {
      acc += w[i]! / total;
      this.cum[i] = acc;
      mean += (values[i]! * w[i]!) / total;
    }
    this.cum[values.length - 1] = 1;
    this.mean = mean;
    this.fixed = values.length === 1;
  }
  sample(rng: Stream): number {
    const u = rng.next();
    const cum = this.cum;
    let i = 0;
    while (u >= cum[i]!) i++;
    return this.values[i]!;
  }
}

/** Turn a validated distribution (or bare number) into a sampler. */
export function compile(d: Dist): Sampler {
  if (typeof d === "number") return new FixedSampler(d);
  switch (d.dist) {
    case "fixed":
      return new FixedSampler(d.value);
    case "uniform":
      return new UniformSampler(d.min, d.max);
    case "uniform_int":
      return new UniformIntSampler(d.min, d.max);
    case "normal":
      return new NormalSampler(d.mean, d.sd, d.min ?? Number.NEGATIVE_INFINITY, d.max ?? Number.POSITIVE_INFINITY);
    case "lognormal": {
      if (d.median !== undefined && d.sigma !== undefined)
        return new LognormalSampler(Math.log(d.median), d.sigma, d.tail);
      const m = d.mean!;
      const s = d.sd!;
      const sigma2 = Math.log(1 + (s * s) / (m * m));
      return new LognormalSampler(Math.log(m) - sigma2 / 2, Math.sqrt(sigma2), d.tail);
    }
    case "beta":
      return new BetaSampler(d.mean, d.sd);
    case "pareto":
      return new ParetoSampler(d.scale, d.alpha);
    case "poisson":
      return new PoissonSampler(d.mean);
    case "empirical":
      return new EmpiricalSampler(d.values, d.weights);
  }
}
