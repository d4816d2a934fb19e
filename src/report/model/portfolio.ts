/**
 * Charts of a portfolio of companies, shared by the transformation fund and the angel fund of funds (both run the
 * company lifecycle of MODEL.md §3): the stage funnel, deal outcomes against the Correlation Ventures benchmark,
 * and 容错 by entry stage (loss ratio and P(breach) per stage bucket, §4.2).
 */

import type { BarRow } from "../charts/bars.ts";
import type { ChartInput } from "../charts/index.ts";
import { d3Format } from "../format.ts";
import { type Lang, metricLabel, stageLabel, t } from "../i18n.ts";
import { compact, getPath, type Metrics, mean } from "./common.ts";
import { quantilesOf } from "./parts.ts";

/** Correlation Ventures, 21,000 financings 2004–2013 (MODEL.md §3): share of financings by realised multiple. */
export const DEAL_OUTCOME_BENCHMARK: Record<string, number> = {
  deal_outcomes_lt1x: 0.65,
  deal_outcomes_1_5x: 0.25,
  deal_outcomes_5_10x: 0.06,
  deal_outcomes_ge10x: 0.04,
};

/** Bars of the means of `names` (absent metrics are left out), labelled by `label`. */
function meanBars(metrics: Metrics, names: string[], label: (name: string) => string): BarRow[] {
  return compact(
    names.map((k) => {
      const v = mean(metrics, k);
      return v === null ? null : { label: label(k), value: v, benchmark: null };
    }),
  );
}

/** Metric names with a prefix, in result order (the engine's stage order). */
const withPrefix = (metrics: Metrics, prefix: string) => Object.keys(metrics).filter((k) => k.startsWith(prefix));

export function funnelChart(lang: Lang, id: string, metrics: Metrics): ChartInput | null {
  const rows = meanBars(metrics, withPrefix(metrics, "reached_"), (k) => stageLabel(lang, k.slice("reached_".length)));
  if (rows.length === 0) return null;
  return {
    id: `${id}-funnel`,
    type: "bars",
    input: {
      title: t(lang, "chart.funnel"),
      valueTitle: t(lang, "chart.companies"),
      valueFormat: d3Format("count"),
      rows,
    },
  };
}

export function outcomesChart(lang: Lang, id: string, metrics: Metrics): ChartInput | null {
  const rows = compact(
    Object.entries(DEAL_OUTCOME_BENCHMARK).map(([k, benchmark]) => {
      const v = mean(metrics, k);
      return v === null ? null : { label: metricLabel(lang, k), value: v, benchmark };
    }),
  );
  if (rows.length === 0) return null;
  return {
    id: `${id}-outcomes`,
    type: "bars",
    input: {
      title: t(lang, "chart.outcomes"),
      valueTitle: t(lang, "chart.outcomeShare"),
      valueFormat: d3Format("ratio"),
      rows,
      legend: { value: t(lang, "chart.simulated"), benchmark: t(lang, "chart.benchmark") },
    },
  };
}

export function stageBreachChart(lang: Lang, id: string, metrics: Metrics): ChartInput | null {
  const rows = meanBars(metrics, withPrefix(metrics, "tolerance_breach_"), (k) =>
    stageLabel(lang, k.slice("tolerance_breach_".length)),
  );
  if (rows.length === 0) return null;
  return {
    id: `${id}-stage-breach`,
    type: "bars",
    input: {
      title: t(lang, "chart.stageBreach"),
      valueTitle: t(lang, "chart.probability"),
      valueFormat: d3Format("probability"),
      rows,
    },
  };
}

/** Stage limits of practice (MODEL.md §4.2), marked when the report has no scenario that states its own. */
export const DEFAULT_STAGE_LIMITS: Record<string, number> = { lab: 0.7, poc: 0.7, pilot: 0.5, growth: 0.3 };

/** The 容错 limit by entry stage: the scenario's `tolerance.by_stage`, else the limits of practice. */
export function stageLimits(scenarioVehicle: unknown): Record<string, number> {
  const stated = getPath(scenarioVehicle, "tolerance.by_stage");
  if (!stated || typeof stated !== "object") return DEFAULT_STAGE_LIMITS;
  return Object.fromEntries(
    Object.entries(stated as Record<string, unknown>).flatMap(([k, v]) => (typeof v === "number" ? [[k, v]] : [])),
  );
}

/** Loss ratio by entry stage, each stage's 容错 limit marked on its row. */
export function stageLossChart(
  lang: Lang,
  id: string,
  metrics: Metrics,
  limits: Record<string, number> = DEFAULT_STAGE_LIMITS,
): ChartInput | null {
  const chart = quantilesOf(lang, {
    id: `${id}-stage-loss`,
    title: t(lang, "chart.stageLoss"),
    metrics,
    names: withPrefix(metrics, "loss_ratio_"),
    label: (k) => stageLabel(lang, k.slice("loss_ratio_".length)),
    limit: (k) => limits[k.slice("loss_ratio_".length)] ?? null,
  });
  if (chart?.type === "quantiles") chart.input = { ...chart.input, subtitle: t(lang, "chart.stageLimitNote") };
  return chart;
}
