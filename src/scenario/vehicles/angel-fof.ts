/**
 * Schema of the 天使投资引导基金 — the angel guidance fund of funds of MODEL.md §5: government money committed as a
 * minority LP to angel sub-funds run by private GPs (European waterfall), with a 让利 concession to the private LPs
 * (buy-back of the government stake, or a share of the government's profit) and 容错 loss tolerance. Choices the
 * model leaves open are in `docs/angel-fof.md`.
 */
import { z } from "zod";
import { boundedDist } from "../distribution.ts";
import { FollowOn, LifecycleWithDefault, Ticket, Tolerance } from "../lifecycle.ts";
import { VehicleId } from "./common.ts";

const prob = z.number().min(0).max(1);
const years = z.number().int().min(1).max(50);

/** Policy cap on the government's share of a sub-fund (25–40%, never the largest LP). */
export const MAX_GOV_SHARE = 0.4;

export const SubFunds = z
  .strictObject({
    count: z.number().int().min(1).max(1000).optional().describe("sub-funds formed in year 1 (give count or per_year)"),
    per_year: z
      .number()
      .int()
      .min(1)
      .max(100)
      .optional()
      .describe("sub-funds formed each year from year 1 while the commitment covers another one"),
    size: z.number().positive().max(1e12).describe("committed capital of each sub-fund (yuan, all LPs)"),
    share: z
      .number()
      .gt(0)
      .lt(1)
      .describe("government share of each sub-fund, paid on every call (policy: 25–40%, never the largest LP)"),
    investment_years: years.describe("years in which the sub-fund backs new companies"),
    term_years: years.describe("sub-fund life; remaining holdings are sold at its end"),
    term_discount: z.number().min(0).lt(1).default(0).describe("discount on NAV of the term sale"),
    companies: boundedDist({ lo: 1, hi: 10_000, integer: true, what: "companies per sub-fund" }).describe(
      "companies each sub-fund backs, spread evenly over its investment years",
    ),
    entry_stage: z.string().describe("lifecycle stage at which sub-funds enter"),
    tickets: Ticket.describe("first ticket per company (angel sub-funds invest equity)"),
    reserves: z.number().min(0).lt(1).default(0).describe("share of the sub-fund held back for follow-ons"),
    follow_on: FollowOn.default({ stages: [], mode: "pro_rata" }),
    fees: z
      .strictObject({
        management: z
          .number()
          .min(0)
          .max(0.1)
          .default(0)
          .describe("on committed capital in the investment years, on invested cost held after"),
      })
      .default({ management: 0 }),
    carry: z.number().min(0).max(0.5).default(0.2).describe("GP's share of profit (market practice 20%)"),
    hurdle: z.number().min(0).max(0.5).default(0.08).describe("LP preferred return, compounding from each call"),
    catch_up: z.boolean().default(true).describe("GP takes 100% after the hurdle until it holds carry of all profit"),
    lifecycle: LifecycleWithDefault,
  })
  .superRefine((f, ctx) => {
    if ((f.count === undefined) === (f.per_year === undefined))
      ctx.addIssue({ code: "custom", path: ["count"], message: "give exactly one of count or per_year" });
    if (f.share >= 0.5)
      ctx.addIssue({
        code: "custom",
        path: ["share"],
        input: f.share,
        message:
          "at 50% or more the government would be the largest LP (policy: never the largest LP; 25–40%); must be ≤ 0.4",
      });
    else if (f.share > MAX_GOV_SHARE)
      ctx.addIssue({
        code: "custom",
        path: ["share"],
        input: f.share,
        message: "above the policy range of the government's share of an angel sub-fund (25–40%); must be ≤ 0.4",
      });
    if (f.term_years < f.investment_years)
      ctx.addIssue({
        code: "custom",
        path: ["term_years"],
        message: `must be ≥ investment_years (${f.investment_years})`,
        input: f.term_years,
      });
    const stages = f.lifecycle.stages.map((s) => s.name);
    const known = stages.join(", ");
    if (!stages.includes(f.entry_stage))
      ctx.addIssue({
        code: "custom",
        path: ["entry_stage"],
        message: `unknown stage "${f.entry_stage}"; stages are ${known}`,
        input: f.entry_stage,
      });
    f.follow_on.stages.forEach((s, i) => {
      if (!stages.includes(s))
        ctx.addIssue({
          code: "custom",
          path: ["follow_on", "stages", i],
          message: `unknown stage "${s}"; stages are ${known}`,
          input: s,
        });
    });
    if (f.tickets.ownership !== undefined || f.tickets.amount === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["tickets", "amount"],
        message: "angel sub-fund tickets are sized by amount (ownership tickets are a transformation-fund rule)",
      });
    if (f.tickets.instrument !== "equity")
      ctx.addIssue({
        code: "custom",
        path: ["tickets", "instrument"],
        input: f.tickets.instrument,
        message: "angel sub-funds invest equity; grants (补转投) belong to a transformation_fund",
      });
  })
  .describe("the angel sub-funds the government invests in, all on the same terms");
