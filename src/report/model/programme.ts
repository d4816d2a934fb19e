/**
 * The programme view (MODEL.md §7): fiscal cash flow by year, money mobilised per fiscal yuan, projects landed,
 * and the probability that any vehicle breaches its 容错 limit.
 */

import type { Lang } from "../i18n.ts";
import { t } from "../i18n.ts";
import { compact, kpi, type Metrics, metricTable, type Series } from "./common.ts";
import { fanOf, quantilesOf } from "./parts.ts";
import type { Section } from "./types.ts";

export function programmeSection(lang: Lang, metrics: Metrics, series: Series): Section {
  const kpis = compact([
    kpi(lang, metrics, "mobilised_per_fiscal_yuan"),
    kpi(lang, metrics, "fiscal_in"),
    kpi(lang, metrics, "social_capital_per_fiscal_yuan"),
    kpi(lang, metrics, "lending_per_fiscal_yuan"),
    kpi(lang, metrics, "fiscal_peak_exposure"),
    kpi(lang, metrics, "fiscal_net_cash_flow"),
    kpi(lang, metrics, "projects_landed"),
    kpi(lang, metrics, "any_tolerance_breach"),
    kpi(lang, metrics, "any_breach_or_pool_exhausted"),
  ]);
  const landed = series.projects_landed;
  const anyLanded = landed?.some((p) => typeof p.p95 === "number" && p.p95 > 0) ?? false;
  const charts = compact([
    fanOf(lang, "programme", series, "fiscal_cash_flow", "chart.fiscalFan"),
    fanOf(lang, "programme", series, "fiscal_cash_flow_cumulative", "chart.fiscalCumFan"),
    quantilesOf(lang, {
      id: "programme-per-fiscal",
      title: t(lang, "chart.perFiscal"),
      metrics,
      names: ["mobilised_per_fiscal_yuan", "social_capital_per_fiscal_yuan", "lending_per_fiscal_yuan"],
    }),
    anyLanded ? fanOf(lang, "programme", series, "projects_landed", "chart.projectsFan") : null,
  ]);
  return {
    id: "programme",
    title: t(lang, "section.programme"),
    kpis,
    notes: [],
    charts,
    tables: [{ title: t(lang, "section.allMetrics"), table: metricTable(lang, metrics) }],
  };
}
