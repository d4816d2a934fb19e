/**
 * The metrics of the 风险补偿资金池 loan risk-compensation pool (MODEL.md §6), in the order its engine emits them,
 * with their units, labels and headline ranks. Series flows are of the year, `pool_balance` at its end.
 */
import { PROGRAMME_INPUT_METRICS as P } from "../../common-metrics.ts";
import type { KindMetrics } from "../../metric.ts";

const loansDisbursed = {
  unit: "money",
  better: "higher",
  about: "Loans disbursed under the pool's cover",
  en: "Loans disbursed",
  zh: "贷款发放额",
} as const;
const compensation = {
  unit: "money",
  better: "lower",
  about: "Compensation the pool paid to banks",
  en: "Compensation paid",
  zh: "代偿金额",
} as const;
const defaults = {
  unit: "count",
  better: "lower",
  about: "Loans that defaulted",
  en: "Defaults",
  zh: "违约笔数",
} as const;

export const RISK_POOL_METRICS = {
  scalars: {
    loans_disbursed: loansDisbursed,
    loans_count: {
      unit: "count",
      better: "higher",
      about: "Loans granted",
      en: "Number of loans",
      zh: "贷款笔数",
    },
    leverage_realized: {
      unit: "multiple",
      better: "higher",
      about:
        "Cumulative loans disbursed over the horizon per fiscal yuan paid in: the 放大倍数 bureaus report (a flow over years, not the stock ratio the leverage cap binds)",
      en: "Cumulative lending per fiscal yuan (放大倍数)",
      zh: "累计放大倍数（累计贷款/财政资金）",
      headline: 4,
    },
    leverage_peak: {
      unit: "multiple",
      better: "neither",
      about:
        "Largest loans outstanding over pool balance after a year's new loans: the stock ratio held against the leverage cap",
      en: "Peak leverage (outstanding / pool, vs cap)",
      zh: "峰值杠杆（在贷余额/资金池余额，对照上限）",
    },
    defaults,
    compensation_paid: { ...compensation, headline: 3 },
    recoveries_received: {
      unit: "money",
      better: "higher",
      about: "Recoveries on defaulted loans returned to the pool",
      en: "Recoveries received",
      zh: "已收回款",
    },
    recoveries_pending: {
      unit: "money",
      better: "neither",
      about: "Recoveries due after the horizon",
      en: "Recoveries pending",
      zh: "待收回款",
    },
    bank_loss: {
      unit: "money",
      better: "lower",
      about: "Principal losses the banks bear",
      en: "Bank loss",
      zh: "银行损失",
    },
    guarantor_loss: {
      unit: "money",
      better: "lower",
      about: "Principal losses the guarantor bears",
      en: "Guarantor loss",
      zh: "担保机构损失",
    },
    guarantee_fees: {
      unit: "money",
      better: "neither",
      about: "Guarantee fees earned by the guarantor",
      en: "Guarantee fees",
      zh: "担保费",
    },
    bank_interest_income: {
      unit: "money",
      better: "neither",
      about: "Interest the banks earned on the loans",
      en: "Bank interest income",
      zh: "银行利息收入",
    },
    pool_exhausted: {
      unit: "probability",
      better: "lower",
      about: "1 on a path where the pool runs out before the horizon",
      en: "P(pool exhausted)",
      zh: "资金池耗尽概率",
      headline: 1,
    },
    exhaustion_year: {
      unit: "year",
      better: "neither",
      about: "Year the pool runs out (undefined on paths where it does not)",
      en: "Year of exhaustion",
      zh: "耗尽年份",
    },
    breaker_tripped: {
      unit: "probability",
      better: "lower",
      about: "1 on a path where the pool-level 熔断 stops new loans",
      en: "P(熔断 tripped)",
      zh: "触发熔断的概率",
      headline: 2,
    },
    bank_breaker_tripped: {
      unit: "probability",
      better: "lower",
      about: "1 on a path where a bank-level 熔断 stops a bank's new loans",
      en: "P(bank-level 熔断)",
      zh: "银行层面熔断的概率",
    },
    unpaid_claims: {
      unit: "money",
      better: "lower",
      about: "Claims beyond what the pool held, borne by the banks",
      en: "Unpaid claims",
      zh: "未获代偿的损失",
    },
    replenishment_paid: {
      unit: "money",
      better: "neither",
      about: "Fiscal money paid in to refill the pool",
      en: "Replenishment paid",
      zh: "财政补充资金",
    },
    final_balance: {
      unit: "money",
      better: "higher",
      about: "Pool balance at the horizon",
      en: "Final pool balance",
      zh: "期末资金池余额",
    },
    loans_blocked: {
      unit: "count",
      better: "lower",
      about: "Loans not granted because of the leverage limit or 熔断",
      en: "Loans blocked",
      zh: "被暂停的贷款",
    },
    fiscal_in: P.fiscal_in,
    fiscal_cost: {
      unit: "money",
      better: "lower",
      about: "Fiscal money paid in minus the pool balance left at the horizon",
      en: "Fiscal cost",
      zh: "财政成本",
    },
    social_capital: P.social_capital,
    lending: P.lending,
  },
  runLevel: {
    compensation_es95: {
      unit: "money",
      better: "lower",
      about: "Expected shortfall of compensation paid: mean of the worst 5% of paths",
      en: "Compensation ES 95%",
      zh: "代偿预期亏损 ES 95%",
    },
    compensation_es99: {
      unit: "money",
      better: "lower",
      about: "Expected shortfall of compensation paid: mean of the worst 1% of paths",
      en: "Compensation ES 99%",
      zh: "代偿预期亏损 ES 99%",
    },
  },
  derivedSeries: {
    exhausted_by_year: {
      unit: "probability",
      better: "lower",
      about: "Share of paths on which the pool has run out by the end of the year",
      en: "P(exhausted by year)",
      zh: "资金池耗尽概率（按年）",
    },
  },
  series: {
    pool_balance: {
      unit: "money",
      better: "higher",
      about: "Pool balance at the year end",
      en: "Pool balance",
      zh: "资金池余额",
    },
    fiscal_cash_flow: P.fiscal_cash_flow,
    loans_disbursed_by_year: loansDisbursed,
    compensation_by_year: compensation,
    defaults_by_year: defaults,
    breaker_on: {
      unit: "probability",
      better: "lower",
      about: "1 in a year when the pool's 熔断 stopped the year's lending",
      en: "P(熔断 on)",
      zh: "熔断状态的概率",
    },
    outstanding: {
      unit: "money",
      better: "neither",
      about: "Principal outstanding once the year's loans are granted",
      en: "Loans outstanding",
      zh: "贷款余额",
    },
    paid_in_by_year: {
      unit: "money",
      better: "neither",
      about: "Money paid into the pool in the year",
      en: "Paid in",
      zh: "出资额",
    },
    interest_by_year: {
      unit: "money",
      better: "higher",
      about: "Interest earned on the pool balance in the year",
      en: "Interest earned",
      zh: "利息收入",
    },
    recoveries_by_year: {
      unit: "money",
      better: "higher",
      about: "Recoveries returned to the pool in the year",
      en: "Recoveries",
      zh: "回收款",
    },
  },
} as const satisfies KindMetrics;
