/**
 * What a metric is, declared once next to the engine that emits it: its unit, whether "better" is higher or lower,
 * a one-line description, its Chinese and English labels and, for the few that lead a summary, its headline rank.
 * Everything that shows, checks or chooses metrics (report, CLI summary, workbench, sweep and compare defaults, JSON
 * Schema descriptions, optimiser and calibrator) reads these declarations instead of guessing from a metric's name.
 */

/** The units a metric can have. A `ratio` is a share of a whole (0..1), a `rate` an annual rate (IRR). */
export const METRIC_UNITS = ["money", "multiple", "ratio", "probability", "rate", "count", "year"] as const;
export type MetricUnit = (typeof METRIC_UNITS)[number];

/** Which way a metric is better: `higher`, `lower`, or `neither` (a fact such as paid-in capital). */
export type Better = "higher" | "lower" | "neither";

/** The statistic a headline shows (the median where the mean is pulled by a long tail, e.g. IRR). */
export type HeadlineStat = "mean" | "p50";

export interface MetricDef {
  unit: MetricUnit;
  better: Better;
  /** One line, English: what the number is. */
  about: string;
  /** Display labels; a family's labels contain `{stage}`. */
  en: string;
  zh: string;
  /** Position among the kind's headline metrics (1 first); absent for the rest. */
  headline?: number;
  /** The headline's statistic (default `mean`). */
  headlineStat?: HeadlineStat;
}

/** `scalar`: one value per path; `series`: one value per path and year. */
export type MetricShape = "scalar" | "series";

/**
 * One kind's metrics, each group in the order the engine emits it:
 * - `scalars`: the fixed per-path scalars;
 * - `stageScalars`: per-stage families, keyed `<prefix>{stage}` and emitted once per lifecycle stage, family by family;
 * - `runLevel`: scalars computed once from all paths (e.g. expected shortfall), after the per-path ones;
 * - `series`: per-year series;
 * - `derived` / `derivedSeries`: computed after a run from the per-path values (src/run/derived-series.ts), e.g.
 *   P(TVPI ≥ 2×) or the J-curve; present in a result only when the vehicle has the values they are derived from.
 */
export interface KindMetrics {
  readonly scalars: Readonly<Record<string, MetricDef>>;
  readonly stageScalars?: Readonly<Record<string, MetricDef>>;
  readonly runLevel?: Readonly<Record<string, MetricDef>>;
  readonly series: Readonly<Record<string, MetricDef>>;
  readonly derived?: Readonly<Record<string, MetricDef>>;
  readonly derivedSeries?: Readonly<Record<string, MetricDef>>;
}

/** A metric found in the catalogue: its definition with its name and shape. */
export interface MetricSpec extends MetricDef {
  /** The name as emitted (`reached_pilot`), or the family's template when it was listed by family. */
  name: string;
  shape: MetricShape;
  /** The family template (`reached_{stage}`) and the stage, for a per-stage metric. */
  family?: string;
  stage?: string;
}

export const STAGE = "{stage}";

/** The prefix of a family template (`reached_{stage}` → `reached_`). */
export function familyPrefix(template: string): string {
  return template.slice(0, template.indexOf(STAGE));
}

/** The label of a metric in a language, with the stage filled in by `stageLabel` for a per-stage metric. */
export function labelOf(spec: MetricSpec, lang: "zh" | "en", stageLabel: (stage: string) => string): string {
  const label = spec[lang];
  return spec.stage === undefined ? label : label.replace(STAGE, stageLabel(spec.stage));
}

/** Looks `name` up in one kind's metrics (exact names first, then per-stage families). */
export function findMetric(metrics: KindMetrics, name: string, shape: MetricShape = "scalar"): MetricSpec | undefined {
  if (shape === "series") {
    const def = own(metrics.series, name) ?? own(metrics.derivedSeries ?? {}, name);
    return def && { ...def, name, shape };
  }
  const def = own(metrics.scalars, name) ?? own(metrics.runLevel ?? {}, name) ?? own(metrics.derived ?? {}, name);
  if (def) return { ...def, name, shape };
  for (const [template, fam] of Object.entries(metrics.stageScalars ?? {})) {
    const prefix = familyPrefix(template);
    if (name.startsWith(prefix) && name.length > prefix.length)
      return { ...fam, name, shape, family: template, stage: name.slice(prefix.length) };
  }
  return undefined;
}

function own(defs: Readonly<Record<string, MetricDef>>, name: string): MetricDef | undefined {
  return Object.hasOwn(defs, name) ? defs[name] : undefined;
}

/** The per-path scalar names a kind emits for these lifecycle stages, in output order (without run-level ones). */
export function scalarNamesOf(metrics: KindMetrics, stages: readonly string[] = []): string[] {
  const families = Object.keys(metrics.stageScalars ?? {}).flatMap((f) => stages.map((s) => familyPrefix(f) + s));
  return [...Object.keys(metrics.scalars), ...families];
}

/** Every metric of a kind, families as templates: scalars, families, run-level, then series. */
export function listMetrics(metrics: KindMetrics): MetricSpec[] {
  const group = (defs: Readonly<Record<string, MetricDef>> | undefined, shape: MetricShape, family = false) =>
    Object.entries(defs ?? {}).map(([name, d]): MetricSpec => ({ ...d, name, shape, ...(family && { family: name }) }));
  return [
    ...group(metrics.scalars, "scalar"),
    ...group(metrics.stageScalars, "scalar", true),
    ...group(metrics.runLevel, "scalar"),
    ...group(metrics.derived, "scalar"),
    ...group(metrics.series, "series"),
    ...group(metrics.derivedSeries, "series"),
  ];
}

/** The headline metrics of a kind, by rank. */
export function headlinesOf(metrics: KindMetrics): MetricSpec[] {
  return listMetrics(metrics)
    .filter((m) => m.headline !== undefined)
    .sort((a, b) => a.headline! - b.headline!);
}
