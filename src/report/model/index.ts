/**
 * Phase 1 of the report pipeline: result (MODEL.md §10) → report model. Everything language-dependent is decided
 * here; the later phases (chart specs, documents) only lay the model out.
 */
import type { Result } from "../../run/result.ts";
import { formatValue, pathUnit } from "../format.ts";
import { kindLabel, type Lang, metricLabel, t, wordsFor } from "../i18n.ts";
import { getPath, type Metrics, type Series, scenarioVehicle } from "./common.ts";
import { compareSection, type ExtraInputs, sizingSection, sweepSection } from "./extras.ts";
import { changesTable, inputChanges } from "./inputs.ts";
import { programmeSection } from "./programme.ts";
import type { Kpi, ReportModel, Section, Table, Verdict } from "./types.ts";
import { type LooseVehicle, vehicleSection } from "./vehicle.ts";
import { verdicts } from "./verdict.ts";

export interface ReportExtra extends ExtraInputs {
  /** The scenario (validated or raw object): 容错 limits for the charts and the XLSX Scenario sheet. */
  scenario?: unknown;
  /**
   * The shipped scenario the run is named after (validated), to list the inputs that differ from it; null when the
   * name is not a shipped scenario. `withBaseline` (report/baseline.ts) fills it in.
   */
  shipped?: unknown;
}

export function buildReportModel(result: Result, lang: Lang, extra: ReportExtra = {}): ReportModel {
  const vehicles = Object.entries(result.vehicles ?? {}) as [string, LooseVehicle][];
  const sections: Section[] = vehicles.map(([id, v]) => vehicleSection(lang, id, v, extra.scenario));
  const prog = result.programme as { metrics?: Metrics; series?: Series } | undefined;
  if (prog?.metrics && Object.keys(prog.metrics).length > 0)
    sections.push(programmeSection(lang, prog.metrics, prog.series ?? {}));
  if (extra.sweep) sections.push(sweepSection(lang, extra.sweep));
  if (extra.compare) sections.push(compareSection(lang, extra.compare));
  if (extra.sizing) sections.push(sizingSection(lang, extra.sizing));

  const headline: Kpi[] = sections
    .filter((s) => s.id.startsWith("vehicle-") || s.id === "programme")
    .flatMap((s) => {
      const prefix = s.id === "programme" ? t(lang, "section.programme") : s.id.slice("vehicle-".length);
      return s.kpis.slice(0, s.id === "programme" ? 2 : 3).map((k) => ({ ...k, label: `${prefix} · ${k.label}` }));
    });
  const verdictList = verdicts(
    wordsFor(lang),
    vehicles.map(([id, v]) => ({
      id,
      kind: String(v.kind),
      metrics: v.metrics ?? {},
      scenarioVehicle: scenarioVehicle(extra.scenario, id),
      analytic: v.analytic,
    })),
    prog?.metrics,
    result.targets ?? [],
  );
  const run = whatWasRun(result, lang, extra);
  const modified = run.modified ? ` (${t(lang, "report.modified")})` : "";
  return {
    lang,
    title: `${t(lang, "report.title")} — ${result.scenario?.name ?? ""}${modified}`,
    subtitle: vehicles.map(([id, v]) => `${id}: ${kindLabel(lang, String(v.kind))}`).join(" · "),
    facts: factsTable(result, lang),
    run,
    verdicts: verdictList,
    headline,
    targets: targetsBlock(result, lang, verdictList),
    sections,
    footer: t(lang, "report.generatedBy", { version: result.version ?? "?" }),
  };
}

function whatWasRun(result: Result, lang: Lang, extra: ReportExtra): ReportModel["run"] {
  const desc = getPath(extra.scenario, "description");
  const description = typeof desc === "string" && desc.trim() !== "" ? desc.trim() : null;
  const name = result.scenario?.name ?? "";
  if (extra.scenario === undefined || extra.shipped === undefined)
    return { description, modified: null, note: t(lang, "inputs.unknown"), changes: null };
  if (extra.shipped === null)
    return { description, modified: null, note: t(lang, "inputs.notShipped", { name }), changes: null };
  const changes = inputChanges(extra.shipped, extra.scenario);
  if (changes.length === 0)
    return { description, modified: false, note: t(lang, "inputs.none", { name }), changes: null };
  return {
    description,
    modified: true,
    note: t(lang, "inputs.count", { n: changes.length, name }),
    changes: changesTable(changes, [t(lang, "col.path"), t(lang, "col.shipped"), t(lang, "col.runValue")]),
  };
}

function factsTable(result: Result, lang: Lang): Table {
  const rows = [
    [t(lang, "fact.scenario"), result.scenario?.name ?? "—"],
    [t(lang, "fact.hash"), result.scenario?.hash ?? "—"],
    [t(lang, "fact.seed"), String(result.seed ?? "—")],
    [t(lang, "fact.paths"), typeof result.paths === "number" ? result.paths.toLocaleString("en-US") : "—"],
    [t(lang, "fact.version"), result.version ?? "—"],
  ];
  if (typeof result.horizon_years === "number")
    rows.push([t(lang, "fact.horizon"), t(lang, "unit.years", { n: result.horizon_years })]);
  const vehicles = Object.entries(result.vehicles ?? {}).map(([id, v]) => `${id} (${kindLabel(lang, String(v.kind))})`);
  rows.push([t(lang, "fact.vehicles"), vehicles.join(", ") || "—"]);
  return { head: [t(lang, "col.key"), t(lang, "col.value")], rows, numericFrom: 2 };
}

function targetsBlock(result: Result, lang: Lang, verdictList: Verdict[]): ReportModel["targets"] {
  const targets = result.targets ?? [];
  const passed = targets.filter((x) => x.pass).length;
  const policyFails = verdictList.some((v) => v.tone === "bad");
  if (targets.length === 0)
    return { summary: t(lang, "target.none"), table: null, allPass: true, tone: policyFails ? "warn" : "good" };
  const table: Table = {
    head: [t(lang, "col.metric"), t(lang, "col.target"), t(lang, "col.actual"), t(lang, "col.result")],
    rows: targets.map((x) => {
      const unit = pathUnit(x.metric);
      const [id, metric] = x.metric.split(".");
      return [
        `${id} · ${metricLabel(lang, metric ?? "")} (${x.metric})`,
        `${x.op} ${formatValue(x.value, unit, lang)}`,
        formatValue(x.actual, unit, lang),
        x.pass ? t(lang, "target.pass") : t(lang, "target.fail"),
      ];
    }),
    numericFrom: 1,
    tones: targets.map((x) => (x.pass ? "good" : "bad")),
  };
  const allPass = passed === targets.length;
  const summary = t(lang, "target.summary", { pass: passed, total: targets.length });
  // "Every target met" must not read green while a policy limit fails on most paths.
  return {
    summary: allPass && policyFails ? t(lang, "target.butVerdict", { summary }) : summary,
    table,
    allPass,
    tone: !allPass ? "bad" : policyFails ? "warn" : "good",
  };
}

export type { ExtraInputs };
