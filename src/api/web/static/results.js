/**
 * Drawing what the server sends for a finished job (GET /v1/runs/:id/charts): KPI cards with mean ± standard
 * error, p05–p95 and target verdicts, the targets table, and each report section's notes, vega-lite charts
 * (embedded with vega-embed; the specs are the HTML report's) and tables.
 */
import { el } from "./dom.js";
import { lang, t } from "./i18n.js";

const EMBED_I18N = {
  zh: {
    SVG_ACTION: "保存为 SVG",
    PNG_ACTION: "保存为 PNG",
    SOURCE_ACTION: "查看源码",
    COMPILED_ACTION: "查看 Vega",
    EDITOR_ACTION: "在编辑器中打开",
  },
  en: {},
};

/** Embeds one vega-lite spec; resolves when it is drawn. */
export async function embedChart(target, spec) {
  const options = {
    renderer: "svg",
    actions: { export: true, source: false, compiled: false, editor: false },
    i18n: EMBED_I18N[lang()],
    downloadFileName: target.dataset.chartId || "chart",
  };
  await globalThis.vegaEmbed(target, spec, options);
}

export function table(tb, cls = "metrics") {
  const head = el("tr");
  for (const [i, h] of tb.head.entries())
    head.append(el("th", { scope: "col", class: i >= tb.numericFrom ? "num" : null, text: h }));
  const body = el("tbody");
  for (const [ri, r] of tb.rows.entries()) {
    const tr = el("tr", { class: tb.tones?.[ri] ?? null });
    for (const [i, c] of r.entries())
      tr.append(el("td", { class: i >= tb.numericFrom ? "num" : i === tb.codeColumn ? "code" : null, text: c }));
    body.append(tr);
  }
  return el("div", { class: "table-wrap" }, el("table", { class: cls }, el("thead", {}, head), body));
}

function kpiCard(k) {
  const verdicts = k.targets.map((x) =>
    el("div", {
      class: `verdict ${x.pass ? "good" : "bad"}`,
      text: t(x.pass ? "kpi.pass" : "kpi.fail", { op: x.op, value: x.value }),
    }),
  );
  const tone = k.targets.length === 0 ? "" : k.targets.every((x) => x.pass) ? " good" : " bad";
  return el(
    "div",
    {
      class: `kpi${tone}`,
      "data-metric": k.metric,
      "data-mean": k.mean ?? "",
      "data-se": k.se ?? "",
      "data-p05": k.p05 ?? "",
      "data-p95": k.p95 ?? "",
    },
    el("div", { class: "label", text: k.label }),
    el(
      "div",
      { class: "value" },
      el("span", { class: "mean", text: k.text.mean }),
      k.se ? el("span", { class: "se", text: ` ± ${k.text.se}` }) : null,
    ),
    // A probability's p05–p95 is only ever 0% – 100%: it says nothing, so it is left out.
    k.unit === "probability"
      ? null
      : el("div", { class: "range", text: t("kpi.range", { lo: k.text.p05, hi: k.text.p95 }) }),
    ...verdicts,
  );
}

/** Draws the sections of a view (report sections with charts); resolves when every chart is drawn. */
export async function renderSections(container, sections, headingLevel = "h3") {
  const pending = [];
  for (const s of sections) {
    const box = el("section", { class: "report-section", id: `sec-${s.id}`, "aria-labelledby": `sec-${s.id}-h` });
    box.append(el(headingLevel, { id: `sec-${s.id}-h`, text: s.title }));
    if (s.notes.length > 0) {
      const ul = el("ul", { class: "notes" });
      for (const n of s.notes) ul.append(el("li", { text: n }));
      box.append(ul);
    }
    const tables = s.tables.map((x) => {
      const d = el("details", { class: "tables" }, el("summary", { text: x.title }), table(x.table));
      d.open = Boolean(x.open);
      return d;
    });
    // A comparison leads with its real-unit table; other sections with their charts.
    if (s.lead === "tables") box.append(...tables);
    if (s.charts.length > 0) {
      const grid = el("div", { class: "charts" });
      for (const c of s.charts) {
        const fig = el("figure", { class: "chart", "data-chart-id": c.id, "data-chart-type": c.type });
        grid.append(fig);
        pending.push(embedChart(fig, c.spec));
      }
      box.append(grid);
    }
    if (s.lead !== "tables") box.append(...tables);
    container.append(box);
  }
  await Promise.all(pending);
  container.dataset.charts = String(pending.length);
}

/** Draws a run's view: KPI cards, targets, then every section. */
export async function renderRunView(container, view) {
  container.replaceChildren();
  container.removeAttribute("data-charts");
  const kpis = el("div", { class: "kpis", id: "kpi-cards" });
  for (const k of view.kpis) kpis.append(kpiCard(k));
  const verdicts = el("ul", { class: "verdicts", id: "verdicts" });
  for (const v of view.verdicts ?? [])
    verdicts.append(el("li", { class: `verdict ${v.tone}`, "data-section": v.section, text: v.text }));
  container.append(
    el("h3", { class: "run-title", text: view.title }),
    el("p", { class: "muted", text: view.subtitle }),
    verdicts,
    kpis,
    el("p", { class: "note", text: t("results.seNote") }),
  );
  const tg = el("section", { class: "targets", "aria-labelledby": "targets-h" });
  tg.append(
    el(
      "h3",
      { id: "targets-h" },
      `${t("results.targets")} `,
      el("span", { class: `badge ${view.targets.tone}`, text: view.targets.summary }),
    ),
  );
  if (view.targets.table) tg.append(table(view.targets.table, "targets"));
  container.append(tg);
  const facts = el("details", { class: "tables", id: "run-facts" }, el("summary", { text: t("results.facts") }));
  if (view.run?.description) facts.append(el("p", { class: "description", text: view.run.description }));
  facts.append(table(view.facts, "facts"));
  if (view.run?.note) facts.append(el("p", { class: "note", text: view.run.note }));
  if (view.run?.changes) facts.append(table(view.run.changes, "inputs"));
  // A modified run opens its facts: the changed inputs are part of the answer.
  facts.open = view.run?.modified === true;
  container.append(facts);
  const sections = el("div", { class: "sections" });
  container.append(sections);
  await renderSections(sections, view.sections);
  container.dataset.charts = sections.dataset.charts;
}
