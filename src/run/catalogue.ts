/**
 * The metric catalogue: every vehicle kind's metrics and the programme's, and the look-ups the rest of gfsim uses —
 * by owner (a kind or `programme`) and name, by name alone, and by metric path `<vehicle id>.<metric>.<statistic>`
 * given the vehicles of a scenario or result. A metric name means the same thing wherever it appears (a test checks
 * that shared names agree on unit and labels), so a look-up by name alone is well defined.
 */
import {
  findMetric,
  headlinesOf,
  type KindMetrics,
  listMetrics,
  type MetricShape,
  type MetricSpec,
  type MetricUnit,
} from "../engine/metric.ts";
import { KINDS } from "../engine/vehicles/index.ts";
import type { VehicleKind } from "../scenario/vehicles/index.ts";
import { PROGRAMME_CATALOGUE } from "./programme-metrics.ts";

/** Who emits metrics: a vehicle kind, or the programme view. */
export type MetricOwner = VehicleKind | "programme";

/** Each kind's metrics (from the kind registry), then the programme's. */
const kindMetrics = Object.fromEntries(Object.entries(KINDS).map(([kind, def]) => [kind, def.metrics])) as {
  readonly [K in VehicleKind]: KindMetrics;
};
export const CATALOGUE: { readonly [K in MetricOwner]: KindMetrics } = {
  ...kindMetrics,
  programme: PROGRAMME_CATALOGUE,
};

const OWNERS = Object.keys(CATALOGUE) as MetricOwner[];

function isOwner(x: string): x is MetricOwner {
  return Object.hasOwn(CATALOGUE, x);
}

/** A metric of a kind (or of the programme) by name; undefined when the owner does not declare it. */
export function metricSpec(owner: string, name: string, shape: MetricShape = "scalar"): MetricSpec | undefined {
  return isOwner(owner) ? findMetric(CATALOGUE[owner], name, shape) : undefined;
}

/** A metric by name alone (the first owner that declares it); a scalar unless only a series has the name. */
export function metricByName(name: string, shape?: MetricShape): MetricSpec | undefined {
  const shapes: MetricShape[] = shape ? [shape] : ["scalar", "series"];
  for (const s of shapes)
    for (const owner of OWNERS) {
      const spec = findMetric(CATALOGUE[owner], name, s);
      if (spec) return spec;
    }
  return undefined;
}

/** A vehicle of a scenario (`vehicles: [{id, kind}]`) or of a result (`vehicles: {id: {kind}}`). */
export type VehicleKinds = readonly { id: string; kind: string }[] | Readonly<Record<string, { kind?: unknown }>>;

function kindOf(vehicles: VehicleKinds, id: string): string | undefined {
  if (id === "programme") return "programme";
  if (Array.isArray(vehicles))
    return (vehicles as readonly { id: string; kind: string }[]).find((v) => v.id === id)?.kind;
  const v = Object.hasOwn(vehicles, id) ? (vehicles as Record<string, { kind?: unknown }>)[id] : undefined;
  return typeof v?.kind === "string" ? v.kind : undefined;
}

export interface MetricAtPath {
  /** The vehicle id, or `programme`. */
  id: string;
  owner: MetricOwner;
  spec: MetricSpec;
  /** The statistic (`mean`, `p50`, …), when the path names one. */
  stat?: string;
  /** The unit of the statistic: the metric's, except the share of defined paths (a ratio) and `n` (a count). */
  unit: MetricUnit;
}

/**
 * The metric a path `<vehicle id>.<metric>[.<statistic>]` names (e.g. `fund.tvpi.p50`), given the vehicles of the
 * scenario or result; undefined when the vehicle or the metric is unknown.
 */
export function metricAt(path: string, vehicles: VehicleKinds): MetricAtPath | undefined {
  const [id, name, stat] = path.split(".");
  if (!id || !name) return undefined;
  const owner = kindOf(vehicles, id);
  if (!owner || !isOwner(owner)) return undefined;
  const spec = findMetric(CATALOGUE[owner], name);
  if (!spec) return undefined;
  return { id, owner, spec, ...(stat !== undefined && { stat }), unit: statUnit(spec.unit, stat) };
}

/** The unit of a statistic of a metric in `unit`. */
export function statUnit(unit: MetricUnit, stat: string | undefined): MetricUnit {
  if (stat === "defined") return "ratio";
  if (stat === "n") return "count";
  return unit;
}

/** The headline metrics of an owner, by rank. */
export function headlineMetrics(owner: string): MetricSpec[] {
  return isOwner(owner) ? headlinesOf(CATALOGUE[owner]) : [];
}

/**
 * Headline metric paths `<id>.<metric>.<statistic>` for vehicles (each vehicle's headlines, those it emits), then,
 * for more than one vehicle, the programme's — the default columns of sweeps and comparisons.
 */
export function headlinePaths(vehicles: readonly { id: string; kind: string; scalarNames?: readonly string[] }[]) {
  const out: string[] = [];
  for (const v of vehicles)
    for (const m of headlineMetrics(v.kind))
      if (m.shape === "scalar" && (!v.scalarNames || v.scalarNames.includes(m.name)))
        out.push(`${v.id}.${m.name}.${m.headlineStat ?? "mean"}`);
  if (vehicles.length > 1)
    for (const m of headlineMetrics("programme")) out.push(`programme.${m.name}.${m.headlineStat ?? "mean"}`);
  return out;
}

/** The catalogue as plain JSON (for the API and the workbench): owner → metrics, families as templates. */
export function catalogueJson(): Record<MetricOwner, MetricSpec[]> {
  return Object.fromEntries(OWNERS.map((o) => [o, listMetrics(CATALOGUE[o])])) as Record<MetricOwner, MetricSpec[]>;
}
