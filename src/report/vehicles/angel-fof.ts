/**
 * Report content of an angel fund of funds (天使投资引导基金, MODEL.md §5): government against private LP returns,
 * the cost of the concession (让利) to the government, leverage of government money, and the sub-funds'
 * portfolios (funnel, outcomes, 容错).
 */
import { formatValue } from "../format.ts";
import { t } from "../i18n.ts";
import { compact, kpi, mean, plainKpi } from "../model/common.ts";
import { fanOf, lossLimit, lossRatioOf, quantilesOf } from "../model/parts.ts";
import { funnelChart, outcomesChart } from "../model/portfolio.ts";
import type { VehicleContent, VehicleContext } from "./types.ts";

export function angelContent(ctx: VehicleContext): VehicleContent {
  const { lang, id, metrics, series } = ctx;
  const gov = mean(metrics, "gov_tvpi");
  const noConcession = mean(metrics, "gov_tvpi_no_concession");
  const lp = mean(metrics, "lp_tvpi");
  const tvpiCost = gov !== null && noConcession !== null ? noConcession - gov : null;
  const gap = gov !== null && lp !== null ? lp - gov : null;
  const limit = lossLimit(ctx.scenarioVehicle, ctx.analytic);
  const loss = lossRatioOf(lang, id, metrics, limit);
  const breach = mean(metrics, "tolerance_breach");

  const kpis = compact([
    kpi(lang, metrics, "gov_tvpi"),
    kpi(lang, metrics, "gov_tvpi_ge_1x"),
    kpi(lang, metrics, "gov_tvpi_ge_2x"),
    kpi(lang, metrics, "lp_tvpi"),
    kpi(lang, metrics, "concession_cost"),
    tvpiCost === null ? null : plainKpi(t(lang, "kpi.concessionCost"), formatValue(tvpiCost, "multiple", lang)),
    tvpiCost === null && gap !== null ? plainKpi(t(lang, "kpi.tvpiGap"), formatValue(gap, "multiple", lang)) : null,
    kpi(lang, metrics, "gov_irr"),
    kpi(lang, metrics, "lp_irr"),
    kpi(lang, metrics, "leverage"),
    kpi(lang, metrics, "gp_carry"),
    kpi(lang, metrics, "companies_backed"),
    kpi(lang, metrics, "loss_ratio"),
    limit === null ? null : plainKpi(t(lang, "kpi.lossLimit"), formatValue(limit, "ratio", lang)),
    kpi(lang, metrics, "tolerance_breach", breach === null ? {} : { tone: breach > 0.1 ? "bad" : "good" }),
  ]);
  const notes = [...loss.notes];
  if (tvpiCost !== null) notes.push(t(lang, "note.concessionCost", { value: formatValue(tvpiCost, "multiple", lang) }));

  const charts = compact([
    quantilesOf(lang, {
      id: `${id}-tvpi`,
      title: t(lang, "chart.angelTvpi"),
      metrics,
      names: ["gov_tvpi", "gov_tvpi_no_concession", "lp_tvpi"],
    }),
    quantilesOf(lang, {
      id: `${id}-irr`,
      title: t(lang, "chart.angelIrr"),
      metrics,
      names: ["gov_irr", "gov_irr_no_concession", "lp_irr"],
    }),
    quantilesOf(lang, {
      id: `${id}-leverage`,
      title: t(lang, "chart.leverage"),
      metrics,
      names: ["leverage", "leverage_paid_in"],
    }),
    fanOf(lang, id, series, "gov_nav", "chart.govNavFan"),
    fanOf(lang, id, series, "net_cash_flow_cumulative", "chart.jCurve"),
    loss.chart,
    funnelChart(lang, id, metrics),
    outcomesChart(lang, id, metrics),
  ]);
  return { kpis, notes, charts };
}
