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

class NormalSampler implements Sampler {
  readonly fixed = false;
  readonly mean: number;
  constructor(
    private readonly mu: number,
    private readonly sd: number,
    private readonly lo: number,
    private readonly hi: number,
  ) {
    // Mean of the truncated normal.
    if (sd === 0 || (lo === Number.NEGATIVE_INFINITY && hi === Number.POSITIVE_INFINITY)) this.mean = mu;
    else {
      const a = (lo - mu) / sd;
      const b = (hi - mu) / sd;
      const phi = (x: number) => (Number.isFinite(x) ? Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI) : 0);
      const z = cdf(b) - cdf(a);
      this.mean = mu + (sd * (phi(a) - phi(b))) / z;
    }
  }
  sample(rng: Stream): number {
    for (let i = 0; i < 10_000; i++) {
      const x = this.mu + this.sd * rng.normal();
      if (x >= this.lo && x <= this.hi) return x;
    }
    return Math.min(this.hi, Math.max(this.lo, this.mu));
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
