/**
 * The company lifecycle (MODEL.md §3): a ladder of stages, each with its time, the chances of advancing or exiting
 * early, the round that opens it, and — on the last stage — the final exit value.
 */
import { z } from "zod";
import { boundedDist } from "./distribution.ts";

const prob = z.number().min(0).max(1);

export const Stage = z
  .strictObject({
    name: z.string().regex(/^[a-z][a-z0-9_]*$/, "stage names are lower-case identifiers"),
    years: boundedDist({ lo: 1, hi: 50, integer: true, what: "years in stage" }).describe("time in the stage"),
    advance: prob.describe("P(raise the next round and move up) at the end of the stage"),
    exit: prob.default(0).describe("P(early trade sale) at the end of the stage"),
    exit_multiple: z.number().nonnegative().default(1).describe("early-exit price as a multiple of post-money"),
    rho: z.number().min(0).lt(1).default(0).describe("loading of failure on the macro factor"),
    post_money: boundedDist({ lo: 0, loOpen: true, what: "post-money valuation" }).describe(
      "valuation of the round that opens the stage (yuan)",
    ),
    round_size: z.number().min(0).lt(1).describe("fraction of post-money raised in the round"),
    recovery: prob.default(0).describe("fraction of cost returned on failure"),
    exit_value: boundedDist({ lo: 0, loOpen: true, what: "exit value" })
      .optional()
      .describe("company value at the final exit (last stage only)"),
    beta: z.number().min(0).max(3).default(0).describe("loading of values on the macro factor"),
  })
  .refine((s) => s.advance + s.exit <= 1 + 1e-12, {
    message: "advance + exit must be ≤ 1 (the rest fail)",
    path: ["exit"],
  });
export type Stage = z.infer<typeof Stage>;

/**
 * Default ladder of the seeds (实验室成果 → 概念验证 → 中试 → 产业化), the one of `scenarios/yuhang-2b.yaml` (sources for
 * each number are in that file's comments), with its early-exit rates and exit-value spread fitted by `gfsim
 * calibrate` so that equity financings through market exits reproduce Correlation Ventures' outcome buckets (65% <1x,
 * 25% 1–5x, 6% 5–10x, 4% ≥10x; 21,000 US financings 2004–2013) within ±5 points — test/calibration.test.ts.
 * Fitted: poc.exit 0.02 → 0.30, pilot.exit 0.05 → 0.12, growth exit_value sigma 1.0 → 0.4 (the Pareto tail kept).
 */
export const DEFAULT_STAGES: z.input<typeof Stage>[] = [
  {
    name: "lab",
    years: 1,
    advance: 0.35,
    exit: 0,
    rho: 0.1,
    post_money: { dist: "lognormal", median: 10_000_000, sigma: 0.5 },
    round_size: 0.3,
  },
  {
    name: "poc",
    years: { dist: "uniform_int", min: 1, max: 2 },
    advance: 0.4,
    exit: 0.3,
    exit_multiple: 1,
    rho: 0.15,
    post_money: { dist: "lognormal", median: 20_000_000, sigma: 0.6 },
    round_size: 0.2,
  },
  {
    name: "pilot",
    years: 2,
    advance: 0.5,
    exit: 0.12,
    exit_multiple: 1,
    rho: 0.2,
    post_money: { dist: "lognormal", median: 80_000_000, sigma: 0.6 },
    round_size: 0.2,
  },
  {
    name: "growth",
    years: { dist: "uniform_int", min: 2, max: 4 },
    advance: 0.6,
    exit: 0,
    rho: 0.25,
    post_money: { dist: "lognormal", median: 300_000_000, sigma: 0.7 },
    round_size: 0.15,
    exit_value: { dist: "lognormal", median: 400_000_000, sigma: 0.4, tail: { quantile: 0.95, alpha: 1.3 } },
    beta: 0.4,
  },
];

export const Lifecycle = z
  .strictObject({ stages: z.array(Stage).min(1).max(12) })
  .superRefine((l, ctx) => {
    const seen = new Set<string>();
    l.stages.forEach((s, i) => {
      if (seen.has(s.name))
        ctx.addIssue({
          code: "custom",
          path: ["stages", i, "name"],
          message: `duplicate stage name "${s.name}"`,
          input: s.name,
        });
      seen.add(s.name);
    });
    const last = l.stages.length - 1;
    if (l.stages[last] && l.stages[last].exit_value === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["stages", last, "exit_value"],
        message: "the last stage needs exit_value (its advance is the final exit)",
      });
  })
  .describe("company lifecycle: stages in order, the last one exiting at exit_value");
export type Lifecycle = z.infer<typeof Lifecycle>;

export const LifecycleWithDefault = Lifecycle.default(() => Lifecycle.parse({ stages: DEFAULT_STAGES }));

/**
 * Ticket at an entry stage: its size — an `amount`, or a target `ownership` of the round's post-money (the usual
 * early-stage rule; drawing amount and valuation independently inflates ownership when a fund's averages are copied)
 * — and whether it is equity or a 补转投 grant.
 */
export const Ticket = z
  .strictObject({
    amount: boundedDist({ lo: 0, loOpen: true, what: "ticket amount" }).optional().describe("yuan per deal"),
    ownership: z
      .number()
      .gt(0)
      .lt(1)
      .optional()
      .describe("target ownership: the ticket is this fraction of the round's post-money (instead of amount)"),
    instrument: z.enum(["equity", "grant"]).default("equity"),
  })
  .superRefine((t, ctx) => {
    if ((t.amount === undefined) === (t.ownership === undefined))
      ctx.addIssue({
        code: "custom",
        path: [t.amount === undefined ? "amount" : "ownership"],
        message: "a ticket needs exactly one of amount (yuan) or ownership (fraction of post-money, in (0, 1))",
      });
  });

export const FollowOn = z
  .strictObject({
    stages: z.array(z.string()).default([]).describe("stages at whose round the fund re-invests"),
    mode: z.enum(["pro_rata", "fixed"]).default("pro_rata"),
    amount: boundedDist({ lo: 0, loOpen: true, what: "follow-on amount" }).optional().describe("for mode fixed"),
  })
  .refine((f) => f.mode !== "fixed" || f.amount !== undefined, {
    message: "mode fixed needs amount",
    path: ["amount"],
  });

/** 容错 — loss tolerance (MODEL.md §4.2). */
export const Tolerance = z.strictObject({
  fund_loss_ratio: prob.default(1).describe("tolerated portfolio loss ratio"),
  by_stage: z.record(z.string(), prob).optional().describe("tolerated loss ratio per entry stage"),
  count_grants: z.boolean().default(false).describe("count unconverted grants as invested cost and losses"),
  assess: z.enum(["final", "annual"]).default("final"),
  on_breach: z.enum(["none", "stop_new"]).default("none"),
  breach_scope: z
    .enum(["fund", "any"])
    .default("fund")
    .describe("which breach on_breach acts on: the fund-level limit, or the fund's or any entry stage's"),
});
