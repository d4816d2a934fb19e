/**
 * Schema of the 科技企业债权融资风险补偿资金池 — the loan risk-compensation pool of MODEL.md §6: who paid the pool in,
 * the lending programme of the cooperating banks, how a default is shared, the circuit breaker (熔断) and the
 * replenishment rule. Timing and other choices the model leaves open are in `docs/risk-pool.md`.
 */
import { z } from "zod";
import { boundedDist } from "../distribution.ts";
import { VehicleId } from "./common.ts";

const prob = z.number().min(0).max(1);
const money = z.number().min(0).max(1e13);

export const LOAN_TYPES = ["credit", "first_loan", "pledged"] as const;
export type LoanType = (typeof LOAN_TYPES)[number];

export const LoanSegment = z
  .strictObject({
    per_year: boundedDist({ lo: 0, hi: 1_000_000, integer: true, what: "loans per year" }).describe(
      "new loans per year (fixed or Poisson)",
    ),
    amount: boundedDist({ lo: 0, loOpen: true, hi: 1e11, what: "loan amount" }).describe("principal per loan (yuan)"),
    tenor_years: z.number().int().min(1).max(30).default(1).describe("bullet loan: principal repaid at maturity"),
    pd: prob.describe("annual probability of default"),
    rho: z.number().min(0).lt(1).default(0).describe("loading of default on the macro factor (one-factor copula)"),
    lgd: boundedDist({ lo: 0, hi: 1, what: "loss given default" })
      .default(1)
      .describe("share of the principal finally lost (fixed or beta); the rest is recovered after recovery.lag_years"),
    rate: z.number().min(0).max(1).default(0).describe("loan interest rate (bank income on performing loans)"),
    type: z.enum(LOAN_TYPES).default("credit").describe("credit, first_loan (首贷) or pledged (e.g. IP pledge)"),
  })
  .describe("one homogeneous loan segment of a bank");
export type LoanSegment = z.infer<typeof LoanSegment>;

export const Bank = z.strictObject({
  id: VehicleId.describe("bank id (unique within the pool)"),
  loans: z.array(LoanSegment).min(1).max(20),
});

export const Compensation = z
  .strictObject({
    pool_share: prob.describe("share of each defaulted principal the pool pays (30–55% typical)"),
    guarantor_share: prob.default(0).describe("share paid by a third-party guarantor; the bank bears the rest"),
    uplift: z
      .partialRecord(z.enum(LOAN_TYPES), prob)
      .default({})
      .describe("added to pool_share by loan type, e.g. {first_loan: 0.05}"),
    per_loan_cap: money.optional().describe("most the pool pays on one loan (yuan)"),
    per_bank_year_cap: money.optional().describe("most the pool pays one bank in one year (yuan)"),
    corridor: z
      .strictObject({ from: prob, to: prob })
      .refine((c) => c.from < c.to, { message: "corridor.from must be < corridor.to", path: ["from"] })
      .optional()
      .describe("pay only on the part of a bank's yearly non-performing ratio inside [from, to] (Shanghai 2011)"),
  })
  .describe("how a defaulted principal is shared between pool, guarantor and bank");

export const CircuitBreaker = z
  .strictObject({
    payout_ratio: z
      .number()
      .gt(0)
      .max(1)
      .optional()
      .describe("stop new loans when cumulative compensation / loans made exceeds this"),
    floor: prob.optional().describe("stop new loans when the balance falls below floor × initial pool"),
    bank_npl: z
      .number()
      .gt(0)
      .max(1)
      .optional()
      .describe("stop a bank's new loans when its yearly NPL ratio exceeds this"),
    resume: z.enum(["never", "after_refill"]).default("never"),
  })
  .describe("熔断: when lending stops");

export const Replenishment = z
  .strictObject({
    mode: z.enum(["none", "refill", "fixed"]).default("none"),
    annual_budget: money.optional().describe("most paid in by replenishment in one year"),
    budget_cap: money.optional().describe("most paid in by replenishment in total"),
    amount: money.optional().describe("yearly amount (mode fixed)"),
  })
  .superRefine((r, ctx) => {
    if (r.mode === "fixed" && r.amount === undefined)
      ctx.addIssue({ code: "custom", path: ["amount"], message: "mode fixed needs amount (yuan per year)" });
    if (r.mode !== "fixed" && r.amount !== undefined)
      ctx.addIssue({
        code: "custom",
        path: ["amount"],
        message: `amount applies to mode fixed only (mode is ${r.mode})`,
        input: r.amount,
      });
  })
  .describe("top-ups of the pool by the fiscal budget from year 2 on");

export const RiskPool = z
  .strictObject({
    id: VehicleId,
    kind: z.literal("risk_pool"),
    pool: money.describe("initial balance (yuan), paid in at the start of year 1"),
    funding: z
      .record(z.string().regex(/^[A-Za-z][\w-]*$/, "funder names are identifiers"), prob)
      .default({ government: 1 })
      .describe("who paid the pool in; keys other than bank and guarantor are government (fiscal) money"),
    leverage: z
      .number()
      .gt(0)
      .max(1000)
      .optional()
      .describe("new loans only while loans outstanding ≤ leverage × balance; no limit when absent"),
    banks: z.array(Bank).min(1).max(50),
    compensation: Compensation,
    recovery: z
      .strictObject({ lag_years: z.number().int().min(0).max(30).default(2) })
      .default({ lag_years: 2 })
      .describe("(1 − lgd) × principal is recovered lag_years after the default, shared back pro rata"),
    guarantee_fee: z
      .number()
      .min(0)
      .max(0.2)
      .default(0)
      .describe("yearly fee on guaranteed balances (guarantor income)"),
    circuit_breaker: CircuitBreaker.optional(),
    replenishment: Replenishment.default({ mode: "none" }),
    interest: z.number().min(0).max(0.2).default(0).describe("rate earned on the balance, rolled in yearly"),
  })
  .superRefine((p, ctx) => {
    const total = Object.values(p.funding).reduce((s, x) => s + x, 0);
    if (Math.abs(total - 1) > 1e-9)
      ctx.addIssue({
        code: "custom",
        path: ["funding"],
        message: `shares must sum to 1 (they sum to ${total})`,
        input: p.funding,
      });
    const ids = new Set<string>();
    p.banks.forEach((b, i) => {
      if (ids.has(b.id))
        ctx.addIssue({ code: "custom", path: ["banks", i, "id"], message: `duplicate bank id "${b.id}"`, input: b.id });
      ids.add(b.id);
    });
    const c = p.compensation;
    const base = c.pool_share + c.guarantor_share;
    if (base > 1 + 1e-12)
      ctx.addIssue({
        code: "custom",
        path: ["compensation", "pool_share"],
        message: `pool_share + guarantor_share must be ≤ 1 (they sum to ${base})`,
        input: c.pool_share,
      });
    for (const [type, up] of Object.entries(c.uplift))
      if (base + (up ?? 0) > 1 + 1e-12)
        ctx.addIssue({
          code: "custom",
          path: ["compensation", "uplift", type],
          message: `pool_share + uplift + guarantor_share must be ≤ 1 for ${type} loans (they sum to ${base + (up ?? 0)})`,
          input: up,
        });
  })
  .describe("科技企业债权融资风险补偿资金池 — loan risk-compensation pool");
export type RiskPool = z.infer<typeof RiskPool>;
