/**
 * The metrics of the 科技成果转化基金 (MODEL.md §4), in the order its engine emits them, with their units, labels and
 * headline ranks.
 */
import {
  FUND_DERIVED_SERIES,
  FUND_METRICS,
  FUND_SERIES,
  PROGRAMME_INPUT_METRICS as P,
  REACHED_STAGE,
} from "../../common-metrics.ts";
import type { KindMetrics } from "../../metric.ts";

const F = FUND_METRICS;

export const TRANSFORMATION_FUND_METRICS = {
  scalars: {
    tvpi: { ...F.tvpi, headline: 1 },
    dpi: {
      unit: "multiple",
      better: "higher",
      about: "LP distributions over paid-in capital",
      en: "DPI",
      zh: "DPI（分配/实缴）",
    },
    irr: {
      unit: "rate",
      better: "higher",
      about: "LP net IRR (NAV at the horizon as a final inflow); undefined where no root exists",
      en: "IRR",
      zh: "IRR（内部收益率）",
      headline: 2,
      headlineStat: "p50",
    },
    moic: F.moic,
    loss_ratio: { ...F.loss_ratio, headline: 3 },
    tolerance_breach: { ...P.tolerance_breach, headline: 4 },
    tolerance_breach_any: {
      unit: "probability",
      better: "lower",
      about: "1 on a path where the fund-level 容错 limit or any entry stage's limit is breached",
      en: "P(any 容错 breach: fund or a stage)",
      zh: "突破容错的概率（基金或任一阶段）",
    },
    breach_year: F.breach_year,
    projects_funded: {
      unit: "count",
      better: "higher",
      about: "Projects the fund invested in or granted to",
      en: "Projects funded",
      zh: "投资项目数",
      headline: 5,
    },
    exits: F.exits,
    grants_paid: {
      unit: "money",
      better: "neither",
      about: "补转投 grants paid",
      en: "Grants paid (补转投)",
      zh: "拨付补助（补转投）",
    },
    grants_count: {
      unit: "count",
      better: "neither",
      about: "补转投 grants made",
      en: "Grants made (补转投)",
      zh: "补助项目数（补转投）",
    },
    grants_converted: {
      unit: "count",
      better: "higher",
      about: "补转投 grants converted to equity",
      en: "Grants converted (补转投)",
      zh: "补助转股（补转投）",
    },
    deals_skipped: F.deals_skipped,
    deal_outcomes_lt1x: F.deal_outcomes_lt1x,
    deal_outcomes_1_5x: F.deal_outcomes_1_5x,
    deal_outcomes_5_10x: F.deal_outcomes_5_10x,
    deal_outcomes_ge10x: F.deal_outcomes_ge10x,
    paid_in: F.paid_in,
    distributions: F.distributions,
    invested: { unit: "money", better: "neither", about: "Cost invested in equity", en: "Invested", zh: "投资额" },
    fees: { unit: "money", better: "lower", about: "Management fees paid", en: "Fees", zh: "管理费" },
    buybacks: {
      unit: "money",
      better: "higher",
      about: "Proceeds of 补转投 stakes bought back by founders or co-investors",
      en: "Buy-back proceeds",
      zh: "回购收入",
    },
    co_funding: {
      unit: "money",
      better: "higher",
      about: "Partners' co-funding alongside the fund's grants",
      en: "Partner co-funding",
      zh: "合作方配套资金",
    },
    social_capital: P.social_capital,
    fiscal_in: P.fiscal_in,
  },
  stageScalars: {
    ...REACHED_STAGE,
    "loss_ratio_{stage}": {
      unit: "ratio",
      better: "lower",
      about: "容错 loss ratio of the projects that entered at the stage",
      en: "Loss ratio, {stage} entries",
      zh: "亏损率（{stage}阶段进入的项目）",
    },
    "tolerance_breach_{stage}": {
      unit: "probability",
      better: "lower",
      about: "1 on a path where the stage's 容错 limit is breached",
      en: "P(breach of 容错), {stage} entries",
      zh: "突破容错的概率（{stage}阶段进入的项目）",
    },
  },
  derived: {
    tvpi_ge_1x: {
      unit: "probability",
      better: "higher",
      about: "Share of paths whose TVPI reaches 1×",
      en: "P(TVPI ≥ 1×)",
      zh: "TVPI ≥ 1× 的概率",
    },
    tvpi_ge_2x: {
      unit: "probability",
      better: "higher",
      about: "Share of paths whose TVPI reaches 2×",
      en: "P(TVPI ≥ 2×)",
      zh: "TVPI ≥ 2× 的概率",
    },
  },
  derivedSeries: FUND_DERIVED_SERIES,
  series: {
    nav: FUND_SERIES.nav,
    gov_cash_flow: {
      unit: "money",
      better: "neither",
      about: "Government net cash flow of the year",
      en: "Government cash flow",
      zh: "政府现金流",
    },
    fiscal_cash_flow: P.fiscal_cash_flow,
    projects_landed: P.projects_landed,
    idle_cash: {
      unit: "money",
      better: "lower",
      about: "Cash called but not yet used at the year end",
      en: "Idle cash",
      zh: "闲置资金",
    },
    calls: FUND_SERIES.calls,
    distributions: FUND_SERIES.distributions,
    loss_ratio: FUND_SERIES.loss_ratio,
  },
} as const satisfies KindMetrics;
