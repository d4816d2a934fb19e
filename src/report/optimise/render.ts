/**
 * The optimisation report in phases, like the run report: result → report model (verdict sentence, tables, the
 * frontier chart input) → documents (Markdown; HTML with the chart as inline SVG and its vega-lite spec embedded).
 * Its own words live here, in Chinese and English, with the policy terms (容错) where they apply.
 */
import type { TopLevelSpec } from "vega-lite";
import { normInv } from "../../engine/normal.ts";
import type { ConfirmedCandidate, OptimiseResult } from "../../run/optimise/index.ts";
import { escapeHtml, scriptJson } from "../html.ts";
import { type Lang, metricLabel } from "../i18n.ts";
import { markdownTable } from "../markdown.ts";
import type { Table } from "../model/types.ts";
import { REPORT_CSS } from "../style.ts";
import { renderSvg } from "../svg.ts";
import { type FrontierRow, frontierChart } from "./chart.ts";

const WORDS = {
  en: {
    title: (name: string) => `Optimisation of ${name}`,
    subtitle: (n: number, p: number, s: number, c: number, cs: number) =>
      `${n} candidates searched on ${p} paths (seed ${s}); finalists confirmed on ${c} fresh paths (seed ${cs})`,
    recommended: "Recommended",
    overCurrent: "over the current plan",
    allMet: (c: string) => `all limits met at ${c} confidence`,
    binding: "the binding limit is",
    none: (c: string) => `No recommendation: no candidate meets every limit at ${c} confidence on fresh paths.`,
    ci: (c: string) => `${c} CI`,
    field: "Field",
    current: "Current plan",
    rec: "Recommended",
    constraint: "Limit",
    estimate: "Estimate",
    bound: (c: string) => `${c} one-sided bound`,
    limit: "Limit value",
    verdict: "Verdict",
    pass: "met",
    fail: "not met",
    decisions: "Decision variables",
    constraints: "Limits",
    finalists: "Finalists (confirmed on fresh paths)",
    tied: "Statistically tied with the recommendation",
    noneTied: "No other confirmed candidate is statistically tied with the recommendation.",
    objective: "Objective",
    se: "Std. error",
    frontier: "Frontier",
    frontierSub: "confirmed candidates: objective against the binding limit, with confidence bands",
    chosen: "recommended",
    currentPlan: "current plan",
    feasible: "meets the other limits",
    other: "fails another limit",
    method: "Method",
    methodText: (c: string) =>
      `Candidates are searched on one common-random-number sample (a Latin-hypercube screen with the current plan and the simplex corners, then CMA-ES), the finalists re-run on a fresh, larger sample; a candidate is recommended only when every limit holds with ${c} one-sided confidence there (exact Clopper–Pearson bounds for probabilities, normal bounds with the standard error otherwise).`,
    footer: (v: string, h: string) => `gfsim ${v} · scenario hash ${h}`,
  },
  zh: {
    title: (name: string) => `${name} 优化`,
    subtitle: (n: number, p: number, s: number, c: number, cs: number) =>
      `在 ${p} 条路径（种子 ${s}）上搜索了 ${n} 个候选方案；入围方案在 ${c} 条新路径（种子 ${cs}）上复核`,
    recommended: "建议",
    overCurrent: "相对现行方案",
    allMet: (c: string) => `所有限制均在 ${c} 置信度下满足`,
    binding: "约束最紧的是",
    none: (c: string) => `无推荐方案：在新路径上没有候选方案能在 ${c} 置信度下满足全部限制。`,
    ci: (c: string) => `${c} 置信区间`,
    field: "字段",
    current: "现行方案",
    rec: "建议方案",
    constraint: "限制",
    estimate: "估计值",
    bound: (c: string) => `${c} 单侧置信界`,
    limit: "限值",
    verdict: "结论",
    pass: "满足",
    fail: "不满足",
    decisions: "决策变量",
    constraints: "限制条件",
    finalists: "入围方案（新路径复核）",
    tied: "与建议方案统计上无差异的方案",
    noneTied: "没有其他复核方案与建议方案统计上无差异。",
    objective: "目标",
    se: "标准误",
    frontier: "前沿",
    frontierSub: "复核方案：目标值与最紧限制的关系（含置信带）",
    chosen: "建议方案",
    currentPlan: "现行方案",
    feasible: "满足其他限制",
    other: "不满足其他限制",
    method: "方法",
    methodText: (c: string) =>
      `在同一组公共随机数路径上搜索候选方案（拉丁超立方筛选，含现行方案与单纯形顶点，再以 CMA-ES 细化），入围方案在一组更大的新路径上重新模拟；只有在新路径上每个限制都以 ${c} 单侧置信度成立的方案才会被推荐（概率用精确 Clopper–Pearson 界，其他用标准误的正态界）。`,
    footer: (v: string, h: string) => `gfsim ${v} · 情景哈希 ${h}`,
  },
} as const;

