/**
 * Phase 4: the report model → one self-contained HTML file. Charts are inline SVG rendered at build time (no
 * script, no network), the vega-lite specs are embedded as JSON for anyone who wants to re-render or restyle them,
 * and the page prints cleanly (CSS @media print).
 */
import type { TopLevelSpec } from "vega-lite";
import type { Result } from "../run/result.ts";
import { type ChartInput, chartSpec } from "./charts/index.ts";
import type { Lang } from "./i18n.ts";
import { t } from "./i18n.ts";
import { buildReportModel, type ReportExtra } from "./model/index.ts";
import type { Kpi, ReportModel, Section, Table } from "./model/types.ts";
import { REPORT_CSS } from "./style.ts";
import { renderSvg } from "./svg.ts";

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** JSON safe inside a <script> element (no `</script>` or `<!--` can appear). */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** Every chart spec of a model, by chart id, in document order. */
export function modelSpecs(model: ReportModel): [string, TopLevelSpec][] {
  return model.sections.flatMap((s) => s.charts.map((c): [string, TopLevelSpec] => [c.id, chartSpec(c)]));
}

export function renderHtml(result: Result, lang: Lang, extra: ReportExtra = {}): Promise<string> {
  return htmlFromModel(buildReportModel(result, lang, extra));
}

/** The HTML document of a report model (its charts rendered to SVG). */
export async function htmlFromModel(model: ReportModel): Promise<string> {
  const specs = new Map(modelSpecs(model));
  const svgs = new Map<string, string>();
  for (const [id, spec] of specs) svgs.set(id, await renderSvg(spec));
  return htmlDocument(model, specs, svgs);
}

function htmlDocument(model: ReportModel, specs: Map<string, TopLevelSpec>, svgs: Map<string, string>): string {
  const { lang } = model;
  const nav = [
    ["verdict", t(lang, "section.verdict")],
    ["facts", t(lang, "section.facts")],
    ["headline", t(lang, "section.headline")],
    ...model.sections.map((s) => [s.id, s.title]),
  ]
    .map(([id, title]) => `<li><a href="#${escapeHtml(id!)}">${escapeHtml(title!)}</a></li>`)
    .join("");
  return `<!doctype html>
<html lang="${lang === "zh" ? "zh-CN" : "en"}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="gfsim">
<title>${escapeHtml(model.title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header class="top">
<h1>${escapeHtml(model.title)}</h1>
<p class="subtitle">${escapeHtml(model.subtitle)}</p>
<nav aria-label="${escapeHtml(t(lang, "section.contents"))}"><ol>${nav}</ol></nav>
</header>
<main>
${verdictSection(model)}
<section id="facts"><h2>${escapeHtml(t(lang, "section.facts"))}</h2>${runFacts(model)}</section>
<section id="headline"><h2>${escapeHtml(t(lang, "section.headline"))}</h2>
${kpis(model.headline)}
<p class="note">${escapeHtml(t(lang, "kpi.seNote"))}</p>
<h3>${escapeHtml(t(lang, "section.targets"))} <span class="badge ${model.targets.tone}">${escapeHtml(model.targets.summary)}</span></h3>
${model.targets.table ? table(model.targets.table, "targets") : ""}
</section>
${model.sections.map((s) => section(s, svgs)).join("\n")}
</main>
<footer>${escapeHtml(model.footer)}</footer>
<script type="application/json" id="vega-lite-specs">${scriptJson(Object.fromEntries(specs))}</script>
</body>
</html>
`;
}

/** What was run: description, facts, and the inputs changed from the shipped scenario. */
function runFacts(model: ReportModel): string {
  const { run } = model;
  const desc = run.description ? `<p class="description">${escapeHtml(run.description)}</p>` : "";
  const changes = run.changes
    ? `<h3>${escapeHtml(t(model.lang, "section.inputs"))}</h3>${table(run.changes, "inputs")}`
    : "";
  return `${desc}${table(model.facts, "facts")}<p class="note inputs-note">${escapeHtml(run.note)}</p>${changes}`;
}

/** The verdict sentences, coloured by their tone, first thing on the page. */
function verdictSection(model: ReportModel): string {
  const items = model.verdicts.length
    ? model.verdicts
        .map((v) => `<li class="verdict ${v.tone}" data-section="${escapeHtml(v.section)}">${escapeHtml(v.text)}</li>`)
        .join("")
    : `<li class="verdict">${escapeHtml(t(model.lang, "verdict.none"))}</li>`;
  return `<section id="verdict"><h2>${escapeHtml(t(model.lang, "section.verdict"))}</h2><ul class="verdicts">${items}</ul></section>`;
}

function section(s: Section, svgs: Map<string, string>): string {
  const notes = s.notes.length
    ? `<ul class="notes">${s.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join("")}</ul>`
    : "";
  const charts = s.charts.length
    ? `<div class="charts">${s.charts.map((c) => figure(c, svgs.get(c.id) ?? "")).join("")}</div>`
    : "";
  const tables = s.tables.map((x) => `<h3>${escapeHtml(x.title)}</h3>${table(x.table, "metrics")}`).join("");
  return `<section id="${escapeHtml(s.id)}" class="vehicle">
<h2>${escapeHtml(s.title)}</h2>
${s.kpis.length ? kpis(s.kpis) : ""}${notes}${s.lead === "tables" ? tables + charts : charts + tables}
</section>`;
}

function figure(c: ChartInput, svg: string): string {
  return `<figure class="chart" data-chart-id="${escapeHtml(c.id)}" data-chart-type="${c.type}">${svg}</figure>`;
}

function kpis(items: Kpi[]): string {
  const cards = items.map(
    (k) =>
      `<div class="kpi${k.tone ? ` ${k.tone}` : ""}"><div class="label">${escapeHtml(k.label)}</div><div class="value">${escapeHtml(k.value)}${
        k.se ? `<span class="se"> ± ${escapeHtml(k.se)}</span>` : ""
      }</div>${k.sub ? `<div class="sub">${escapeHtml(k.sub)}</div>` : ""}</div>`,
  );
  return `<div class="kpis">${cards.join("")}</div>`;
}

function table(tb: Table, cls: string): string {
  const head = tb.head.map((h, i) => `<th${i >= tb.numericFrom ? ' class="num"' : ""}>${escapeHtml(h)}</th>`).join("");
  const rows = tb.rows
    .map((r, ri) => {
      const tone = tb.tones?.[ri];
      const cls = (i: number) => (i >= tb.numericFrom ? ' class="num"' : i === tb.codeColumn ? ' class="code"' : "");
      const cells = r.map((c, i) => `<td${cls(i)}>${escapeHtml(c)}</td>`).join("");
      return `<tr${tone ? ` class="${tone}"` : ""}>${cells}</tr>`;
    })
    .join("");
  return `<div class="table-wrap"><table class="${cls}"><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></div>`;
}
