/**
 * Helpers shared by the per-vehicle model builders: KPIs and tables from metric summaries, quantile and fan rows in
 * display units, and loose look-ups in the (optional) scenario.
 */
import type { SeriesPoint } from "../../stats/summary.ts";
import type { FanRow } from "../charts/fan.ts";
import type { QuantileRow } from "../charts/quantiles.ts";
import { d3Format, formatSe, formatValue, type MoneyScale, moneyScale, type Unit, unitOf } from "../format.ts";
import { type Lang, metricLabel, t } from "../i18n.ts";
import type { Kpi, Table } from "./types.ts";

/** A metric summary as found in a result file: fields may be missing or null. */
export type Summary = Partial<
  Record<"mean" | "sd" | "se" | "p01" | "p05" | "p25" | "p50" | "p75" | "p95" | "p99" | "defined" | "n", number | null>
>;
export type Metrics = Record<string, Summary>;
export type Series = Record<string, readonly Partial<SeriesPoint>[]>;

const num = (x: unknown): number | null => (typeof x === "number" && Number.isFinite(x) ? x : null);

export function mean(metrics: Metrics, name: string): number | null {
  return num(metrics[name]?.mean);
}

/** A KPI card for a metric (mean ± se, median below for distributions); null when the metric is absent. */
export function kpi(
  lang: Lang,
  metrics: Metrics,
  name: string,
  opts: { label?: string; tone?: Kpi["tone"] } = {},
): Kpi | null {
  const m = metrics[name];
  if (!m) return null;
  const unit = unitOf(name);
  const value = num(m.mean);
  const out: Kpi = { label: opts.label ?? metricLabel(lang, name), value: formatValue(value, unit, lang) };
  const se = num(m.se);
  // A zero standard error is an exact figure (a constant, or no path had the event): no "± 0%".
  if (se !== null && se > 0) out.se = formatSe(se, unit, lang);
  const median = num(m.p50);
  if (median !== null && unit !== "probability")
    out.sub = t(lang, "kpi.median", { value: formatValue(median, unit, lang) });
  if (opts.tone) out.tone = opts.tone;
  return out;
}

export function plainKpi(label: string, value: string, sub?: string, tone?: Kpi["tone"]): Kpi {
  const out: Kpi = { label, value };
  if (sub !== undefined) out.sub = sub;
  if (tone) out.tone = tone;
  return out;
}

export function compact<T>(xs: (T | null | undefined)[]): T[] {
  return xs.filter((x): x is T => x !== null && x !== undefined);
}

/** Every metric present, in result order: the generic table that guarantees nothing is hidden. */
export function metricTable(lang: Lang, metrics: Metrics): Table {
  const head = [
    t(lang, "col.metric"),
    t(lang, "col.key"),
    t(lang, "col.mean"),
    t(lang, "col.se"),
    t(lang, "col.p05"),
    t(lang, "col.p50"),
    t(lang, "col.p95"),
    t(lang, "col.defined"),
  ];
  const rows = Object.entries(metrics).map(([name, m]) => {
    const unit = unitOf(name);
    const f = (x: unknown) => formatValue(num(x), unit, lang);
    const defined = num(m.defined);
    return [
      metricLabel(lang, name),
      name,
      f(m.mean),
      formatSe(num(m.se), unit, lang),
      f(m.p05),
      f(m.p50),
      f(m.p95),
      defined === null ? "—" : formatValue(defined, "ratio", lang),
    ];
  });
  return { head, rows, numericFrom: 2, codeColumn: 1 };
}

/** Display scale and axis format of a unit for a set of raw values (money gets 万元/亿元 or ¥ M/¥ B). */
export function axisFor(
  lang: Lang,
  unit: Unit,
  values: (number | null | undefined)[],
): { scale: MoneyScale | null; format: string; title: string } {
  if (unit !== "money") {
    const key =
      unit === "multiple"
        ? "chart.multiple"
        : unit === "rate"
          ? "chart.rate"
          : unit === "probability"
            ? "chart.probability"
            : "chart.share";
    return {
      scale: null,
      format: d3Format(unit),
      title: unit === "count" || unit === "number" || unit === "year" ? "" : t(lang, key),
    };
  }
  const maxAbs = Math.max(0, ...values.map((v) => (typeof v === "number" && Number.isFinite(v) ? Math.abs(v) : 0)));
  const scale = moneyScale(maxAbs, lang);
  return { scale, format: ",.4~r", title: t(lang, "chart.money", { unit: scale.unit }) };
}

const QUANTILES = ["p01", "p05", "p25", "p50", "p75", "p95", "p99"] as const;

/** A quantile-chart row, or null when the metric is absent or its quantiles are undefined. */
export function quantileRow(label: string, m: Summary | undefined, scale: MoneyScale | null): QuantileRow | null {
  if (!m) return null;
  const d = scale?.divisor ?? 1;
  const q: number[] = [];
  for (const k of QUANTILES) {
    const v = num(m[k]);
    if (v === null) return null;
    q.push(v / d);
  }
  // No spread (a fixed amount): nothing to draw; the KPI and the table show the value.
  if (q[0] === q[6]) return null;
  const mu = num(m.mean);
  return {
    label,
    p01: q[0]!,
    p05: q[1]!,
    p25: q[2]!,
    p50: q[3]!,
    p75: q[4]!,
    p95: q[5]!,
    p99: q[6]!,
    mean: mu === null ? null : mu / d,
  };
}

export function quantileValues(ms: (Summary | undefined)[]): (number | null)[] {
  return ms.flatMap((m) => (m ? QUANTILES.map((k) => num(m[k])) : []));
}

/** Fan rows of a series in display units; years with any undefined quantile are left out. */
export function fanRows(points: readonly Partial<SeriesPoint>[], scale: MoneyScale | null): FanRow[] {
  const d = scale?.divisor ?? 1;
  const out: FanRow[] = [];
  for (const p of points) {
    const v = [num(p.year), num(p.p05), num(p.p25), num(p.p50), num(p.p75), num(p.p95)];
    if (v.some((x) => x === null)) continue;
    const [year, p05, p25, p50, p75, p95] = v as number[];
    out.push({ year: year!, p05: p05! / d, p25: p25! / d, p50: p50! / d, p75: p75! / d, p95: p95! / d });
  }
  return out;
}

export function seriesValues(points: readonly Partial<SeriesPoint>[]): (number | null)[] {
  return points.flatMap((p) => [num(p.p05), num(p.p95), num(p.p50)]);
}

/** Reads `path` (dot-separated) in a loose object, e.g. a vehicle's `tolerance.fund_loss_ratio` in a scenario. */
export function getPath(root: unknown, path: string): unknown {
  let cur = root;
  for (const k of path.split(".")) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

/** The scenario entry of a vehicle (validated or raw scenario object), if the report was given one. */
export function scenarioVehicle(scenario: unknown, id: string): unknown {
  const vehicles = getPath(scenario, "vehicles");
  return Array.isArray(vehicles) ? vehicles.find((v) => getPath(v, "id") === id) : undefined;
}

export { num };