/** A number as the report shows it (4 significant digits; percentages for probabilities are left to the label). */
function num(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "—";
  const a = Math.abs(x);
  if (a !== 0 && (a >= 1e7 || a < 1e-3)) return x.toExponential(3);
  return String(Number(x.toPrecision(4)));
}
const val = (v: unknown) => (typeof v === "number" ? num(v) : typeof v === "string" ? v : JSON.stringify(v));
const pct = (c: number) => `${Number((c * 100).toFixed(2))}%`;

/** An expression made readable: a lone metric path becomes its label, e.g. "容错 breach (mean)". */
export function exprLabel(lang: Lang, expr: string): string {
  const m = /^\s*([A-Za-z][\w-]*)\.(\w+)\.(\w+)\s*$/.exec(expr);
  if (!m) return expr;
  const label = metricLabel(lang, m[2]!);
  return label === m[2] ? expr : `${label} (${m[1]}, ${m[3]})`;
}

export interface OptimiseReportModel {
  lang: Lang;
  title: string;
  subtitle: string;
  verdict: string;
  decisions: Table;
  constraints: Table | null;
  finalists: Table;
  tied: string[];
  frontier: TopLevelSpec | null;
  method: string;
  footer: string;
}

function setText(set: Record<string, unknown>): string {
  return Object.entries(set)
    .map(([k, v]) => `${k} = ${val(v)}`)
    .join(", ");
}

export function buildOptimiseModel(r: OptimiseResult, lang: Lang): OptimiseReportModel {
  const w = WORDS[lang];
  const c = pct(r.confidence);
  const best = r.best;
  const z2 = normInv(1 - (1 - r.confidence) / 2);
  let verdict: string;
  if (best) {
    const ci =
      best.objective !== null && best.objective_se !== null
        ? ` (${w.ci(c)} ${num(best.objective - z2 * best.objective_se)}–${num(best.objective + z2 * best.objective_se)})`
        : "";
    const d = best.vs_current.difference;
    const diff = d === null ? "" : `, ${d >= 0 ? "+" : ""}${num(d)} ${w.overCurrent}`;
    const bindingRow = best.constraints.find((x) => x.expr === r.binding);
    const binding = bindingRow
      ? `; ${w.binding} ${exprLabel(lang, bindingRow.expr.split(/<=|>=|<|>/)[0]!.trim())} ${num(bindingRow.estimate)} ${bindingRow.op} ${num(bindingRow.limit)}`
      : "";
    const limits = best.constraints.length > 0 ? `; ${w.allMet(c)}` : "";
    verdict = `${w.recommended}: ${setText(best.set)}. ${exprLabel(lang, r.objective.expr)} ${num(best.objective)}${ci}${diff}${limits}${binding}.`;
  } else verdict = w.none(c);

  const fields = Object.keys(r.current.set);
  const decisions: Table = {
    head: [w.field, w.current, w.rec],
    rows: fields.map((f) => [f, val(r.current.set[f]), best ? val(best.set[f]) : "—"]),
    numericFrom: 1,
  };
  const shown = best ?? r.current;
  const constraints: Table | null =
    shown.constraints.length === 0
      ? null
      : {
          head: [w.constraint, w.current, w.estimate, w.bound(c), w.limit, w.verdict],
          rows: shown.constraints.map((x, i) => [
            x.expr,
            num(r.current.constraints[i]?.estimate),
            num(x.estimate),
            num(x.bound),
            `${x.op} ${num(x.limit)}`,
            x.pass ? w.pass : w.fail,
          ]),
          tones: shown.constraints.map((x) => (x.pass ? "good" : "bad")),
          numericFrom: 1,
        };
  const all: ConfirmedCandidate[] = [...r.finalists, r.current];
  const finalists: Table = {
    head: ["#", w.decisions, w.objective, w.se, w.verdict],
    rows: all.map((f, i) => [
      f === r.current ? w.currentPlan : String(i + 1),
      setText(f.set),
      num(f.objective),
      num(f.objective_se),
      f.pass ? w.pass : w.fail,
    ]),
    tones: all.map((f) => (f.pass ? "good" : "bad")),
    numericFrom: 2,
  };
  const bi = r.binding === null ? -1 : r.constraints.indexOf(r.binding);
  const rows: FrontierRow[] = r.frontier
    .filter((p) => p.constraint !== null && p.objective !== null)
    .map((p) => {
      const role = p.chosen ? "chosen" : p.current ? "current" : p.others_pass ? "feasible" : "other";
      const label = { chosen: w.chosen, current: w.currentPlan, feasible: w.feasible, other: w.other }[role];
      return { x: p.constraint!, y: p.objective!, lo: p.objective_lo, hi: p.objective_hi, role, label };
    });
  const binding = bi >= 0 ? (best ?? r.current).constraints[bi] : undefined;
  const frontier =
    rows.length > 0 && r.binding
      ? frontierChart({
          title: w.frontier,
          subtitle: w.frontierSub,
          xTitle: exprLabel(lang, r.binding.split(/<=|>=|<|>/)[0]!.trim()),
          yTitle: exprLabel(lang, r.objective.expr),
          limit: binding?.limit ?? null,
          rows,
        })
      : null;
  return {
    lang,
    title: w.title(r.scenario.name),
    subtitle: w.subtitle(r.evaluations, r.paths, r.seed, r.confirm.paths, r.confirm.seed),
    verdict,
    decisions,
    constraints,
    finalists,
    tied: r.tied.map((t) => `${setText(t.set)} — ${w.objective} ${num(t.objective)}`),
    frontier,
    method: w.methodText(c),
    footer: w.footer(r.version, r.scenario.hash),
  };
}

