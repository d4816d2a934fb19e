/**
 * Report content of a loan risk-compensation pool (风险补偿资金池, MODEL.md §6): pool balance, the compensation
 * distribution with VaR 95/99 and expected shortfall, the probabilities of exhaustion and of the circuit breaker
 * (熔断) — by year when the result has those series — and the lending the pool enabled.
 */
import type { ChartInput } from "../charts/index.ts";
import { d3Format, formatValue } from "../format.ts";
import { metricLabel, t } from "../i18n.ts";
import { compact, kpi, type Metrics, mean, num, plainKpi, type Summary } from "../model/common.ts";
import { fanOf, quantilesOf } from "../model/parts.ts";
import type { VehicleContent, VehicleContext } from "./types.ts";

/** Expected shortfall at 95 or 99% if the result carries it (a field of the summary, a metric, or analytic). */
export function findEs(ctx: VehicleContext, level: 95 | 99): number | null {
  const comp = ctx.metrics.compensation_paid as (Summary & Record<string, unknown>) | undefined;
  for (const k of [`es${level}`, `es_${level}`, `expected_shortfall_${level}`]) {
    const v = num(comp?.[k]) ?? num(ctx.analytic?.[k]) ?? num(ctx.analytic?.[`compensation_${k}`]);
    if (v !== null) return v;
  }
  const re = new RegExp(`^(compensation(_paid)?_)?(es|expected_shortfall)_?${level}$`);
  const name = Object.keys(ctx.metrics).find((k) => re.test(k));
  return name ? mean(ctx.metrics, name) : null;
}

export function poolContent(ctx: VehicleContext): VehicleContent {
  const { lang, id, metrics } = ctx;
  const comp = metrics.compensation_paid;
  const var95 = num(comp?.p95);
  const var99 = num(comp?.p99);
  const es95 = findEs(ctx, 95);
  const es99 = findEs(ctx, 99);
  const money = (v: number) => formatValue(v, "money", lang);
  const exhausted = mean(metrics, "pool_exhausted");
  const breaker = mean(metrics, "breaker_tripped");

  const kpis = compact([
    kpi(lang, metrics, "pool_exhausted", exhausted === null ? {} : { tone: exhausted > 0.05 ? "bad" : "good" }),
    kpi(lang, metrics, "breaker_tripped", breaker === null ? {} : { tone: breaker > 0.05 ? "bad" : "good" }),
    kpi(lang, metrics, "compensation_paid"),
    var95 === null ? null : plainKpi(t(lang, "kpi.var95"), money(var95)),
    var99 === null ? null : plainKpi(t(lang, "kpi.var99"), money(var99)),
    es95 === null ? null : plainKpi(t(lang, "kpi.es95"), money(es95)),
    es99 === null ? null : plainKpi(t(lang, "kpi.es99"), money(es99)),
    kpi(lang, metrics, "loans_disbursed"),
    kpi(lang, metrics, "leverage_realized"),
    kpi(lang, metrics, "unpaid_claims"),
    kpi(lang, metrics, "fiscal_cost"),
  ]);
  const notes: string[] = [];
  if (comp && es95 === null && es99 === null) notes.push(t(lang, "note.esMissing"));

  const refs = compact([
    var95 === null ? null : { value: var95, label: "VaR95" },
    var99 === null ? null : { value: var99, label: "VaR99" },
    es95 === null ? null : { value: es95, label: "ES95" },
    es99 === null ? null : { value: es99, label: "ES99" },
  ]);
  const charts = compact([
    fanOf(lang, id, ctx.series, "pool_balance", "chart.poolFan"),
    quantilesOf(lang, {
      id: `${id}-compensation`,
      title: t(lang, "chart.compensation"),
      metrics,
      names: ["compensation_paid"],
      references: refs,
    }),
    fanOf(lang, id, ctx.series, "compensation_by_year", "chart.compensationFan"),
    probabilities(ctx),
    eventBars(lang, id, metrics),
    fanOf(lang, id, ctx.series, "loans_disbursed_by_year", "chart.lendingFan"),
    quantilesOf(lang, {
      id: `${id}-lending`,
      title: metricLabel(lang, "loans_disbursed"),
      metrics,
      names: ["loans_disbursed"],
    }),
    quantilesOf(lang, {
      id: `${id}-leverage`,
      title: metricLabel(lang, "leverage_realized"),
      metrics,
      names: ["leverage_realized", "leverage_peak"],
    }),
  ]);
  return { kpis, notes, charts };
}

const BY_YEAR = ["exhausted_by_year", "breaker_on"] as const;

/** P(exhausted) and P(熔断) by year from the means of 0/1 series, when the result has them. */
function probabilities({ lang, id, series }: VehicleContext): ChartInput | null {
  const names = BY_YEAR.filter((n) => (series[n]?.length ?? 0) > 0);
  if (names.length > 0) {
    const labels = names.map((n) => metricLabel(lang, n));
    const rows = names.flatMap((n, i) =>
      series[n]!.flatMap((p) => {
        const year = num(p.year);
        const value = num(p.mean);
        return year === null || value === null ? [] : [{ year, series: labels[i]!, value }];
      }),
    );
    return {
      id: `${id}-prob-by-year`,
      type: "yearLines",
      input: {
        title: t(lang, "chart.byYearProb"),
        xTitle: t(lang, "chart.year"),
        yTitle: t(lang, "chart.probability"),
        yFormat: d3Format("probability"),
        series: labels,
        rows,
      },
    };
  }
  return null;
}

/** P(exhausted), P(熔断) and P(bank-level 熔断) over the whole horizon. */
function eventBars(lang: VehicleContext["lang"], id: string, metrics: Metrics): ChartInput | null {
  const rows = compact(
    ["pool_exhausted", "breaker_tripped", "bank_breaker_tripped"].map((n) => {
      const v = mean(metrics, n);
      return v === null ? null : { label: metricLabel(lang, n), value: v, benchmark: null };
    }),
  );
  if (rows.length === 0) return null;
  return {
    id: `${id}-prob`,
    type: "bars",
    input: {
      title: t(lang, "chart.eventProb"),
      valueTitle: t(lang, "chart.probability"),
      valueFormat: d3Format("probability"),
      rows,
    },
  };
}
