/**
 * Metrics that more than one vehicle kind emits, declared once here and listed by each kind's catalogue: the
 * programme inputs every vehicle may give (MODEL.md §7) and the fund metrics of the company lifecycle shared by the
 * transformation fund and the angel sub-funds (MODEL.md §3–5).
 */
import type { MetricDef } from "./metric.ts";

/** Programme inputs (see `PROGRAMME_INPUTS` in `vehicle.ts`). */
export const PROGRAMME_INPUT_METRICS = {
  fiscal_in: {
    unit: "money",
    better: "neither",
    about: "Fiscal (government) money paid in over the horizon",
    en: "Fiscal money paid in",
    zh: "财政出资",
  },
  social_capital: {
    unit: "money",
    better: "higher",
    about: "Non-government capital mobilised alongside the fiscal money (社会资本)",
    en: "Social capital (社会资本)",
    zh: "社会资本",
  },
  lending: {
    unit: "money",
    better: "higher",
    about: "Loans disbursed, as counted by the programme view",
    en: "Lending",
    zh: "贷款额",
  },
  tolerance_breach: {
    unit: "probability",
    better: "lower",
    about: "1 on a path where the fund-level 容错 loss limit is breached",
    en: "P(breach of 容错)",
    zh: "突破容错上限的概率",
  },
  fiscal_cash_flow: {
    unit: "money",
    better: "neither",
    about: "Fiscal net cash flow of the year (money paid in is negative)",
    en: "Fiscal cash flow",
    zh: "财政现金流",
  },
  projects_landed: {
    unit: "count",
    better: "higher",
    about: "Projects landed (new companies financed) in the year",
    en: "Projects landed",
    zh: "落地项目数",
  },
} as const satisfies Record<string, MetricDef>;

/** Metrics of funds that run companies through the lifecycle (transformation fund, angel sub-funds). */
export const FUND_METRICS = {
  tvpi: {
    unit: "multiple",
    better: "higher",
    about: "LP total value (distributions + NAV at the horizon) over paid-in capital, net of fees and carry",
    en: "TVPI",
    zh: "TVPI（总价值/实缴）",
  },
  moic: {
    unit: "multiple",
    better: "higher",
    about: "Gross multiple on invested cost",
    en: "Gross MOIC",
    zh: "毛回报倍数（MOIC）",
  },
  loss_ratio: {
    unit: "ratio",
    better: "lower",
    about: "容错 loss ratio: (written-off cost − recoveries) / invested cost",
    en: "Loss ratio (容错)",
    zh: "亏损率（容错）",
  },
  breach_year: {
    unit: "year",
    better: "neither",
    about: "Year of the first 容错 breach (undefined on paths without one)",
    en: "Year of first 容错 breach",
    zh: "首次突破容错的年份",
  },
  exits: { unit: "count", better: "higher", about: "Companies exited (early or final)", en: "Exits", zh: "退出数" },
  deals_skipped: {
    unit: "count",
    better: "lower",
    about: "Deals that could not be funded and were skipped",
    en: "Deals skipped",
    zh: "因资金不足放弃的项目",
  },
  deal_outcomes_lt1x: {
    unit: "ratio",
    better: "lower",
    about: "Share of financings whose realised multiple is below 1×",
    en: "Deals < 1×",
    zh: "回报 < 1× 的融资",
  },
  deal_outcomes_1_5x: {
    unit: "ratio",
    better: "neither",
    about: "Share of financings whose realised multiple is 1–5×",
    en: "Deals 1–5×",
    zh: "回报 1–5× 的融资",
  },
  deal_outcomes_5_10x: {
    unit: "ratio",
    better: "higher",
    about: "Share of financings whose realised multiple is 5–10×",
    en: "Deals 5–10×",
    zh: "回报 5–10× 的融资",
  },
  deal_outcomes_ge10x: {
    unit: "ratio",
    better: "higher",
    about: "Share of financings whose realised multiple is 10× or more",
    en: "Deals ≥ 10×",
    zh: "回报 ≥ 10× 的融资",
  },
  paid_in: {
    unit: "money",
    better: "neither",
    about: "Capital paid in by the LPs",
    en: "Paid-in capital",
    zh: "实缴出资",
  },
  distributions: {
    unit: "money",
    better: "higher",
    about: "Cash distributed to the LPs",
    en: "Distributions",
    zh: "分配",
  },
} as const satisfies Record<string, MetricDef>;

/** Per-stage family shared by the fund kinds: companies reaching each lifecycle stage. */
export const REACHED_STAGE = {
  "reached_{stage}": {
    unit: "count",
    better: "higher",
    about: "Companies that reached the stage",
    en: "Reached {stage}",
    zh: "到达{stage}",
  },
} as const satisfies Record<string, MetricDef>;

/** Series shared by the fund kinds. */
export const FUND_SERIES = {
  nav: { unit: "money", better: "neither", about: "Net asset value at the year end", en: "NAV", zh: "净值（NAV）" },
  calls: { unit: "money", better: "neither", about: "Capital called in the year", en: "Capital calls", zh: "实缴出资" },
  distributions: FUND_METRICS.distributions,
  loss_ratio: FUND_METRICS.loss_ratio,
} as const satisfies Record<string, MetricDef>;

/** Series derived after a run from a fund's yearly calls and distributions (src/run/derived-series.ts). */
export const FUND_DERIVED_SERIES = {
  net_cash_flow_cumulative: {
    unit: "money",
    better: "higher",
    about: "Cumulative distributions minus calls by the end of each year (the J-curve)",
    en: "Cumulative net cash flow (J-curve)",
    zh: "累计净现金流（J 曲线）",
  },
} as const satisfies Record<string, MetricDef>;
