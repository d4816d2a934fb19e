/**
 * CI outputs of `run`, `sweep` and `compare`: JUnit XML (one test case per target — per run, or per target and
 * sweep row — so CI systems list every KPI threshold as a test, failures saying actual vs threshold) and a Markdown
 * summary for a CI job's summary page (GitHub `$GITHUB_STEP_SUMMARY`, GitLab, Jenkins). Adapters: they only
 * render results; writing files is the commands' job.
 */
import type { Comparison } from "../run/compare.ts";
import type { Result, TargetResult } from "../run/result.ts";
import { defaultMetrics, type SweepResult } from "../run/sweep.ts";
import { fmtNum } from "./format.ts";

export interface JUnitCase {
  name: string;
  classname: string;
  /** Seconds. */
  time: number;
  failure?: { message: string; type: string; body: string };
}

export interface JUnitSuite {
  name: string;
  /** Seconds. */
  time: number;
  /** ISO 8601 local time without zone (as the JUnit schema wants), e.g. 2024-05-01T12:00:00. */
  timestamp?: string;
  properties: [string, string][];
  cases: JUnitCase[];
}

/** A number for people: compact for large magnitudes (1.72B, 687.8M), else 3–4 significant figures. */
export function fmtValue(x: number | null | undefined): string {
  if (x === null || x === undefined) return "—";
  const a = Math.abs(x);
  if (a >= 1e9) return `${(x / 1e9).toFixed(2)}B`;
  if (a >= 1e6) return `${(x / 1e6).toFixed(1)}M`;
  return fmtNum(x);
}

/** A value of a varied field, short. */
export function fmtSetting(v: unknown): string {
  return typeof v === "number" ? String(v) : typeof v === "string" ? v : JSON.stringify(v);
}

/** Exact enough for a failure message, without binary noise (0.8250000000000001 → 0.825). */
const exact = (x: number) => String(Number(x.toPrecision(10)));

export function targetLabel(t: { metric: string; op: string; value: number }): string {
  return `${t.metric} ${t.op} ${t.value}`;
}

/** Why a target failed, in one line: actual vs threshold. */
export function failureMessage(t: TargetResult): string {
  return t.actual === null
    ? `${t.metric} is undefined (no path defines it); required ${t.op} ${t.value}`
    : `${t.metric} = ${exact(t.actual)}; required ${t.op} ${t.value}`;
}

function targetCase(t: TargetResult, classname: string, time: number, context: string[]): JUnitCase {
  const c: JUnitCase = { name: targetLabel(t), classname, time };
  if (!t.pass)
    c.failure = {
      message: failureMessage(t),
      type: "TargetFailed",
      body: [
        `metric: ${t.metric}`,
        `actual: ${t.actual === null ? "undefined" : exact(t.actual)}`,
        `threshold: ${t.op} ${t.value}`,
        ...context,
      ].join("\n"),
    };
  return c;
}

const XML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