export type SubFunds = z.infer<typeof SubFunds>;

/** 让利 — what the government gives up to attract private LPs. */
export const Concession = z
  .discriminatedUnion("mode", [
    z.strictObject({ mode: z.literal("none") }),
    z.strictObject({
      mode: z.literal("buyback"),
      free_years: z
        .number()
        .int()
        .min(0)
        .max(50)
        .default(3)
        .describe("years in which the stake is sold at net paid-in"),
      rate: z.number().min(0).max(0.5).default(0.031).describe("simple yearly rate after free_years (1-year LPR 3.1%)"),
    }),
    z.strictObject({
      mode: z.literal("profit_share"),
      share: prob.describe("share of the government's profit above the hurdle passed to private LPs"),
      hurdle: z.number().min(0).max(0.5).default(0).describe("rate the government keeps first (e.g. 1-year LPR)"),
    }),
  ])
  .describe("让利: buy-back of the government stake, a share of its profit, or none");
export type Concession = z.infer<typeof Concession>;

export const AngelFof = z
  .strictObject({
    id: VehicleId,
    kind: z.literal("angel_fof"),
    commitment: z.number().positive().max(1e13).describe("government money committed to the programme (yuan)"),
    subfunds: SubFunds,
    concession: Concession.default({ mode: "none" }),
    tolerance: Tolerance.default({
      fund_loss_ratio: 0.6,
      count_grants: false,
      assess: "final",
      on_breach: "none",
      breach_scope: "fund",
    }),
  })
  .superRefine((v, ctx) => {
    const { count, size, share } = v.subfunds;
    const perFund = size * share;
    if (count !== undefined && count * perFund > v.commitment * (1 + 1e-12))
      ctx.addIssue({
        code: "custom",
        path: ["subfunds", "count"],
        input: count,
        message: `subfunds.count × subfunds.size × subfunds.share = ${count * perFund} exceeds commitment (${v.commitment}); at most ${Math.floor(v.commitment / perFund + 1e-9)} sub-funds fit`,
      });
    if (v.subfunds.per_year !== undefined && perFund > v.commitment * (1 + 1e-12))
      ctx.addIssue({
        code: "custom",
        path: ["subfunds", "size"],
        input: size,
        message: `subfunds.size × subfunds.share = ${perFund} exceeds commitment (${v.commitment}): no sub-fund can be formed`,
      });
    const stages = v.subfunds.lifecycle.stages.map((s) => s.name);
    for (const stage of Object.keys(v.tolerance.by_stage ?? {}))
      if (!stages.includes(stage))
        ctx.addIssue({
          code: "custom",
          path: ["tolerance", "by_stage", stage],
          message: `unknown stage "${stage}"; stages are ${stages.join(", ")}`,
        });
    if (v.tolerance.count_grants)
      ctx.addIssue({
        code: "custom",
        path: ["tolerance", "count_grants"],
        message: "angel sub-funds make no grants; leave count_grants false",
      });
  })
  .describe("天使投资引导基金 — angel guidance fund of funds");
export type AngelFof = z.infer<typeof AngelFof>;
