/**
 * Phase 4: the result → an Excel workbook with sheets Summary (one row per metric), Series (one row per year),
 * Scenario (run facts and the scenario's fields, flattened) and Targets, plus Sweep, Comparison or Sizing when the
 * report carries a parameter sweep, a paired comparison or a pool-sizing curve. Cells hold the result's numbers
 * unchanged (yuan, fractions); only the cell number format shows them as money, percent or multiples.
 */
import ExcelJS from "exceljs";
import type { Result } from "../run/result.ts";
import { resultBlocks } from "./csv.ts";
import { pathUnit, type Unit, unitOf } from "./format.ts";
import { type DictKey, type Lang, metricLabel, t } from "./i18n.ts";
import type { ExtraInputs } from "./model/extras.ts";

const STATS = ["mean", "sd", "se", "p01", "p05", "p25", "p50", "p75", "p95", "p99"] as const;
const SERIES_STATS = ["mean", "p05", "p25", "p50", "p75", "p95"] as const;

function numFmt(unit: Unit): string {
  switch (unit) {
    case "money":
      return "#,##0";
    case "multiple":
      return '0.00"×"';
    case "rate":
    case "ratio":
    case "probability":
      return "0.00%";
    case "count":
    case "year":
      return "#,##0.0";
    default:
      return "General";
  }
}

const num = (x: unknown): number | null => (typeof x === "number" && Number.isFinite(x) ? x : null);

function header(ws: ExcelJS.Worksheet, labels: string[], widths: number[]): void {
  ws.columns = labels.map((h, i) => ({ header: h, width: widths[i] ?? 12 }));
  const row = ws.getRow(1);
  row.font = { bold: true };
  row.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFE8EEF7" } };
  ws.views = [{ state: "frozen", ySplit: 1 }];
}

/** Flattens a scenario object to [field path, value] rows (`vehicles[0].size`). */
export function flatten(
  value: unknown,
  path = "",
  out: [string, string | number | boolean | null][] = [],
): [string, string | number | boolean | null][] {
  if (Array.isArray(value)) {
    if (value.length === 0) out.push([path, "[]"]);
    value.forEach((v, i) => {
      flatten(v, `${path}[${i}]`, out);
    });
  } else if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    if (entries.length === 0) out.push([path, "{}"]);
    for (const [k, v] of entries) flatten(v, path ? `${path}.${k}` : k, out);
  } else if (value === null || typeof value === "number" || typeof value === "string" || typeof value === "boolean") {
    out.push([path, value]);
  }
  return out;
}

export async function renderXlsx(
  result: Result,
  lang: Lang,
  scenario?: unknown,
  extras: ExtraInputs = {},
): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "gfsim";
  wb.created = new Date(0);
  wb.modified = new Date(0);
  const col = (k: DictKey) => t(lang, k);
  const blocks = resultBlocks(result);

  const summary = wb.addWorksheet("Summary");
  header(
    summary,
    [
      col("col.vehicle"),
      col("col.kind"),
      col("col.key"),
      col("col.label"),
      ...STATS.map((s) => col(`col.${s}`)),
      col("col.defined"),
      col("col.n"),
    ],
    [12, 18, 30, 30, ...STATS.map(() => 14), 10, 10],
  );
  for (const [id, kind, metrics] of blocks) {
    for (const [name, m] of Object.entries(metrics)) {
      const row = summary.addRow([
        id,
        kind,
        name,
        metricLabel(lang, name),
        ...STATS.map((s) => num(m[s])),
        num(m.defined),
        num(m.n),
      ]);
      const fmt = numFmt(unitOf(name));
      STATS.forEach((_, i) => {
        row.getCell(5 + i).numFmt = fmt;
      });
      row.getCell(5 + STATS.length).numFmt = "0.0%";
    }
  }
  summary.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: 6 + STATS.length } };

  const series = wb.addWorksheet("Series");
  header(
    series,
    [
      col("col.vehicle"),
      col("col.kind"),
      col("col.key"),
      col("col.label"),
      col("col.year"),
      ...SERIES_STATS.map((s) => col(`col.${s}`)),
    ],
    [12, 18, 24, 26, 8, ...SERIES_STATS.map(() => 14)],
  );
  for (const [id, kind, , ser] of blocks) {
    for (const [name, points] of Object.entries(ser)) {
      const fmt = numFmt(unitOf(name));
      for (const p of points) {
        const row = series.addRow([
          id,
          kind,
          name,
          metricLabel(lang, name),
          num(p.year),
          ...SERIES_STATS.map((s) => num(p[s])),
        ]);
        SERIES_STATS.forEach((_, i) => {
          row.getCell(6 + i).numFmt = fmt;
        });
      }
    }
  }

  const sc = wb.addWorksheet("Scenario");
  header(sc, [col("col.path"), col("col.value")], [44, 48]);
  const facts: [string, string | number][] = [
    ["scenario.name", result.scenario?.name ?? ""],
    ["scenario.hash", result.scenario?.hash ?? ""],
    ["seed", result.seed],
    ["paths", result.paths],
    ["version", result.version],
    ["horizon_years", result.horizon_years],
  ];
  for (const f of facts) sc.addRow(f);
  if (scenario !== undefined) {
    sc.addRow([]);
    for (const [path, value] of flatten(scenario)) sc.addRow([path, value]);
  }

  const targets = wb.addWorksheet("Targets");
  header(
    targets,
    [col("col.metric"), "op", col("col.target"), col("col.actual"), col("col.result")],
    [36, 6, 14, 14, 10],
  );
  for (const x of result.targets ?? []) {
    const row = targets.addRow([
      x.metric,
      x.op,
      x.value,
      x.actual,
      x.pass ? t(lang, "target.pass") : t(lang, "target.fail"),
    ]);
    row.getCell(5).font = { bold: true, color: { argb: x.pass ? "FF2F855A" : "FFC53030" } };
  }

  extraSheets(wb, lang, extras);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** Sheets Sweep (one row per combination), Comparison (one row per metric) and Sizing (one row per candidate). */
