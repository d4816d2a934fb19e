/**
 * Optional report inputs produced by other commands — a parameter sweep, a paired comparison of two scenarios and
 * a pool-sizing curve — and their report sections. Metric paths are `<vehicle id>.<metric>.<statistic>` as in
 * targets (MODEL.md §8); money is in yuan like every result.
 */
import type { ChartInput } from "../charts/index.ts";
import { formatSe, formatValue, pathUnit, type Unit } from "../format.ts";
import { type Lang, metricLabel, t } from "../i18n.ts";
import { axisFor } from "./common.ts";
import { changesTable, type InputChange } from "./inputs.ts";
import type { Section, Table } from "./types.ts";

export interface SweepReport {
  /** Swept parameter paths, e.g. `fund.reserves`, in column order. */
  params: string[];
  /** Metric paths shown, e.g. `fund.tvpi.mean`. */
  metrics: string[];
  rows: {
    params: Record<string, number | string | boolean>;
    values: Record<string, number | null>;
    /** Standard errors of `values` where known. */
    se?: Record<string, number | null>;
  }[];
}

export interface CompareReport {
  /** Names of the two scenarios or runs (difference = b − a); told apart in the column heads when equal. */
  a: string;
  b: string;
  rows: { metric: string; a?: number | null; b?: number | null; diff: number | null; se: number | null }[];
  /** The inputs that differ between a's and b's scenarios (path, a's value, b's value), when known. */
  inputs?: InputChange[] | undefined;
}

export interface SizingReport {
  /** `size_pool` (default): x is the initial pool in yuan; `max_leverage`: x is the leverage multiple. */
  solver?: "size_pool" | "max_leverage";
  /** Tolerated probability of exhaustion. */
  alpha: number;
  /** Candidates with the estimated P(exhausted) and its uncertainty: an interval (lo, hi) or a standard error. */
  rows: { size: number; probability: number; se?: number | null; lo?: number | null; hi?: number | null }[];
  /** The answer (smallest pool, or largest leverage, meeting alpha), or null when none does. */
  chosen: number | null;
  /** Monte Carlo band of the answer, when known. */
  band?: { lo: number | null; hi: number | null } | null;
  /** A remark from the solver (e.g. why there is no answer). */
  note?: string;
}

export interface ExtraInputs {
  sweep?: SweepReport | undefined;
  compare?: CompareReport | undefined;
  sizing?: SizingReport | undefined;
}

/** `fund.tvpi.mean` → its metric's unit and a readable label (`fund · TVPI (mean)`). */
function metricPath(lang: Lang, path: string): { unit: Unit; label: string } {
  const [id, metric, stat] = path.split(".");
  const unit = pathUnit(path);
  if (!metric) return { unit, label: path };
  return { unit, label: `${id} · ${metricLabel(lang, metric)}${stat && stat !== "mean" ? ` (${stat})` : ""}` };
}

const shortName = (path: string) => path.split(".").pop() ?? path;
const showParam = (v: unknown) => (typeof v === "number" ? String(Number(v.toPrecision(6))) : String(v));

