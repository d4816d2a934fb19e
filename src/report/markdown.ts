/**
 * Phase 4: the report model → Markdown, for CI job summaries and chat. Same words and numbers as the HTML report;
 * charts are listed by title only (see the HTML report for them).
 */
import type { Result } from "../run/result.ts";
import { withBaseline } from "./baseline.ts";
import { type Lang, t } from "./i18n.ts";
import { buildReportModel, type ReportExtra } from "./model/index.ts";
import type { Kpi, ReportModel, Section, Table } from "./model/types.ts";

const VERDICT_MARK = { good: "✅", warn: "⚠️", bad: "❌" } as const;

/** Escapes what would break a table cell or start markup. */
function cell(s: string): string {
  return s.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\n/g, " ");
}

export function markdownTable(tb: Table): string {
  const head = `| ${tb.head.map(cell).join(" | ")} |`;
  const rule = `|${tb.head.map((_, i) => (i >= tb.numericFrom ? " ---: " : " --- ")).join("|")}|`;
  const rows = tb.rows.map((r, i) => {
    const tone = tb.tones?.[i];
    const cells = r.map(cell);
    if (tone === "bad") cells[cells.length - 1] = `**${cells[cells.length - 1]}** ❌`;
    if (tone === "good") cells[cells.length - 1] = `${cells[cells.length - 1]} ✅`;
    return `| ${cells.join(" | ")} |`;
  });
  return [head, rule, ...rows].join("\n");
}

function kpiTable(lang: Lang, kpis: Kpi[]): string {
  const rows = kpis.map((k) => [k.label, k.value, k.se ?? "", k.sub ?? ""]);
  return markdownTable({
    head: [t(lang, "col.metric"), t(lang, "col.mean"), t(lang, "col.se"), ""],
    rows,
    numericFrom: 1,
  });
}

function section(lang: Lang, s: Section): string {
  const parts = [`## ${s.title}`];
  if (s.kpis.length) parts.push(kpiTable(lang, s.kpis));
  if (s.notes.length) parts.push(s.notes.map((n) => `- ${n}`).join("\n"));
  for (const tb of s.tables) parts.push(`### ${tb.title}`, markdownTable(tb.table));
  return parts.join("\n\n");
}

export function renderMarkdown(result: Result, lang: Lang, extra: ReportExtra = {}): string {
  return markdownFromModel(buildReportModel(result, lang, withBaseline(extra, result.scenario?.name)));
}

/** The Markdown document of a report model. */
export function markdownFromModel(m: ReportModel): string {
  const { lang } = m;
  const parts = [
    `# ${m.title}`,
    m.subtitle,
    `## ${t(lang, "section.verdict")}`,
    m.verdicts.length
      ? m.verdicts.map((v) => `- ${VERDICT_MARK[v.tone]} ${v.text}`).join("\n")
      : `- ${t(lang, "verdict.none")}`,
    `## ${t(lang, "section.facts")}`,
    m.run.description ?? "",
    markdownTable(m.facts),
    `_${m.run.note}_`,
    ...(m.run.changes ? [`### ${t(lang, "section.inputs")}`, markdownTable(m.run.changes)] : []),
    `## ${t(lang, "section.headline")}`,
    kpiTable(lang, m.headline),
    `_${t(lang, "kpi.seNote")}_`,
    `### ${t(lang, "section.targets")}: ${m.targets.summary}${m.targets.tone === "good" ? "" : m.targets.tone === "warn" ? " ⚠️" : " ❌"}`,
    ...(m.targets.table ? [markdownTable(m.targets.table)] : []),
    ...m.sections.map((s) => section(lang, s)),
    `---\n_${m.footer}_`,
  ];
  return `${parts.filter((p) => p !== "").join("\n\n")}\n`;
}