/** Escapes text for XML attributes and content; drops characters XML 1.0 cannot carry. */
export function xmlEscape(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing the control characters XML 1.0 forbids
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "").replace(/[&<>"']/g, (ch) => XML_ESCAPES[ch]!);
}

const secs = (t: number) => (Math.max(0, t) || 0).toFixed(3);

/** JUnit XML (the Ant/Jenkins dialect read by GitHub, GitLab, Jenkins, Azure): testsuites → testsuite → testcase. */
export function junitXml(suites: JUnitSuite[], name = "gfsim"): string {
  const a = (k: string, v: string | number) => ` ${k}="${xmlEscape(String(v))}"`;
  const count = (s: JUnitSuite) => s.cases.filter((c) => c.failure).length;
  const tests = suites.reduce((n, s) => n + s.cases.length, 0);
  const failures = suites.reduce((n, s) => n + count(s), 0);
  const time = suites.reduce((t, s) => t + s.time, 0);
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(
    `<testsuites${a("name", name)}${a("tests", tests)}${a("failures", failures)}${a("errors", 0)}${a("time", secs(time))}>`,
  );
  suites.forEach((s, id) => {
    const ts = s.timestamp ? a("timestamp", s.timestamp) : "";
    out.push(
      `  <testsuite${a("name", s.name)}${a("id", id)}${a("tests", s.cases.length)}${a("failures", count(s))}${a("errors", 0)}${a("skipped", 0)}${a("time", secs(s.time))}${ts}>`,
    );
    if (s.properties.length > 0) {
      out.push("    <properties>");
      for (const [k, v] of s.properties) out.push(`      <property${a("name", k)}${a("value", v)}/>`);
      out.push("    </properties>");
    }
    for (const c of s.cases) {
      const open = `    <testcase${a("name", c.name)}${a("classname", c.classname)}${a("time", secs(c.time))}`;
      if (!c.failure) out.push(`${open}/>`);
      else {
        out.push(`${open}>`);
        out.push(
          `      <failure${a("message", c.failure.message)}${a("type", c.failure.type)}>${xmlEscape(c.failure.body)}</failure>`,
        );
        out.push("    </testcase>");
      }
    }
    out.push("  </testsuite>");
  });
  out.push("</testsuites>");
  return `${out.join("\n")}\n`;
}

const runProperties = (r: {
  seed: number;
  paths: number;
  version: string;
  scenario: { hash: string };
}): [string, string][] => [
  ["seed", String(r.seed)],
  ["paths", String(r.paths)],
  ["scenario_hash", r.scenario.hash],
  ["gfsim_version", r.version],
];

export function runSuites(r: Result, seconds: number, timestamp?: string): JUnitSuite[] {
  const classname = `gfsim.${r.scenario.name}`;
  const each = seconds / Math.max(1, r.targets.length);
  const context = [`scenario: ${r.scenario.name} (hash ${r.scenario.hash})`, `seed: ${r.seed}, paths: ${r.paths}`];
  return [
    {
      name: `gfsim run ${r.scenario.name}`,
      time: seconds,
      ...(timestamp && { timestamp }),
      properties: runProperties(r),
      cases: r.targets.map((t) => targetCase(t, classname, each, context)),
    },
  ];
}

/** One suite per sweep row; `seconds[k]` is row k's run time. */
export function sweepSuites(s: SweepResult, seconds: number[], timestamp?: string): JUnitSuite[] {
  return s.rows.map((row, k) => {
    const setting = row.set.join(", ");
    const classname = `gfsim.${s.scenario.name}[${setting}]`;
    const time = seconds[k] ?? 0;
    const context = [
      `scenario: ${s.scenario.name}, row ${row.row}: ${setting}`,
      `reproduce: gfsim run <scenario> --seed ${s.seed} --paths ${s.paths} ${row.set.map((x) => `--set '${x}'`).join(" ")}`,
    ];
    return {
      name: `gfsim sweep ${s.scenario.name} row ${row.row} [${setting}]`,
      time,
      ...(timestamp && { timestamp }),
      properties: [
        ...runProperties({ ...s, scenario: { hash: row.hash } }),
        ...row.set.map((x): [string, string] => ["set", x]),
      ],
      cases: row.targets.map((t) => targetCase(t, classname, time / Math.max(1, row.targets.length), context)),
    };
  });
}

/** Targets of a comparison are checked on b, the changed scenario. */
export function compareSuites(c: Comparison, seconds: number, timestamp?: string): JUnitSuite[] {
  const classname = `gfsim.${c.b.scenario.name}`;
  const context = [
    `compared with ${c.a.scenario.name} (hash ${c.a.scenario.hash})`,
    `seed: ${c.seed}, paths: ${c.paths}`,
  ];
  return [
    {
      name: `gfsim compare ${c.a.scenario.name} → ${c.b.scenario.name}`,
      time: seconds,
      ...(timestamp && { timestamp }),
      properties: runProperties({ ...c, scenario: c.b.scenario }),
      cases: c.b.targets.map((t) => targetCase(t, classname, seconds / Math.max(1, c.b.targets.length), context)),
    },
  ];
}

// ── Markdown ─────────────────────────────────────────────────────────────────────────────────────────────────────

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;

function mdTable(header: string[], align: ("l" | "r")[], rows: string[][]): string {
  const lines = [
    `| ${header.map(cell).join(" | ")} |`,
    `|${align.map((x) => (x === "r" ? "---:" : "---")).join("|")}|`,
  ];
  for (const r of rows) lines.push(`| ${r.map(cell).join(" | ")} |`);
  return lines.join("\n");
}

function targetsTable(targets: TargetResult[]): string {
  return mdTable(
    ["", "target", "actual", "required"],
    ["l", "l", "r", "l"],
    targets.map((t) => [t.pass ? "✅" : "❌", code(t.metric), fmtValue(t.actual), `${t.op} ${t.value}`]),
  );
}

const meta = (r: { seed: number; paths: number; version: string; scenario: { hash: string } }) =>
  `seed \`${r.seed}\` · ${r.paths} paths · scenario hash \`${r.scenario.hash}\` · gfsim ${r.version}`;

function verdict(failed: number, total: number, what: string): string {
  if (total === 0) return `no ${what}s`;
  return failed === 0 ? `✅ all ${total} ${what}s pass` : `❌ ${failed} of ${total} ${what}s failed`;
}

export function runSummaryMd(r: Result): string {
  const failed = r.targets.filter((t) => !t.pass).length;
  const out = [`### gfsim run: ${r.scenario.name} — ${verdict(failed, r.targets.length, "target")}`, "", meta(r), ""];
  if (r.targets.length > 0) out.push(targetsTable(r.targets), "");
  const engines = Object.entries(r.vehicles).map(([id, v]) => ({
    id,
    kind: v.kind,
    scalarNames: Object.keys(v.metrics),
  }));
  const shown = defaultMetrics(engines, []);
  const rows = shown.map((path) => {
    const [id, metric] = path.split(".");
    const m = id === "programme" ? r.programme.metrics[metric!] : r.vehicles[id!]?.metrics[metric!];
    return [
      code(`${id}.${metric}`),
      fmtValue(m?.mean),
      fmtValue(m?.se),
      fmtValue(m?.p05),
      fmtValue(m?.p50),
      fmtValue(m?.p95),
    ];
  });
  if (rows.length > 0)
    out.push(mdTable(["metric", "mean", "se", "p05", "p50", "p95"], ["l", "r", "r", "r", "r", "r"], rows), "");
  return `${out.join("\n")}\n`;
}

export function sweepSummaryMd(s: SweepResult): string {
  const mode = s.zip ? "zipped" : "full grid";
  const out = [`### gfsim sweep: ${s.scenario.name} — ${verdict(s.failed_rows, s.rows.length, "row")}`, ""];
  out.push(`${meta(s)} · ${s.rows.length} rows (${mode}, common random numbers)`, "");
  const header = ["row", ...s.vary.map((v) => v.path), ...s.metrics, "targets"];
  const align: ("l" | "r")[] = header.map((_, i) => (i === header.length - 1 ? "l" : "r"));
  const rows = s.rows.map((r) => [
    String(r.row),
    ...s.vary.map((v) => fmtSetting(r.values[v.path])),
    ...s.metrics.map((m) => fmtValue(r.metrics[m])),
    r.targets.length === 0
      ? "—"
      : `${r.pass ? "✅" : "❌"} ${r.targets.filter((t) => t.pass).length}/${r.targets.length}`,
  ]);
  out.push(mdTable(header, align, rows), "");
  const failures = s.rows.flatMap((r) =>
    r.targets.filter((t) => !t.pass).map((t) => `- row ${r.row} (${r.set.join(", ")}): ${failureMessage(t)}`),
  );
  if (failures.length > 0) out.push("**Failed targets**", "", ...failures, "");
  return `${out.join("\n")}\n`;
}

export function compareSummaryMd(c: Comparison): string {
  const failed = c.b.targets.filter((t) => !t.pass).length;
  const title = `### gfsim compare: ${c.a.scenario.name} → ${c.b.scenario.name} — ${verdict(failed, c.b.targets.length, "target")}`;
  const out = [title, "", meta({ ...c, scenario: c.b.scenario }), ""];
  out.push("Differences b − a from paired paths (common random numbers); ⚠ marks |diff| > 2 se.", "");
  const row = (m: Comparison["metrics"][number]) => [
    code(m.metric),
    fmtValue(m.a),
    fmtValue(m.b),
    fmtValue(m.diff),
    fmtValue(m.se),
    fmtValue(m.se_unpaired),
    m.significant ? "⚠" : "",
  ];
  const header = ["metric", "a", "b", "b − a", "se (paired)", "se (unpaired)", ""];
  const align: ("l" | "r")[] = ["l", "r", "r", "r", "r", "r", "l"];
  const significant = c.metrics.filter((m) => m.significant);
  out.push(significant.length > 0 ? mdTable(header, align, significant.map(row)) : "No significant differences.", "");
  out.push(
    "<details><summary>All metrics</summary>",
    "",
    mdTable(header, align, c.metrics.map(row)),
    "",
    "</details>",
    "",
  );
  if (c.b.targets.length > 0) out.push("**Targets (checked on b)**", "", targetsTable(c.b.targets), "");
  return `${out.join("\n")}\n`;
}
