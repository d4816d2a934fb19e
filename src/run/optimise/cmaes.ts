/**
 * CMA-ES (Hansen, "The CMA Evolution Strategy: A Tutorial", 2016, with its default parameters) in the unit cube: a
 * derivative-free search that adapts a full covariance to the landscape and only uses the ranks of the fitness
 * values, so plateaus (choices, whole numbers, a constraint that is met or not) and Monte Carlo steps do not
 * mislead it. Box bounds are handled by repair: a sampled point is clamped into [0,1]^d and the update uses the
 * clamped point. No npm package of this kind is maintained, hence this small implementation (ask/tell: the caller
 * evaluates a generation's points however it likes — in parallel — and reports lower-is-better fitness).
 */

/** Eigen decomposition of a symmetric matrix by cyclic Jacobi rotations: C = B·diag(values)·Bᵀ. */
export function symmetricEigen(c: number[][]): { values: number[]; vectors: number[][] } {
  const n = c.length;
  const a = c.map((r) => [...r]);
  const v = identity(n);
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += a[i]![j]! ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++)
      for (let q = p + 1; q < n; q++) {
        const apq = a[p]![q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q]![q]! - a[p]![p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const cs = 1 / Math.sqrt(t * t + 1);
        const sn = t * cs;
        for (let k = 0; k < n; k++) {
          const akp = a[k]![p]!;
          const akq = a[k]![q]!;
          a[k]![p] = cs * akp - sn * akq;
          a[k]![q] = sn * akp + cs * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p]![k]!;
          const aqk = a[q]![k]!;
          a[p]![k] = cs * apk - sn * aqk;
          a[q]![k] = sn * apk + cs * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k]![p]!;
          const vkq = v[k]![q]!;
          v[k]![p] = cs * vkp - sn * vkq;
          v[k]![q] = sn * vkp + cs * vkq;
        }
      }
  }
  return { values: a.map((r, i) => r[i]!), vectors: v };
}

export interface CmaesOptions {
  /** Start point in [0,1]^d. */
  mean: number[];
  /** Initial step size (in unit-cube coordinates). */
  sigma: number;
  /** Uniform [0,1) generator (seeded: the search is reproducible). */
  rng: () => number;
  /** Population size (default 4 + ⌊3 ln d⌋). */
  lambda?: number;
}

export class Cmaes {
  readonly n: number;
  readonly lambda: number;
  private readonly mu: number;
  private readonly weights: number[];
  private readonly mueff: number;
  private readonly cc: number;
  private readonly cs: number;
  private readonly c1: number;
  private readonly cmu: number;
  private readonly damps: number;
  private readonly chiN: number;
  private readonly rng: () => number;
  mean: number[];
  sigma: number;
  private c: number[][];
  private b: number[][];
  private d: number[];
  private pc: number[];
  private ps: number[];
  private generation = 0;
  private spare: number | undefined;

  constructor(opts: CmaesOptions) {
    const n = opts.mean.length;
    this.n = n;
    this.rng = opts.rng;
    this.lambda = opts.lambda ?? 4 + Math.floor(3 * Math.log(n));
    this.mu = Math.floor(this.lambda / 2);
    const raw = Array.from({ length: this.mu }, (_, i) => Math.log(this.mu + 0.5) - Math.log(i + 1));
    const sum = raw.reduce((s, w) => s + w, 0);
    this.weights = raw.map((w) => w / sum);
    this.mueff = 1 / this.weights.reduce((s, w) => s + w * w, 0);
    const me = this.mueff;
    this.cc = (4 + me / n) / (n + 4 + (2 * me) / n);
    this.cs = (me + 2) / (n + me + 5);
    this.c1 = 2 / ((n + 1.3) ** 2 + me);
    this.cmu = Math.min(1 - this.c1, (2 * (me - 2 + 1 / me)) / ((n + 2) ** 2 + me));
    this.damps = 1 + 2 * Math.max(0, Math.sqrt((me - 1) / (n + 1)) - 1) + this.cs;
    this.chiN = Math.sqrt(n) * (1 - 1 / (4 * n) + 1 / (21 * n * n));
    this.mean = [...opts.mean];
    this.sigma = opts.sigma;
    this.c = identity(n);
    this.b = identity(n);
    this.d = new Array<number>(n).fill(1);
    this.pc = new Array<number>(n).fill(0);
    this.ps = new Array<number>(n).fill(0);
  }

