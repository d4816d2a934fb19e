/**
 * One vehicle's section of the report: the kind-specific content (KPIs, notes, charts) when the kind is known, and
 * always the generic table of every metric and any analytic cross-check, so an unknown kind or a new metric still
 * shows up.
 */
import { kindLabel, type Lang, t } from "../i18n.ts";
import { sectionBuilder } from "../vehicles/index.ts";
import type { VehicleContext } from "../vehicles/types.ts";
import { type Metrics, metricTable, type Series, scenarioVehicle } from "./common.ts";
import type { Section, Table } from "./types.ts";

export interface LooseVehicle {
  kind?: unknown;
  metrics?: Metrics;
  series?: Series;
  analytic?: Record<string, unknown>;
}

export function vehicleSection(lang: Lang, id: string, v: LooseVehicle, scenario: unknown): Section {
  const kind = typeof v.kind === "string" ? v.kind : "unknown";
  const ctx: VehicleContext = {
    lang,
    id,
    metrics: v.metrics ?? {},
    series: v.series ?? {},
    analytic: v.analytic,
    scenarioVehicle: scenarioVehicle(scenario, id),
  };
  const content = sectionBuilder(kind)?.(ctx) ?? { kpis: [], notes: [], charts: [] };
  const notes = [...content.notes];
  if (content.charts.length === 0) notes.push(t(lang, "note.noCharts"));
  const tables = [{ title: t(lang, "section.allMetrics"), table: metricTable(lang, ctx.metrics) }];
  if (v.analytic && Object.keys(v.analytic).length > 0)
    tables.push({ title: t(lang, "section.analytic"), table: analyticTable(lang, v.analytic) });
  return {
    id: `vehicle-${id}`,
    title: `${id} — ${kindLabel(lang, kind)}`,
    kpis: content.kpis,
    notes,
    charts: content.charts,
    tables,
  };
}

function analyticTable(lang: Lang, analytic: Record<string, unknown>): Table {
  const rows = Object.entries(analytic).map(([k, v]) => [k, typeof v === "number" ? String(v) : JSON.stringify(v)]);
  return { head: [t(lang, "col.key"), t(lang, "col.value")], rows, numericFrom: 1 };
}