export function sweepSection(lang: Lang, sweep: SweepReport): Section {
  const [first, second] = sweep.params;
  const numeric =
    first !== undefined && sweep.params.length <= 2 && sweep.rows.every((r) => typeof r.params[first] === "number");
  const xOf = (r: SweepReport["rows"][number]) =>
    numeric
      ? (r.params[first!] as number)
      : sweep.params.map((p) => `${shortName(p)}=${showParam(r.params[p])}`).join(", ");
  const groupOf = (r: SweepReport["rows"][number], label: string) =>
    numeric && second !== undefined ? `${shortName(second)}=${showParam(r.params[second])}` : label;
  const columns = sweep.metrics.map((m) => ({ m, ...metricPath(lang, m) }));
  const charts: ChartInput[] = columns.slice(0, 8).map(({ m, unit, label }, i) => {
    const axis = axisFor(
      lang,
      unit,
      sweep.rows.map((r) => r.values[m]),
    );
    const d = axis.scale?.divisor ?? 1;
    const rows = sweep.rows.flatMap((r) => {
      const v = r.values[m];
      if (typeof v !== "number" || !Number.isFinite(v)) return [];
      const se = r.se?.[m];
      const band = typeof se === "number" && Number.isFinite(se) ? 1.96 * se : null;
      return [
        {
          x: xOf(r),
          group: groupOf(r, label),
          value: v / d,
          lo: band === null ? null : (v - band) / d,
          hi: band === null ? null : (v + band) / d,
        },
      ];
    });
    return {
      id: `sweep-${i}`,
      type: "sweep",
      input: {
        title: t(lang, "chart.sweep", { metric: label }),
        ...(rows.some((r) => r.lo !== null) && { subtitle: t(lang, "chart.ciNote") }),
        xTitle: numeric ? first! : sweep.params.map(shortName).join(", "),
        xType: numeric ? "quantitative" : "ordinal",
        yTitle: axis.title || label,
        yFormat: axis.format,
        groupTitle: numeric && second !== undefined ? second : "",
        rows,
      },
    };
  });
  const head = [...sweep.params, ...columns.map((c) => c.label)];
  const rows = sweep.rows.map((r) => [
    ...sweep.params.map((p) => showParam(r.params[p])),
    ...columns.map(({ m, unit }) => {
      const v = r.values[m] ?? null;
      const se = r.se?.[m];
      return typeof se === "number"
        ? `${formatValue(v, unit, lang)} ± ${formatSe(se, unit, lang)}`
        : formatValue(v, unit, lang);
    }),
  ]);
  return {
    id: "sweep",
    title: t(lang, "section.sweep"),
    kpis: [],
    notes: [],
    charts,
    tables: [{ title: t(lang, "section.sweep"), table: { head, rows, numericFrom: sweep.params.length } }],
  };
}

/** |b − a| beyond 1.96 paired standard errors (or a non-zero difference with no noise at all). */
function significant(diff: number | null | undefined, se: number | null | undefined): boolean {
  if (typeof diff !== "number" || typeof se !== "number") return false;
  return se > 0 ? Math.abs(diff / se) > 1.96 : diff !== 0;
}

/**
 * The comparison: first the difference table in real units (A, B, B − A, its paired standard error, a
 * significance mark), then the inputs that differ between A and B, then the standardised chart (B − A in units of
 * its standard error) for spotting which differences stand out of the noise.
 */
export function compareSection(lang: Lang, cmp: CompareReport): Section {
  const [a, b] = cmp.a === cmp.b ? [`${cmp.a} (A)`, `${cmp.b} (B)`] : [cmp.a, cmp.b];
  const rows = cmp.rows.flatMap((r) =>
    typeof r.diff === "number" && typeof r.se === "number" && r.se > 0
      ? [{ label: metricPath(lang, r.metric).label, z: r.diff / r.se }]
      : [],
  );
  const charts: ChartInput[] =
    rows.length === 0
      ? []
      : [
          {
            id: "compare",
            type: "compare",
            input: {
              title: t(lang, "chart.compare", { a, b }),
              subtitle: t(lang, "chart.compareNote"),
              xTitle: t(lang, "col.z"),
              rows,
            },
          },
        ];
  const table: Table = {
    head: [
      t(lang, "col.metric"),
      `A: ${a}`,
      `B: ${b}`,
      t(lang, "col.diffBA"),
      t(lang, "col.sePaired"),
      t(lang, "col.significant"),
    ],
    rows: cmp.rows.map((r) => {
      const { unit, label } = metricPath(lang, r.metric);
      const diff = formatValue(r.diff, unit, lang);
      return [
        label,
        formatValue(r.a, unit, lang),
        formatValue(r.b, unit, lang),
        typeof r.diff === "number" && r.diff > 0 ? `+${diff}` : diff,
        formatSe(r.se, unit, lang),
        significant(r.diff, r.se) ? "✱" : "",
      ];
    }),
    numericFrom: 1,
    tones: cmp.rows.map((r) => (significant(r.diff, r.se) ? ("bad" as const) : undefined)),
  };
  const tables: Section["tables"] = [{ title: t(lang, "section.compareTable"), table, open: true }];
  if (cmp.inputs)
    tables.push({
      title: t(lang, "section.compareInputs"),
      table: changesTable(cmp.inputs, [t(lang, "col.path"), `A: ${a}`, `B: ${b}`]),
      open: true,
    });
  const same = cmp.inputs?.length === 0 ? [t(lang, "note.compareSameInputs")] : [];
  return {
    id: "compare",
    title: t(lang, "section.compare"),
    kpis: [],
    notes: [t(lang, "note.compareSignificant"), ...same],
    charts,
    tables,
    lead: "tables",
  };
}

