/**
 * What the browser workbench shows of a job, as JSON: the report model of `src/report` (sections, notes, tables)
 * with each chart's vega-lite spec built on the server — the same specs the HTML report draws — plus headline KPI
 * cards that carry both the raw numbers (mean, standard error, p05, p95) and the report's formatting of them, so the
 * page never re-implements units or money scales.
 */

import type { TopLevelSpec } from "vega-lite";
import { withBaseline } from "../../report/baseline.ts";
import { chartSpec } from "../../report/charts/index.ts";
import { formatSe, formatValue, pathUnit, unitOf } from "../../report/format.ts";
import { type Lang, metricLabel } from "../../report/i18n.ts";
import { compareReportFrom, sizingReportFrom, sweepReportFrom } from "../../report/model/adapters.ts";
import { type Metrics, num } from "../../report/model/common.ts";
import {
  type CompareReport,
  compareSection,
  type SizingReport,
  type SweepReport,
  sizingSection,
  sweepSection,
} from "../../report/model/extras.ts";
import { buildReportModel } from "../../report/model/index.ts";
import type { Kpi, ReportModel, Section, Table, Verdict } from "../../report/model/types.ts";
import { buildOptimiseModel, type OptimiseReportModel } from "../../report/optimise/render.ts";
import { headlineMetrics } from "../../run/catalogue.ts";
import type { Comparison } from "../../run/compare.ts";
import type { OptimiseResult } from "../../run/optimise/index.ts";
import type { Result } from "../../run/result.ts";
import type { SolveResult } from "../../run/solve.ts";
import type { SweepResult } from "../../run/sweep.ts";

export interface ChartView {
  id: string;
  type: string;
  spec: TopLevelSpec;
}

export interface SectionView {
  id: string;
  title: string;
  kpis: Kpi[];
  notes: string[];
  charts: ChartView[];
  tables: Section["tables"];
  lead?: "tables";
}

/** A headline KPI: raw numbers for comparisons and tests, formatted text for people. */
export interface KpiCard {
  /** `<vehicle id|programme>.<metric>`. */
  metric: string;
  label: string;
  unit: string;
  mean: number | null;
  se: number | null;
  p05: number | null;
  p95: number | null;
  text: { mean: string; se: string; p05: string; p95: string };
  /** Targets on this metric, with their verdicts. */
  targets: { metric: string; op: string; value: string; actual: string; pass: boolean }[];
}

export interface RunView {
  type: "run";
  lang: Lang;
  title: string;
  subtitle: string;
  facts: Table;
  /** Description and the inputs changed from the shipped scenario. */
  run: ReportModel["run"];
  /** The report's verdict sentences (policy limits judged), shown first. */
  verdicts: Verdict[];
  kpis: KpiCard[];
  targets: ReportModel["targets"];
  sections: SectionView[];
}

/** An optimisation's view: the report model (verdict, tables, frontier spec). */
export type OptimiseView = { type: "optimise" } & OptimiseReportModel;

export interface ExtraView {
  type: "sweep" | "compare" | "size-pool";
  lang: Lang;
  sections: SectionView[];
}

function sectionView(s: Section): SectionView {
  return {
    id: s.id,
    title: s.title,
    kpis: s.kpis,
    notes: s.notes,
    charts: s.charts.map((c) => ({ id: c.id, type: c.type, spec: chartSpec(c) })),
    tables: s.tables,
    ...(s.lead && { lead: s.lead }),
  };
}

function card(lang: Lang, owner: string, metrics: Metrics, name: string, result: Result): KpiCard | null {
  const m = metrics[name];
  if (!m) return null;
  const unit = unitOf(name);
  const [mean, se, p05, p95] = [num(m.mean), num(m.se), num(m.p05), num(m.p95)];
  const metric = `${owner}.${name}`;
  const targets = (result.targets ?? [])
    .filter((x) => x.metric.startsWith(`${metric}.`))
    .map((x) => {
      const tu = pathUnit(x.metric);
      return {
        metric: x.metric,
        op: x.op,
        value: formatValue(x.value, tu, lang),
        actual: formatValue(x.actual, tu, lang),
        pass: x.pass,
      };
    });
  return {
    metric,
    label: `${owner} · ${metricLabel(lang, name)}`,
    unit,
    mean,
    se,
    p05,
    p95,
    text: {
      mean: formatValue(mean, unit, lang),
      se: formatSe(se, unit, lang),
      p05: formatValue(p05, unit, lang),
      p95: formatValue(p95, unit, lang),
    },
    targets,
  };
}