function extraSheets(wb: ExcelJS.Workbook, lang: Lang, { sweep, compare, sizing }: ExtraInputs): void {
  const col = (k: DictKey) => t(lang, k);
  if (sweep) {
    const ws = wb.addWorksheet("Sweep");
    header(
      ws,
      ["#", ...sweep.params, ...sweep.metrics],
      [6, ...sweep.params.map(() => 22), ...sweep.metrics.map(() => 24)],
    );
    sweep.rows.forEach((r, i) => {
      const row = ws.addRow([
        i + 1,
        ...sweep.params.map((p) => r.params[p] ?? null),
        ...sweep.metrics.map((m) => num(r.values[m])),
      ]);
      sweep.metrics.forEach((m, j) => {
        row.getCell(2 + sweep.params.length + j).numFmt = numFmt(pathUnit(m));
      });
    });
  }
  if (compare) {
    const ws = wb.addWorksheet("Comparison");
    header(
      ws,
      [
        col("col.metric"),
        `a: ${compare.a}`,
        `b: ${compare.b}`,
        `${col("col.diff")} (b − a)`,
        col("col.se"),
        col("col.z"),
      ],
      [30, 18, 18, 18, 14, 12],
    );
    for (const r of compare.rows) {
      const z = typeof r.diff === "number" && typeof r.se === "number" && r.se > 0 ? r.diff / r.se : null;
      const row = ws.addRow([r.metric, num(r.a), num(r.b), num(r.diff), num(r.se), z]);
      const fmt = numFmt(pathUnit(r.metric));
      for (const c of [2, 3, 4, 5]) row.getCell(c).numFmt = fmt;
      row.getCell(6).numFmt = "0.00";
    }
  }
  if (sizing) {
    const ws = wb.addWorksheet("Sizing");
    const leverage = sizing.solver === "max_leverage";
    const fmt = numFmt(leverage ? "multiple" : "money");
    const interval = col("col.interval");
    header(
      ws,
      [col(leverage ? "col.leverage" : "col.size"), col("col.probability"), `${interval} lo`, `${interval} hi`, "se"],
      [22, 14, 14, 14, 12],
    );
    for (const r of sizing.rows) {
      const row = ws.addRow([r.size, r.probability, num(r.lo), num(r.hi), num(r.se)]);
      row.getCell(1).numFmt = fmt;
      for (const c of [2, 3, 4, 5]) row.getCell(c).numFmt = "0.00%";
      if (r.size === sizing.chosen) row.font = { bold: true };
    }
    ws.addRow([]);
    const facts: [string, number | string | null, string][] = [
      ["α", sizing.alpha, "0.00%"],
      [t(lang, "chart.chosen", { value: "" }).trim(), sizing.chosen, fmt],
      [`${interval} lo`, num(sizing.band?.lo), fmt],
      [`${interval} hi`, num(sizing.band?.hi), fmt],
    ];
    for (const [label, value, f] of facts) ws.addRow([label, value]).getCell(2).numFmt = f;
    if (sizing.note) ws.addRow(["note", sizing.note]);
  }
}
