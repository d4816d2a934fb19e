/**
 * Company lifecycle primitives (MODEL.md §3) shared by the transformation fund and angel sub-funds: compiled stage
 * ladders, the end-of-stage outcome under the one-factor copula, factor-loaded values, and the per-company
 * state arrays (structure of arrays, reused across paths) that track ownership tranches so each financing's realised
 * multiple can be reported.
 */
import type { Lifecycle, Stage } from "../scenario/lifecycle.ts";
import { conditionalProbability, normInv } from "./normal.ts";
import type { Stream } from "./rng.ts";
import { compile, type Sampler } from "./sampler.ts";

export interface CompiledStage {
  readonly name: string;
  readonly index: number;
  readonly years: Sampler;
  readonly advance: number;
  readonly exit: number;
  /** P(fail) = 1 − advance − exit and its normal threshold Φ⁻¹(P(fail)). */
  readonly pFail: number;
  readonly failThreshold: number;
  /** Share of survivors that advance (advance and exit keep their ratio). */
  readonly advanceShare: number;
  readonly exitMultiple: number;
  readonly rho: number;
  readonly postMoney: Sampler;
  readonly roundSize: number;
  readonly recovery: number;
  readonly exitValue: Sampler | null;
  readonly beta: number;
}

export function compileStage(s: Stage, index: number): CompiledStage {
  const pFail = Math.max(0, 1 - s.advance - s.exit);
  const survivors = s.advance + s.exit;
  return {
    name: s.name,
    index,
    years: compile(s.years),
    advance: s.advance,
    exit: s.exit,
    pFail,
    failThreshold: normInv(pFail),
    advanceShare: survivors > 0 ? s.advance / survivors : 0,
    exitMultiple: s.exit_multiple,
    rho: s.rho,
    postMoney: compile(s.post_money),
    roundSize: s.round_size,
    recovery: s.recovery,
    exitValue: s.exit_value === undefined ? null : compile(s.exit_value),
    beta: s.beta,
  };
}

export function compileLifecycle(l: Lifecycle): CompiledStage[] {
  return l.stages.map(compileStage);
}

export const OUTCOME_FAIL = 0;
export const OUTCOME_ADVANCE = 1;
export const OUTCOME_EXIT = 2;

/** P(fail | Z_t) of a stage (§2.2). */
export function failProbability(stage: CompiledStage, z: number): number {
  if (stage.pFail <= 0) return 0;
  if (stage.pFail >= 1) return 1;
  return conditionalProbability(stage.failThreshold, stage.rho, z);
}

/** The end-of-stage outcome given the year's factor: fail, advance or early exit. */
export function stageOutcome(stage: CompiledStage, z: number, rng: Stream): number {
  const pf = failProbability(stage, z);
  if (rng.next() < pf) return OUTCOME_FAIL;
  return rng.next() < stage.advanceShare ? OUTCOME_ADVANCE : OUTCOME_EXIT;
}

/** The mean-preserving load of a value on the year's factor: exp(β·Z − β²/2) (MODEL.md §2.2). */
export function valueFactor(beta: number, z: number): number {
  return beta === 0 ? 1 : Math.exp(beta * z - 0.5 * beta * beta);
}

/** A value drawn from `sampler` and loaded on the factor mean-preservingly: × exp(β·Z − β²/2). */
export function loadedValue(sampler: Sampler, beta: number, z: number, rng: Stream): number {
  const v = sampler.sample(rng);
  return beta === 0 ? v : v * Math.exp(beta * z - 0.5 * beta * beta);
}

/** Whole years in a stage (at least 1). */
export function stageYears(stage: CompiledStage, rng: Stream): number {
  return Math.max(1, Math.round(stage.years.sample(rng)));
}

/** Realised-multiple buckets of financings (Correlation Ventures): <1x, 1–5x, 5–10x, ≥10x. */
export const OUTCOME_BUCKETS = [
  "deal_outcomes_lt1x",
  "deal_outcomes_1_5x",
  "deal_outcomes_5_10x",
  "deal_outcomes_ge10x",
] as const;

export function bucketOf(multiple: number): number {
  if (multiple < 1) return 0;
  if (multiple < 5) return 1;
  if (multiple < 10) return 2;
  return 3;
}

/**
 * Ownership tranches of each company: one per financing the investor made (first ticket, follow-ons, a converted
 * grant). A round the investor does not join dilutes every tranche by (1 − round size); at realisation each
 * tranche's share of proceeds gives that financing's multiple.
 */