export function sizingSection(lang: Lang, sizing: SizingReport): Section {
  const leverage = sizing.solver === "max_leverage";
  const unit: Unit = leverage ? "multiple" : "money";
  const axis = axisFor(lang, unit, [...sizing.rows.map((r) => r.size), sizing.chosen]);
  const d = axis.scale?.divisor ?? 1;
  const show = (v: number | null | undefined) => formatValue(v, unit, lang);
  const alpha = formatValue(sizing.alpha, "probability", lang);
  const fin = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);
  const rows = sizing.rows.map((r) => {
    if (fin(r.lo) && fin(r.hi)) return { size: r.size / d, probability: r.probability, lo: r.lo, hi: r.hi };
    const se = fin(r.se) ? r.se : null;
    return {
      size: r.size / d,
      probability: r.probability,
      lo: se === null ? null : Math.max(0, r.probability - 1.96 * se),
      hi: se === null ? null : Math.min(1, r.probability + 1.96 * se),
    };
  });
  const chart: ChartInput = {
    id: "sizing",
    type: "sizing",
    input: {
      title: t(lang, leverage ? "chart.sizingLeverage" : "chart.sizing"),
      subtitle: t(lang, "chart.bandNote"),
      xTitle: `${t(lang, leverage ? "col.leverage" : "col.size")} (${axis.scale?.unit ?? "×"})`,
      yTitle: t(lang, "chart.probability"),
      rows,
      alpha: { value: sizing.alpha, label: t(lang, "chart.alpha", { value: alpha }) },
      chosen:
        sizing.chosen === null
          ? null
          : { value: sizing.chosen / d, label: t(lang, "chart.chosen", { value: show(sizing.chosen) }) },
    },
  };
  const band =
    sizing.band && (fin(sizing.band.lo) || fin(sizing.band.hi))
      ? ` [${show(sizing.band.lo)}, ${show(sizing.band.hi)}]`
      : "";
  const notes = [
    sizing.chosen === null
      ? t(lang, leverage ? "note.leverageNone" : "note.sizingNone", { alpha })
      : `${t(lang, leverage ? "note.leverageChosen" : "note.sizingChosen", { alpha, size: show(sizing.chosen) })}${band}`,
    ...(sizing.note ? [sizing.note] : []),
  ];
  const table = {
    head: [t(lang, leverage ? "col.leverage" : "col.size"), t(lang, "col.probability"), t(lang, "col.interval")],
    rows: sizing.rows.map((r, i) => [
      show(r.size),
      formatValue(r.probability, "probability", lang),
      rows[i]!.lo === null
        ? "—"
        : `${formatValue(rows[i]!.lo, "probability", lang)} – ${formatValue(rows[i]!.hi, "probability", lang)}`,
    ]),
    numericFrom: 0,
  };
  return {
    id: "sizing",
    title: t(lang, "section.sizing"),
    kpis: [],
    notes,
    charts: [chart],
    tables: [{ title: t(lang, "section.sizing"), table }],
  };
}
