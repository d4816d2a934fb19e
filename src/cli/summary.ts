/**
 * The human summary of a run in the terminal: the verdict first (each policy limit judged, with its number and
 * uncertainty), then per vehicle each metric's mean ± standard error and p05/p50/p95 in its unit (percent for
 * probabilities and rates, ¥ M/¥ B or 万元/亿元 by `--lang`, × for multiples), then targets pass/fail. Numbers
 * are written by the report's formatter, so the terminal and the reports agree.
 */
import { formatSe, formatValue, pathUnit, unitOf } from "../report/format.ts";
import { type Lang, wordsFor } from "../report/i18n.ts";
import type { Metrics } from "../report/model/common.ts";
import { scenarioVehicle } from "../report/model/common.ts";
import { inputChanges, inputText } from "../report/model/inputs.ts";
import { verdicts } from "../report/model/verdict.ts";
import type { Result } from "../run/result.ts";
import type { MetricSummary } from "../stats/summary.ts";
import { table } from "./format.ts";

export interface SummaryOptions {
  lang?: Lang;
  /** The scenario run (its 容错 stage limits name the verdict's drivers). */
  scenario?: unknown;
  /** The shipped scenario of the same name (null: not shipped): the summary then lists the inputs changed. */
  shipped?: unknown;
}

const MARK = { good: "✓", warn: "!", bad: "✗" } as const;

function row(lang: Lang, name: string, m: MetricSummary): string[] {
  const unit = unitOf(name);
  const f = (x: number | null) => formatValue(x, unit, lang);
  const mean = m.mean === null ? "—" : `${f(m.mean)} ± ${formatSe(m.se, unit, lang)}`;
  const defined =
    m.defined < 1 ? ` (${lang === "zh" ? "有定义" : "defined"} ${formatValue(m.defined, "ratio", lang)})` : "";
  return [name, wordsFor(lang).metric(name), mean + defined, f(m.p05), f(m.p50), f(m.p95)];
}

export function renderSummary(r: Result, opts: SummaryOptions = {}): string {
  const lang = opts.lang ?? "en";
  const w = wordsFor(lang);
  const zh = lang === "zh";
  const head = zh
    ? ["指标", "名称", "均值 ± 标准误", "p05", "p50", "p95"]
    : ["metric", "label", "mean ± se", "p05", "p50", "p95"];
  const out: string[] = [];
  out.push(
    zh
      ? `gfsim ${r.version} — ${r.scenario.name}（哈希 ${r.scenario.hash}），种子 ${r.seed}，${r.paths} 条路径`
      : `gfsim ${r.version} — ${r.scenario.name} (hash ${r.scenario.hash}), seed ${r.seed}, ${r.paths} paths`,
  );
  if (opts.scenario !== undefined && opts.shipped) {
    const changes = inputChanges(opts.shipped, opts.scenario);
    if (changes.length > 0)
      out.push(
        `${w.t("report.modified")}: ${changes.map((c) => `${c.path} ${inputText(c.shipped)} → ${inputText(c.run)}`).join(", ")}`,
      );
  }
  const vs = verdicts(
    w,
    Object.entries(r.vehicles).map(([id, v]) => ({
      id,
      kind: v.kind,
      metrics: v.metrics as unknown as Metrics,
      scenarioVehicle: scenarioVehicle(opts.scenario, id),
      analytic: v.analytic,
    })),
    r.programme.metrics as unknown as Metrics,
    r.targets,
  );
  if (vs.length > 0) out.push("", ...vs.map((v) => `${MARK[v.tone]} ${v.text}`));
  for (const [id, v] of Object.entries(r.vehicles)) {
    out.push("", `■ ${id} — ${w.kind(v.kind)}`);
    out.push(
      table(
        head,
        Object.entries(v.metrics).map(([k, m]) => row(lang, k, m)),
        2,
      ),
    );
  }
  const pm = Object.entries(r.programme.metrics).filter(([, m]) => m.defined > 0 && m.mean !== 0);
  if (Object.keys(r.vehicles).length > 1 && pm.length > 0) {
    out.push("", `■ ${w.t("section.programme")}`);
    out.push(
      table(
        head,
        pm.map(([k, m]) => row(lang, k, m)),
        2,
      ),
    );
  }
  if (r.targets.length > 0) {
    out.push("", `■ ${w.t("section.targets")}`);
    out.push(
      table(
        zh ? ["目标", "实际", "结果"] : ["target", "actual", "result"],
        r.targets.map((x) => {
          const unit = pathUnit(x.metric);
          return [
            `${x.metric} ${x.op} ${formatValue(x.value, unit, lang)}`,
            formatValue(x.actual, unit, lang),
            x.pass ? (zh ? "达标" : "PASS") : zh ? "未达标" : "FAIL",
          ];
        }),
      ),
    );
  }
  return `${out.join("\n")}\n`;
}