export class Tranches {
  private cost: Float64Array;
  private own: Float64Array;
  private count: Int32Array;
  constructor(
    private capacity: number,
    private readonly perCompany: number,
  ) {
    this.cost = new Float64Array(capacity * perCompany);
    this.own = new Float64Array(capacity * perCompany);
    this.count = new Int32Array(capacity);
  }
  ensure(companies: number): void {
    if (companies <= this.capacity) return;
    let cap = this.capacity;
    while (cap < companies) cap *= 2;
    const grow = (a: Float64Array) => {
      const b = new Float64Array(cap * this.perCompany);
      b.set(a);
      return b;
    };
    this.cost = grow(this.cost);
    this.own = grow(this.own);
    const c = new Int32Array(cap);
    c.set(this.count);
    this.count = c;
    this.capacity = cap;
  }
  reset(c: number): void {
    this.count[c] = 0;
  }
  add(c: number, cost: number, own: number): void {
    const k = this.count[c]!;
    if (k >= this.perCompany) {
      // Merge into the last tranche rather than overflow (more rounds than stages cannot happen in a ladder).
      const i = c * this.perCompany + k - 1;
      this.cost[i]! += cost;
      this.own[i]! += own;
      return;
    }
    const i = c * this.perCompany + k;
    this.cost[i] = cost;
    this.own[i] = own;
    this.count[c] = k + 1;
  }
  dilute(c: number, factor: number): void {
    const base = c * this.perCompany;
    const k = this.count[c]!;
    for (let j = 0; j < k; j++) this.own[base + j]! *= factor;
  }
  /** Current ownership of the first tranche (a converted grant is always a company's first financing). */
  firstOwn(c: number): number {
    return this.count[c]! > 0 ? this.own[c * this.perCompany]! : 0;
  }
  /** Realises only the first tranche (a buy-back of the converted stake) for `proceeds`. */
  realiseFirst(c: number, proceeds: number, counts: Float64Array): void {
    const i = c * this.perCompany;
    if (this.count[c]! === 0 || this.cost[i]! <= 0) return;
    counts[bucketOf(proceeds / this.cost[i]!)]! += 1;
    this.cost[i] = 0;
    this.own[i] = 0;
  }
  /** Adds each tranche's bucket to `counts` for proceeds `proceeds` of total ownership `totalOwn`. */
  realise(c: number, proceeds: number, totalOwn: number, counts: Float64Array): void {
    const base = c * this.perCompany;
    const k = this.count[c]!;
    for (let j = 0; j < k; j++) {
      const cost = this.cost[base + j]!;
      if (cost <= 0) continue;
      const share = totalOwn > 0 ? this.own[base + j]! / totalOwn : 0;
      counts[bucketOf((proceeds * share) / cost)]! += 1;
    }
    this.count[c] = 0;
  }
}

/**
 * The quantities of a ladder that depend only on the stage and the year's factor Z_t — P(fail | Z_t) and the value
 * factor exp(β·Z_t − β²/2) — computed once per year instead of once per company event. `outcome` and `value` give
 * exactly what `stageOutcome` and `loadedValue` give (same arithmetic, same draws), only faster.
 */
export class StageYear {
  private readonly pFail: Float64Array;
  private readonly factor: Float64Array;
  private readonly beta: Float64Array;
  private readonly advanceShare: Float64Array;
  constructor(size: number) {
    this.pFail = new Float64Array(size);
    this.factor = new Float64Array(size);
    this.beta = new Float64Array(size);
    this.advanceShare = new Float64Array(size);
  }
  /** Prepares the year: `stages` are the rules in force, `z` the year's factor. */
  set(stages: readonly CompiledStage[], z: number): void {
    for (let s = 0; s < stages.length; s++) {
      const stage = stages[s]!;
      const b = stage.beta;
      this.pFail[s] = failProbability(stage, z);
      this.beta[s] = b;
      this.factor[s] = b === 0 ? 1 : Math.exp(b * z - 0.5 * b * b);
      this.advanceShare[s] = stage.advanceShare;
    }
  }
  /** = stageOutcome(stages[s], z, rng). */
  outcome(s: number, rng: Stream): number {
    if (rng.next() < this.pFail[s]!) return OUTCOME_FAIL;
    return rng.next() < this.advanceShare[s]! ? OUTCOME_ADVANCE : OUTCOME_EXIT;
  }
  /** = valueFactor(stages[s].beta, z): the load of an early-exit price or a term-sale NAV in stage s. */
  load(s: number): number {
    return this.factor[s]!;
  }
  /** = loadedValue(sampler, stages[s].beta, z, rng). */
  value(sampler: Sampler, s: number, rng: Stream): number {
    const v = sampler.sample(rng);
    return this.beta[s] === 0 ? v : v * this.factor[s]!;
  }
}
