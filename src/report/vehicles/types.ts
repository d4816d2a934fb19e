/**
 * What a vehicle kind's report section builder receives and returns. The builders (one module per kind in this
 * folder) depend on this file and on the shared model helpers only; the section assembly in `model/vehicle.ts`
 * depends on them through the registry (`index.ts`), so the dependencies run one way.
 */
import type { ChartInput } from "../charts/index.ts";
import type { Lang } from "../i18n.ts";
import type { Metrics, Series } from "../model/common.ts";
import type { Kpi } from "../model/types.ts";

export interface VehicleContext {
  lang: Lang;
  id: string;
  metrics: Metrics;
  series: Series;
  analytic: Record<string, unknown> | undefined;
  /** This vehicle's entry in the scenario, when the report was given the scenario. */
  scenarioVehicle: unknown;
}

export interface VehicleContent {
  kpis: Kpi[];
  notes: string[];
  charts: ChartInput[];
}

/** A kind's section builder: its KPIs, notes and charts (the table of every metric is added for every kind). */
export type SectionBuilder = (ctx: VehicleContext) => VehicleContent;

/** One section builder per kind of the union `K`. */
export type SectionRegistry<K extends string> = { readonly [k in K]: SectionBuilder };
