/** The HTML report's stylesheet: readable on a laptop, two charts a row when there is room, clean on paper. */
import { FONT } from "./charts/theme.ts";

export const REPORT_CSS = `
:root { --ink:#1a202c; --muted:#4a5568; --line:#e2e8f0; --bg:#f7f9fc; --card:#ffffff; --main:#2b6cb0; --good:#2f855a; --bad:#c53030; --warn:#b7791f; }
* { box-sizing: border-box; }
html { font-family: ${FONT}; color: var(--ink); background: var(--bg); font-size: 15px; line-height: 1.5; }
body { margin: 0; }
header.top { background: #1e3a5f; color: #fff; padding: 28px max(24px, calc((100vw - 1240px) / 2)) 18px; }
header.top h1 { margin: 0 0 4px; font-size: 1.6rem; font-weight: 650; }
header.top .subtitle { margin: 0 0 12px; color: #c8d6e8; }
header.top nav ol { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 6px 8px; }
header.top nav a { color: #fff; text-decoration: none; font-size: .85rem; padding: 3px 10px; border: 1px solid rgba(255,255,255,.35); border-radius: 999px; }
header.top nav a:hover { background: rgba(255,255,255,.12); }
main { max-width: 1240px; margin: 0 auto; padding: 8px 24px 32px; }
section { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 18px 22px 14px; margin: 18px 0; }
h2 { font-size: 1.25rem; margin: 0 0 12px; padding-bottom: 6px; border-bottom: 2px solid var(--main); display: inline-block; }
h3 { font-size: 1rem; margin: 18px 0 8px; color: var(--muted); }
.kpis { display: grid; grid-template-columns: repeat(auto-fill, minmax(190px, 1fr)); gap: 10px; margin: 8px 0 6px; }
.kpi { border: 1px solid var(--line); border-left: 4px solid var(--main); border-radius: 6px; padding: 8px 12px; background: #fbfcfe; }
.kpi.good { border-left-color: var(--good); }
.kpi.bad { border-left-color: var(--bad); background: #fff7f7; }
.kpi .label { font-size: .8rem; color: var(--muted); }
.kpi .value { font-size: 1.3rem; font-weight: 650; font-variant-numeric: tabular-nums; }
.kpi .se { font-size: .8rem; font-weight: 400; color: var(--muted); }
.kpi .sub { font-size: .78rem; color: var(--muted); }
.note, .notes { color: var(--muted); font-size: .85rem; }
.notes { margin: 6px 0; padding-left: 20px; }
.badge { font-size: .8rem; font-weight: 600; padding: 2px 10px; border-radius: 999px; margin-left: 6px; vertical-align: middle; }
.badge.good { background: #e6f4ea; color: var(--good); }
.badge.bad { background: #fde8e8; color: var(--bad); }
.badge.warn { background: #fff4e0; color: var(--warn); }
ul.verdicts { list-style: none; margin: 0; padding: 0; }
li.verdict { border-left: 5px solid var(--line); padding: 8px 12px; margin: 6px 0; border-radius: 4px; background: #fbfcfe; font-size: 1rem; }
li.verdict.good { border-left-color: var(--good); background: #f0f9f3; }
li.verdict.warn { border-left-color: var(--warn); background: #fffaf0; }
li.verdict.bad { border-left-color: var(--bad); background: #fff5f5; font-weight: 600; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); grid-auto-flow: row dense; align-items: start; gap: 14px; margin: 12px 0; }
figure.chart { margin: 0; padding: 6px; border: 1px solid var(--line); border-radius: 8px; background: #fff; overflow: hidden; }
figure.chart svg { display: block; max-width: 100%; height: auto; margin: 0 auto; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: .85rem; font-variant-numeric: tabular-nums; }
th, td { padding: 5px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { background: #f1f4f9; font-weight: 600; color: var(--muted); }
td.num, th.num { text-align: right; white-space: nowrap; }
table.facts { width: auto; min-width: 50%; }
table.facts td:first-child { color: var(--muted); }
td.code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .8rem; color: var(--muted); }
tr.good td:last-child { color: var(--good); font-weight: 600; }
tr.bad td:last-child { color: var(--bad); font-weight: 700; }
tr.bad { background: #fff7f7; }
footer { max-width: 1240px; margin: 0 auto; padding: 0 24px 32px; color: var(--muted); font-size: .8rem; }
@media (max-width: 700px) { .charts { grid-template-columns: 1fr; } main { padding: 4px 10px; } section { padding: 12px; } }
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  html { background: #fff; font-size: 11px; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  header.top { background: #fff; color: var(--ink); padding: 0 0 8px; border-bottom: 2px solid var(--main); }
  header.top .subtitle { color: var(--muted); }
  header.top nav { display: none; }
  main { max-width: none; padding: 0; }
  section { border: none; padding: 0; margin: 12px 0; break-before: auto; }
  section.vehicle { break-before: page; }
  .charts { grid-template-columns: 1fr 1fr; gap: 8px; }
  figure.chart, .kpi, tr { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  .table-wrap { overflow: visible; }
}
`;
