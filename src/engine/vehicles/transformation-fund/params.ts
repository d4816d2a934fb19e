/**
 * Compiled parameters of a transformation fund for one year (rule `changes` give one version per year): samplers
 * built once, stage names resolved to indices, defaults of practice filled in.
 */
import { DEFAULT_STAGE_TOLERANCE } from "../../../scenario/plain.ts";
import type { TransformationFund } from "../../../scenario/vehicles/transformation-fund.ts";
import { type CompiledStage, compileLifecycle } from "../../lifecycle.ts";
import { compile, type Sampler } from "../../sampler.ts";

export interface FundParams {
  readonly stages: CompiledStage[];
  readonly size: number;
  readonly govShare: number;
  readonly instalments: number[] | null;
  readonly deployTrigger: number;
  readonly investmentYears: number;
  readonly termYears: number;
  readonly termDiscount: number;
  readonly feeRate: number;
  readonly dealsPerYear: Sampler;
  /** Cumulative entry weights over stage indices (0 where a stage has no weight). */
  readonly entryCum: Float64Array;
  /** Ticket amount sampler per stage; null where the stage has no ticket or its ticket is sized by ownership. */
  readonly ticketAmount: (Sampler | null)[];
  /** Target ownership of the round's post-money per stage; NaN where the ticket is sized by amount or absent. */
  readonly ticketOwnership: Float64Array;
  readonly ticketGrant: boolean[];
  readonly projectLimit: number;
  readonly reserves: number;
  readonly followOnAt: boolean[];
  readonly followFixed: Sampler | null;
  readonly conversion: TransformationFund["conversion"];
  readonly toleranceLimit: number;
  /** Per entry stage limit, NaN where none applies. */
  readonly stageLimit: Float64Array;
  readonly countGrants: boolean;
  readonly annual: boolean;
  readonly stopNew: boolean;
  /** on_breach acts on any breach (the fund's or a stage's), not only the fund-level limit. */
  readonly breachAny: boolean;
}

export function compileFundParams(f: TransformationFund): FundParams {
  const stages = compileLifecycle(f.lifecycle);
  const entryCum = new Float64Array(stages.length);
  let acc = 0;
  for (const s of stages) {
    acc += f.deal_flow.entry_mix[s.name] ?? 0;
    entryCum[s.index] = acc;
  }
  for (let i = 0; i < stages.length; i++) entryCum[i] = entryCum[i]! / acc;
  const stageLimit = new Float64Array(stages.length).fill(Number.NaN);
  for (const s of stages) {
    const given = f.tolerance.by_stage?.[s.name];
    stageLimit[s.index] = given ?? DEFAULT_STAGE_TOLERANCE[s.name] ?? Number.NaN;
  }
  const followOnAt = stages.map((s) => f.follow_on.stages.includes(s.name));
  return {
    stages,
    size: f.size,
    govShare: f.government_share,
    instalments: f.capital_calls?.instalments ?? null,
    deployTrigger: f.capital_calls?.deploy_trigger ?? 0,
    investmentYears: f.investment_years,
    termYears: f.term_years,
    termDiscount: f.term_discount,
    feeRate: f.fees.management,
    dealsPerYear: compile(f.deal_flow.per_year),
    entryCum,
    ticketAmount: stages.map((s) => {
      const amount = f.tickets[s.name]?.amount;
      return amount === undefined ? null : compile(amount);
    }),
    ticketOwnership: Float64Array.from(stages, (s) => f.tickets[s.name]?.ownership ?? Number.NaN),
    ticketGrant: stages.map((s) => f.tickets[s.name]?.instrument === "grant"),
    projectLimit: Math.min(f.limits.single_project_share * f.size, f.limits.single_project_cap),
    reserves: f.reserves,
    followOnAt,
    followFixed: f.follow_on.mode === "fixed" && f.follow_on.amount !== undefined ? compile(f.follow_on.amount) : null,
    conversion: f.conversion,
    toleranceLimit: f.tolerance.fund_loss_ratio,
    stageLimit,
    countGrants: f.tolerance.count_grants,
    annual: f.tolerance.assess === "annual",
    stopNew: f.tolerance.on_breach === "stop_new",
    breachAny: f.tolerance.breach_scope === "any",
  };
}
