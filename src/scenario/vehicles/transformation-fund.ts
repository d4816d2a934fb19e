/** Schema of the 科技成果转化基金 — the transformation fund of MODEL.md §4 (with 补转投 §4.1 and 容错 §4.2). */
import { z } from "zod";
import { boundedDist } from "../distribution.ts";
import { FollowOn, LifecycleWithDefault, Ticket, Tolerance } from "../lifecycle.ts";
import { VehicleId } from "./common.ts";

const prob = z.number().min(0).max(1);
const years = z.number().int().min(1).max(50);

export const Conversion = z
  .strictObject({
    trigger: z.enum(["next_round", "immediate"]).default("next_round"),
    window_years: years.default(5),
    basis: z.enum(["next_round_price", "fixed_ratio"]).default("next_round_price"),
    discount: z.number().min(0).lt(1).default(0),
    cap: z.number().positive().optional().describe("valuation cap on the conversion price (yuan)"),
    ratio: z.number().gt(0).max(1).optional().describe("ownership agreed at the grant (basis fixed_ratio)"),
    co_funding: z.number().min(0).max(10).default(0).describe("partner money per grant yuan"),
    exit: z.enum(["market", "buyback"]).default("market"),
    buyback: z.strictObject({ years: years, rate: z.number().min(0).max(1) }).optional(),
  })
  .superRefine((c, ctx) => {
    if (c.basis === "fixed_ratio" && c.ratio === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["ratio"],
        message: "basis fixed_ratio needs ratio (ownership fraction in (0, 1])",
      });
    if (c.exit === "buyback" && c.buyback === undefined)
      ctx.addIssue({ code: "custom", path: ["buyback"], message: "exit buyback needs buyback: {years, rate}" });
  })
  .describe("补转投: how grants convert to equity");

export const TransformationFund = z
  .strictObject({
    id: VehicleId,
    kind: z.literal("transformation_fund"),
    size: z.number().positive().describe("committed capital (yuan)"),
    government_share: prob.default(1),
    capital_calls: z
      .strictObject({
        instalments: z.array(z.number().gt(0).max(1)).min(1),
        deploy_trigger: prob.default(0.7),
      })
      .refine((c) => Math.abs(c.instalments.reduce((s, x) => s + x, 0) - 1) < 1e-9, {
        message: "instalments must sum to 1",
        path: ["instalments"],
      })
      .optional(),
    investment_years: years,
    term_years: years,
    term_discount: z.number().min(0).lt(1).default(0),
    fees: z.strictObject({ management: z.number().min(0).max(0.1).default(0) }).default({ management: 0 }),
    deal_flow: z.strictObject({
      per_year: boundedDist({ lo: 0, hi: 100_000, what: "deals per year" }),
      entry_mix: z.record(z.string(), z.number().min(0)),
    }),
    tickets: z.record(z.string(), Ticket),
    limits: z
      .strictObject({
        single_project_share: z.number().gt(0).max(1).default(0.1),
        single_project_cap: z.number().positive().default(50_000_000),
      })
      .default({ single_project_share: 0.1, single_project_cap: 50_000_000 }),
    reserves: z.number().min(0).lt(1).default(0),
    follow_on: FollowOn.default({ stages: [], mode: "pro_rata" }),
    conversion: Conversion.default({
      trigger: "next_round",
      window_years: 5,
      basis: "next_round_price",
      discount: 0,
      co_funding: 0,
      exit: "market",
    }),
    tolerance: Tolerance.default({
      fund_loss_ratio: 1,
      count_grants: false,
      assess: "final",
      on_breach: "none",
      breach_scope: "fund",
    }),
    lifecycle: LifecycleWithDefault,
  })
  .superRefine((f, ctx) => {
    const stages = new Set(f.lifecycle.stages.map((s) => s.name));
    const known = [...stages].join(", ");
    if (f.term_years < f.investment_years)
      ctx.addIssue({
        code: "custom",
        path: ["term_years"],
        message: `must be ≥ investment_years (${f.investment_years})`,
        input: f.term_years,
      });
    const mix = Object.entries(f.deal_flow.entry_mix);
    const total = mix.reduce((s, [, w]) => s + w, 0);
    if (Math.abs(total - 1) > 1e-6)
      ctx.addIssue({
        code: "custom",
        path: ["deal_flow", "entry_mix"],
        message: `weights must sum to 1 (they sum to ${total})`,
      });
    for (const [stage, w] of mix) {
      if (!stages.has(stage))
        ctx.addIssue({
          code: "custom",
          path: ["deal_flow", "entry_mix", stage],
          message: `unknown stage "${stage}"; stages are ${known}`,
          input: w,
        });
      else if (w > 0 && !f.tickets[stage])
        ctx.addIssue({
          code: "custom",
          path: ["tickets", stage],
          message: `entry stage "${stage}" has weight ${w} but no ticket`,
        });
    }
    for (const stage of Object.keys(f.tickets))
      if (!stages.has(stage))
        ctx.addIssue({
          code: "custom",
          path: ["tickets", stage],
          message: `unknown stage "${stage}"; stages are ${known}`,
        });
    f.follow_on.stages.forEach((s, i) => {
      if (!stages.has(s))
        ctx.addIssue({
          code: "custom",
          path: ["follow_on", "stages", i],
          message: `unknown stage "${s}"; stages are ${known}`,
          input: s,
        });
    });
    for (const stage of Object.keys(f.tolerance.by_stage ?? {}))
      if (!stages.has(stage))
        ctx.addIssue({
          code: "custom",
          path: ["tolerance", "by_stage", stage],
          message: `unknown stage "${stage}"; stages are ${known}`,
        });
    const last = f.lifecycle.stages.at(-1)?.name;
    if (f.tickets[last ?? ""]?.instrument === "grant" && f.conversion.trigger === "next_round")
      ctx.addIssue({
        code: "custom",
        path: ["tickets", last ?? ""],
        message: "a grant at the last stage can never convert on next_round",
      });
  })
  .describe("科技成果转化基金 — transformation fund investing directly in staged projects");
export type TransformationFund = z.infer<typeof TransformationFund>;