  private normal(): number {
    if (this.spare !== undefined) {
      const s = this.spare;
      this.spare = undefined;
      return s;
    }
    const u = 1 - this.rng();
    const v = this.rng();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** The next generation's λ points, clamped into [0,1]^d. */
  ask(): number[][] {
    return Array.from({ length: this.lambda }, () => {
      const z = Array.from({ length: this.n }, () => this.normal());
      const y = this.b.map((row) => row.reduce((s, bij, j) => s + bij * this.d[j]! * z[j]!, 0));
      return this.mean.map((m, i) => Math.min(1, Math.max(0, m + this.sigma * y[i]!)));
    });
  }

  /** Updates the distribution from the generation's points and their fitness (lower is better). */
  tell(points: number[][], fitness: number[]): void {
    const n = this.n;
    const order = fitness.map((f, i) => ({ f, i })).sort((a, b) => a.f - b.f || a.i - b.i);
    const ys = order.slice(0, this.mu).map(({ i }) => points[i]!.map((x, k) => (x - this.mean[k]!) / this.sigma));
    const yw = new Array<number>(n).fill(0);
    ys.forEach((y, r) => {
      for (let k = 0; k < n; k++) yw[k]! += this.weights[r]! * y[k]!;
    });
    this.mean = this.mean.map((m, k) => Math.min(1, Math.max(0, m + this.sigma * yw[k]!)));
    // C^{-1/2}·yw = B·D⁻¹·Bᵀ·yw
    const bt = this.b[0]!.map((_, j) => this.b.reduce((s, row, i) => s + row[j]! * yw[i]!, 0) / this.d[j]!);
    const cInvSqrtYw = this.b.map((row) => row.reduce((s, bij, j) => s + bij * bt[j]!, 0));
    const fs = Math.sqrt(this.cs * (2 - this.cs) * this.mueff);
    this.ps = this.ps.map((p, k) => (1 - this.cs) * p + fs * cInvSqrtYw[k]!);
    const psNorm = Math.sqrt(this.ps.reduce((s, p) => s + p * p, 0));
    this.generation++;
    const hsig = psNorm / Math.sqrt(1 - (1 - this.cs) ** (2 * this.generation)) / this.chiN < 1.4 + 2 / (n + 1) ? 1 : 0;
    const fc = Math.sqrt(this.cc * (2 - this.cc) * this.mueff);
    this.pc = this.pc.map((p, k) => (1 - this.cc) * p + hsig * fc * yw[k]!);
    const keep = 1 - this.c1 - this.cmu;
    const corr = (1 - hsig) * this.cc * (2 - this.cc);
    for (let i = 0; i < n; i++)
      for (let j = 0; j <= i; j++) {
        let rankMu = 0;
        ys.forEach((y, r) => {
          rankMu += this.weights[r]! * y[i]! * y[j]!;
        });
        const v =
          keep * this.c[i]![j]! + this.c1 * (this.pc[i]! * this.pc[j]! + corr * this.c[i]![j]!) + this.cmu * rankMu;
        this.c[i]![j] = v;
        this.c[j]![i] = v;
      }
    this.sigma = Math.min(1, this.sigma * Math.exp((this.cs / this.damps) * (psNorm / this.chiN - 1)));
    const { values, vectors } = symmetricEigen(this.c);
    this.b = vectors;
    this.d = values.map((v) => Math.sqrt(Math.max(v, 1e-20)));
  }
}

function identity(n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j): number => (i === j ? 1 : 0)));
}