export function optimiseMarkdown(m: OptimiseReportModel): string {
  const w = WORDS[m.lang];
  const parts = [
    `# ${m.title}`,
    `_${m.subtitle}_`,
    `**${m.verdict}**`,
    `## ${w.decisions}`,
    markdownTable(m.decisions),
  ];
  if (m.constraints) parts.push(`## ${w.constraints}`, markdownTable(m.constraints));
  parts.push(`## ${w.finalists}`, markdownTable(m.finalists));
  parts.push(`## ${w.tied}`, m.tied.length > 0 ? m.tied.map((t) => `- ${t}`).join("\n") : w.noneTied);
  if (m.frontier) parts.push(`## ${w.frontier}`, `${w.frontierSub} (HTML).`);
  parts.push(`## ${w.method}`, m.method, `---`, m.footer);
  return `${parts.join("\n\n")}\n`;
}

function htmlTable(tb: Table): string {
  const head = tb.head.map((h) => `<th>${escapeHtml(h)}</th>`).join("");
  const rows = tb.rows
    .map((r, i) => {
      const tone = tb.tones?.[i];
      return `<tr${tone ? ` class="${tone}"` : ""}>${r
        .map((c, j) => `<td${j >= tb.numericFrom ? ' class="num"' : ""}>${escapeHtml(c)}</td>`)
        .join("")}</tr>`;
    })
    .join("\n");
  return `<table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

export async function optimiseHtml(m: OptimiseReportModel): Promise<string> {
  const w = WORDS[m.lang];
  const svg = m.frontier ? await renderSvg(m.frontier) : "";
  return `<!doctype html>
<html lang="${m.lang === "zh" ? "zh-CN" : "en"}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="gfsim">
<title>${escapeHtml(m.title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header class="top"><h1>${escapeHtml(m.title)}</h1><p class="subtitle">${escapeHtml(m.subtitle)}</p></header>
<main>
<section id="verdict"><p class="verdict"><strong>${escapeHtml(m.verdict)}</strong></p></section>
<section id="decisions"><h2>${escapeHtml(w.decisions)}</h2>${htmlTable(m.decisions)}</section>
${m.constraints ? `<section id="limits"><h2>${escapeHtml(w.constraints)}</h2>${htmlTable(m.constraints)}</section>` : ""}
${m.frontier ? `<section id="frontier"><h2>${escapeHtml(w.frontier)}</h2><figure class="chart">${svg}</figure></section>` : ""}
<section id="finalists"><h2>${escapeHtml(w.finalists)}</h2>${htmlTable(m.finalists)}</section>
<section id="tied"><h2>${escapeHtml(w.tied)}</h2>${m.tied.length > 0 ? `<ul>${m.tied.map((t) => `<li>${escapeHtml(t)}</li>`).join("")}</ul>` : `<p>${escapeHtml(w.noneTied)}</p>`}</section>
<section id="method"><h2>${escapeHtml(w.method)}</h2><p>${escapeHtml(m.method)}</p></section>
</main>
<footer>${escapeHtml(m.footer)}</footer>
<script type="application/json" id="vega-lite-specs">${scriptJson(m.frontier ? { frontier: m.frontier } : {})}</script>
</body>
</html>
`;
}