/** Headline cards: each vehicle's headline metrics, the programme's, then any other metric a target names. */
export function kpiCards(result: Result, lang: Lang): KpiCard[] {
  const out: KpiCard[] = [];
  const seen = new Set<string>();
  const add = (owner: string, metrics: Metrics | undefined, name: string) => {
    if (!metrics || seen.has(`${owner}.${name}`)) return;
    const c = card(lang, owner, metrics, name, result);
    if (c) {
      out.push(c);
      seen.add(c.metric);
    }
  };
  const vehicles = Object.entries(result.vehicles ?? {});
  for (const [id, v] of vehicles)
    for (const m of headlineMetrics(v.kind)) add(id, v.metrics as unknown as Metrics, m.name);
  const programme = result.programme?.metrics as unknown as Metrics | undefined;
  if (vehicles.length > 1) for (const m of headlineMetrics("programme")) add("programme", programme, m.name);
  for (const x of result.targets ?? []) {
    const [owner, name] = x.metric.split(".");
    if (!owner || !name) continue;
    add(owner, owner === "programme" ? programme : (result.vehicles?.[owner]?.metrics as unknown as Metrics), name);
  }
  return out;
}

export function runView(result: Result, lang: Lang, scenario?: unknown): RunView {
  const model = buildReportModel(
    result,
    lang,
    scenario === undefined ? {} : withBaseline({ scenario }, result.scenario?.name),
  );
  return {
    type: "run",
    lang,
    title: model.title,
    subtitle: model.subtitle,
    facts: model.facts,
    run: model.run,
    verdicts: model.verdicts,
    kpis: kpiCards(result, lang),
    targets: model.targets,
    sections: model.sections.map(sectionView),
  };
}

/** Charts of a sweep, comparison or sizing given as report inputs (e.g. assembled by the page from single runs). */
export function extraView(
  lang: Lang,
  extra: { sweep?: SweepReport; compare?: CompareReport; sizing?: SizingReport },
): ExtraView {
  const sections: Section[] = [];
  if (extra.sweep) sections.push(sweepSection(lang, extra.sweep));
  if (extra.compare) sections.push(compareSection(lang, extra.compare));
  if (extra.sizing) sections.push(sizingSection(lang, extra.sizing));
  const type = extra.sweep ? "sweep" : extra.compare ? "compare" : "size-pool";
  return { type, lang, sections: sections.map(sectionView) };
}

/**
 * A sweep whose columns include `<x>.se` next to `<x>.mean` (the page asks for both) shows the standard error as
 * the mean's band instead of as a column of its own.
 */
export function sweepWithSe(sweep: SweepReport): SweepReport {
  const seOf = (m: string) => m.replace(/\.mean$/, ".se");
  const means = sweep.metrics.filter((m) => m.endsWith(".mean") && sweep.metrics.includes(seOf(m)));
  if (means.length === 0) return sweep;
  const seColumns = new Set(means.map(seOf));
  return {
    ...sweep,
    metrics: sweep.metrics.filter((m) => !seColumns.has(m)),
    rows: sweep.rows.map((r) => ({
      params: r.params,
      values: Object.fromEntries(Object.entries(r.values).filter(([k]) => !seColumns.has(k))),
      se: Object.fromEntries(means.map((m) => [m, r.values[seOf(m)] ?? null])),
    })),
  };
}

/** A compare job's scenarios (its payload), for the table of inputs that differ. */
function compareInputs(payload: unknown): { scenarios?: { a: unknown; b: unknown } } {
  const p = payload as { a?: unknown; b?: unknown } | null | undefined;
  return p && typeof p === "object" && p.a !== undefined && p.b !== undefined ? { scenarios: { a: p.a, b: p.b } } : {};
}

/** The view of a finished job of any kind, from its stored result (`payload`: the job's validated request). */
export function jobView(
  type: string,
  result: unknown,
  lang: Lang,
  scenario?: unknown,
  payload?: unknown,
): RunView | ExtraView | OptimiseView {
  switch (type) {
    case "optimise":
      return { type: "optimise", ...buildOptimiseModel(result as OptimiseResult, lang) };
    case "sweep":
      return extraView(lang, { sweep: sweepWithSe(sweepReportFrom(result as SweepResult)) });
    case "compare":
      return extraView(lang, { compare: compareReportFrom(result as Comparison, compareInputs(payload)) });
    case "size-pool":
      return extraView(lang, { sizing: sizingReportFrom(result as SolveResult) });
    default:
      return runView(result as Result, lang, scenario);
  }
}
