/**
 * The programme view's metrics (MODEL.md §7), in report order, declared like a vehicle kind's: units, labels and
 * headline ranks. Targets may name them as `programme.<metric>.<statistic>`.
 */
import { PROGRAMME_INPUT_METRICS as P } from "../engine/common-metrics.ts";
import type { KindMetrics } from "../engine/metric.ts";

const perFiscalYuan = (what: string, en: string, zh: string, headline?: number) =>
  ({
    unit: "multiple",
    better: "higher",
    about: `${what} per yuan of fiscal money paid in (undefined where none was paid in)`,
    en,
    zh,
    ...(headline !== undefined && { headline }),
  }) as const;

export const PROGRAMME_CATALOGUE = {
  scalars: {
    fiscal_in: { ...P.fiscal_in, headline: 3 },
    social_capital: P.social_capital,
    lending: P.lending,
    social_capital_per_fiscal_yuan: perFiscalYuan(
      "Social capital",
      "Social capital per fiscal yuan",
      "每元财政资金撬动的社会资本",
    ),
    lending_per_fiscal_yuan: perFiscalYuan("Lending", "Lending per fiscal yuan", "每元财政资金撬动的贷款"),
    mobilised_per_fiscal_yuan: perFiscalYuan(
      "Social capital plus lending",
      "Money mobilised per fiscal yuan",
      "每元财政资金撬动的资金",
      1,
    ),
    fiscal_net_cash_flow: {
      unit: "money",
      better: "higher",
      about: "Fiscal net cash flow over the horizon (money paid in is negative)",
      en: "Fiscal net cash flow",
      zh: "财政净现金流",
    },
    fiscal_peak_exposure: {
      unit: "money",
      better: "lower",
      about: "Most fiscal money outstanding at any year end (the deepest cumulative fiscal cash flow)",
      en: "Peak fiscal exposure",
      zh: "财政资金最大占用",
    },
    projects_landed: { ...P.projects_landed, about: "Projects landed over the horizon, all vehicles" },
    any_tolerance_breach: {
      unit: "probability",
      better: "lower",
      about: "1 on a path where any vehicle breaches its 容错 limit",
      en: "P(any vehicle breaches 容错)",
      zh: "任一载体突破容错的概率",
    },
    any_breach_or_pool_exhausted: {
      unit: "probability",
      better: "lower",
      about: "1 on a path where any vehicle breaches its 容错 limit or a risk pool runs out",
      en: "P(any 容错 breach or pool exhausted)",
      zh: "任一载体突破容错或资金池耗尽的概率",
      headline: 2,
    },
  },
  series: {
    fiscal_cash_flow: P.fiscal_cash_flow,
    fiscal_cash_flow_cumulative: {
      unit: "money",
      better: "neither",
      about: "Fiscal net cash flow summed up to the year end",
      en: "Cumulative fiscal cash flow",
      zh: "累计财政现金流",
    },
    projects_landed: P.projects_landed,
  },
} as const satisfies KindMetrics;

export type ProgrammeMetric = keyof typeof PROGRAMME_CATALOGUE.scalars;
export type ProgrammeSeries = keyof typeof PROGRAMME_CATALOGUE.series;

/** Programme scalar metrics, in report order. */
export const PROGRAMME_METRICS = Object.keys(PROGRAMME_CATALOGUE.scalars) as readonly ProgrammeMetric[];
/** Programme series metrics (per year). */
export const PROGRAMME_SERIES = Object.keys(PROGRAMME_CATALOGUE.series) as readonly ProgrammeSeries[];
