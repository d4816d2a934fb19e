/**
 * Report content of a transformation fund (科技成果转化基金, MODEL.md §4): returns, NAV, loss ratio against 容错
 * (overall and by entry stage), the stage funnel, deal outcomes against the benchmark, and 补转投 conversions.
 */
import type { ChartInput } from "../charts/index.ts";
import { d3Format, formatValue } from "../format.ts";
import { metricLabel, t } from "../i18n.ts";
import { compact, kpi, mean, plainKpi } from "../model/common.ts";
import { fanOf, lossLimit, lossRatioOf, quantilesOf } from "../model/parts.ts";
import { funnelChart, outcomesChart, stageBreachChart, stageLimits, stageLossChart } from "../model/portfolio.ts";
import type { VehicleContent, VehicleContext } from "./types.ts";

/** Grants converted to equity / grants made (both counts); null when either is missing. */
export function conversionRate(metrics: VehicleContext["metrics"]): number | null {
  const made = mean(metrics, "grants_count");
  const converted = mean(metrics, "grants_converted");
  return made !== null && converted !== null && made > 0 ? converted / made : null;
}

export function transformationFundContent(ctx: VehicleContext): VehicleContent {
  const { lang, id, metrics, series } = ctx;
  const limit = lossLimit(ctx.scenarioVehicle, ctx.analytic);
  const loss = lossRatioOf(lang, id, metrics, limit);
  const breach = mean(metrics, "tolerance_breach");
  const conversion = conversionRate(metrics);

  const kpis = compact([
    kpi(lang, metrics, "tvpi"),
    kpi(lang, metrics, "tvpi_ge_1x"),
    kpi(lang, metrics, "tvpi_ge_2x"),
    kpi(lang, metrics, "irr"),
    kpi(lang, metrics, "tolerance_breach", breach === null ? {} : { tone: breach > 0.1 ? "bad" : "good" }),
    kpi(lang, metrics, "loss_ratio"),
    limit === null ? null : plainKpi(t(lang, "kpi.lossLimit"), formatValue(limit, "ratio", lang)),
    kpi(lang, metrics, "dpi"),
    kpi(lang, metrics, "projects_funded"),
    kpi(lang, metrics, "exits"),
    kpi(lang, metrics, "grants_paid"),
    conversion === null ? null : plainKpi(t(lang, "kpi.conversionRate"), formatValue(conversion, "ratio", lang)),
    kpi(lang, metrics, "deals_skipped"),
    kpi(lang, metrics, "social_capital"),
  ]);
  const notes = [...loss.notes];
  if (conversion !== null) notes.push(t(lang, "note.conversion", { value: formatValue(conversion, "ratio", lang) }));

  const charts = compact([
    fanOf(lang, id, series, "nav", "chart.navFan"),
    fanOf(lang, id, series, "net_cash_flow_cumulative", "chart.jCurve"),
    quantilesOf(lang, { id: `${id}-tvpi`, title: t(lang, "chart.tvpi"), metrics, names: ["tvpi", "dpi", "moic"] }),
    quantilesOf(lang, { id: `${id}-irr`, title: t(lang, "chart.irr"), metrics, names: ["irr"] }),
    loss.chart,
    stageLossChart(lang, id, metrics, stageLimits(ctx.scenarioVehicle)),
    stageBreachChart(lang, id, metrics),
    funnelChart(lang, id, metrics),
    outcomesChart(lang, id, metrics),
    grants(ctx),
  ]);
  return { kpis, notes, charts };
}

/** 补转投: grants made and converted to equity (counts, mean per path). */
function grants({ lang, id, metrics }: VehicleContext): ChartInput | null {
  const rows = compact(
    ["grants_count", "grants_converted"].map((k) => {
      const v = mean(metrics, k);
      return v === null ? null : { label: metricLabel(lang, k), value: v, benchmark: null };
    }),
  );
  if (rows.length === 0) return null;
  return {
    id: `${id}-grants`,
    type: "bars",
    input: {
      title: t(lang, "chart.grants"),
      valueTitle: t(lang, "chart.companies"),
      valueFormat: d3Format("count"),
      rows,
    },
  };
}
