/**
 * Compiled parameters of an angel fund of funds, one version per year (rule `changes`), and the formation schedule
 * of its sub-funds. A sub-fund keeps the terms in force in its formation year for its whole life (a signed
 * partnership agreement), so changes reach only sub-funds formed after them.
 */
import type { AngelFof } from "../../../scenario/vehicles/angel-fof.ts";
import { type CompiledStage, compileLifecycle } from "../../lifecycle.ts";
import type { FollowOnRule } from "../../portfolio.ts";
import { compile, type Sampler } from "../../sampler.ts";
import type { WaterfallTerms } from "./waterfall.ts";

export const CONCESSION_NONE = 0;
export const CONCESSION_BUYBACK = 1;
export const CONCESSION_PROFIT_SHARE = 2;

export interface AngelParams {
  readonly stages: CompiledStage[];
  readonly entry: number;
  readonly commitment: number;
  readonly count: number | null;
  readonly perYear: number | null;
  readonly size: number;
  readonly share: number;
  readonly investmentYears: number;
  readonly termYears: number;
  readonly termDiscount: number;
  readonly companies: Sampler;
  readonly ticket: Sampler;
  readonly initialBudget: number;
  readonly follow: FollowOnRule;
  readonly feeRate: number;
  readonly terms: WaterfallTerms;
  readonly concession: number;
  readonly freeYears: number;
  readonly buybackRate: number;
  readonly profitShare: number;
  readonly profitHurdle: number;
  /** Loss-ratio limit: the fund-level one, or the entry stage's `by_stage` limit when lower. */
  readonly toleranceLimit: number;
  readonly annual: boolean;
  readonly stopNew: boolean;
}

export function compileAngelParams(v: AngelFof): AngelParams {
  const f = v.subfunds;
  const stages = compileLifecycle(f.lifecycle);
  const entry = stages.findIndex((s) => s.name === f.entry_stage);
  const c = v.concession;
  const stageLimit = v.tolerance.by_stage?.[f.entry_stage];
  return {
    stages,
    entry,
    commitment: v.commitment,
    count: f.count ?? null,
    perYear: f.per_year ?? null,
    size: f.size,
    share: f.share,
    investmentYears: f.investment_years,
    termYears: f.term_years,
    termDiscount: f.term_discount,
    companies: compile(f.companies),
    ticket: compile(f.tickets.amount ?? 0),
    initialBudget: (1 - f.reserves) * f.size,
    follow: {
      at: stages.map((s) => f.follow_on.stages.includes(s.name)),
      fixed: f.follow_on.mode === "fixed" && f.follow_on.amount !== undefined ? compile(f.follow_on.amount) : null,
    },
    feeRate: f.fees.management,
    terms: { carry: f.carry, hurdle: f.hurdle, catchUp: f.catch_up },
    concession:
      c.mode === "buyback" ? CONCESSION_BUYBACK : c.mode === "profit_share" ? CONCESSION_PROFIT_SHARE : CONCESSION_NONE,
    freeYears: c.mode === "buyback" ? c.free_years : 0,
    buybackRate: c.mode === "buyback" ? c.rate : 0,
    profitShare: c.mode === "profit_share" ? c.share : 0,
    profitHurdle: c.mode === "profit_share" ? c.hurdle : 0,
    toleranceLimit: Math.min(v.tolerance.fund_loss_ratio, stageLimit ?? Number.POSITIVE_INFINITY),
    annual: v.tolerance.assess === "annual",
    stopNew: v.tolerance.on_breach === "stop_new",
  };
}

/** A sub-fund to be formed: its formation year (vintage) and the parameter version it keeps. */
export interface Formation {
  readonly vintage: number;
  readonly params: AngelParams;
}

/**
 * The sub-funds formed over the horizon: `count` in year 1, or `per_year` each year while the government's
 * remaining commitment covers another sub-fund's share (size × share). Deterministic; `stop_new` may cut it short.
 */
export function formationSchedule(P: readonly AngelParams[], horizon: number): Formation[] {
  const out: Formation[] = [];
  let committed = 0;
  for (let t = 1; t <= horizon; t++) {
    const p = P[t - 1]!;
    const perFund = p.size * p.share;
    const wanted = p.count !== null ? (t === 1 ? p.count : 0) : p.perYear!;
    for (let i = 0; i < wanted; i++) {
      if (committed + perFund > p.commitment * (1 + 1e-12)) break;
      committed += perFund;
      out.push({ vintage: t, params: p });
    }
  }
  return out;
}
