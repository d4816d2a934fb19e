/**
 * `gfsim sweep`, `compare`, `size-pool` and `max-leverage` with `--report`: each writes HTML, Markdown, XLSX (and
 * CSV, JSON) holding its own section, for the run the operation already made (the sweep's base row, b, the run at
 * the answer) — checked by the numbers, which must be that run's exactly — in Chinese or English; bad report flags
 * exit 2 naming the option before anything is simulated.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import ExcelJS from "exceljs";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { registerCompare } from "../src/cli/commands/compare.ts";
import { registerMaxLeverage, registerSizePool } from "../src/cli/commands/size-pool.ts";
import { registerSweep, sweepCsv } from "../src/cli/commands/sweep.ts";
import { DEFAULT_REPORT_DIR, reportPlan } from "../src/cli/report-flags.ts";
import { GfsimError } from "../src/errors.ts";
import { formatValue } from "../src/report/format.ts";
import { parseFormats } from "../src/report/formats.ts";
import { t } from "../src/report/i18n.ts";
import type { Comparison } from "../src/run/compare.ts";
import { maxLeverage, type SolveResult } from "../src/run/solve.ts";
import type { SweepResult } from "../src/run/sweep.ts";
import { parseText } from "../src/scenario/load.ts";
import { cli, ROOT } from "./helpers.ts";

const tmp = mkdtempSync(join(tmpdir(), "gfsim-report-commands-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
// The commands set process.exitCode (1 on a failed target); a test must not leave it behind.
afterEach(() => {
  process.exitCode = 0;
});

/** Runs a command in this process; returns what it printed. */
async function gfsim(args: string[]): Promise<{ stdout: string; stderr: string }> {
  const program = new Command().exitOverride();
  registerSweep(program);
  registerCompare(program);
  registerSizePool(program);
  registerMaxLeverage(program);
  const out: string[] = [];
  const err: string[] = [];
  const { write: w1 } = process.stdout;
  const { write: w2 } = process.stderr;
  process.stdout.write = ((s: string) => out.push(String(s)) > 0) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => err.push(String(s)) > 0) as typeof process.stderr.write;
  try {
    await program.parseAsync(args, { from: "user" });
  } finally {
    process.stdout.write = w1;
    process.stderr.write = w2;
  }
  return { stdout: out.join(""), stderr: err.join("") };
}

async function workbook(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(path) as unknown as ArrayBuffer);
  return wb;
}

/** Rows of a sheet below its header, as plain arrays of cell values. */
function rows(wb: ExcelJS.Workbook, sheet: string): unknown[][] {
  const ws = wb.getWorksheet(sheet);
  if (!ws) throw new Error(`no sheet ${sheet}; have ${wb.worksheets.map((w) => w.name).join(", ")}`);
  const out: unknown[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, n) => {
    if (n > 1) out.push(Array.from({ length: ws.columnCount }, (_, i) => row.getCell(i + 1).value));
  });
  return out;
}

/** The Summary sheet's mean of `<id>.<metric>` (the vehicle sections' numbers). */
function summaryMean(wb: ExcelJS.Workbook, id: string, metric: string): unknown {
  const row = rows(wb, "Summary").find((r) => r[0] === id && r[2] === metric);
  if (!row) throw new Error(`no ${id}.${metric} in the Summary sheet`);
  return row[4];
}

const read = (path: string) => readFileSync(path, "utf8");
const common = ["--threads", "1"];

describe("gfsim sweep --report", () => {
  it("writes HTML, MD, XLSX, CSV and JSON of the base row with the sweep section, in Chinese (child process)", async () => {
    const dir = join(tmp, "sweep-zh");
    // generic-vc has vc.reserves 0.4: row 2 is the unmodified scenario, and the vehicle sections must be its run.
    const r = cli([
      "sweep",
      "generic-vc",
      "--vary",
      "vc.reserves=0.3,0.4,0.5",
      "--metrics",
      "vc.tvpi.mean,vc.loss_ratio.p50",
      "--paths",
      "30",
      "--seed",
      "3",
      "--no-progress",
      ...common,
      "--report",
      "html,md,xlsx,csv,json",
      "--lang",
      "zh",
      "--out",
      dir,
    ]);
    expect(r.status, r.stderr).toBe(0);
    const base = join(dir, "generic-vc-sweep-s3-n30");
    const files = ["html", "md", "xlsx", "json"].map((x) => `${base}.${x}`);
    files.push(`${base}-summary.csv`, `${base}-series.csv`, `${base}-sweep.csv`);
    expect(r.stdout).toContain(`reports: ${files[0]}, ${files[1]}, ${files[2]}`);
    expect(readdirSync(dir).sort()).toEqual(files.map((f) => f.slice(dir.length + 1)).sort());

    const sweep = JSON.parse(read(`${base}.json`)) as SweepResult;
    expect(sweep.rows.map((x) => x.values["vc.reserves"])).toEqual([0.3, 0.4, 0.5]);
    expect(read(`${base}-sweep.csv`)).toBe(sweepCsv(sweep));

    const html = read(`${base}.html`);
    expect(html).toContain("<title>gfsim 模拟报告 — generic-vc</title>");
    expect(html).toContain('<section id="sweep"');
    expect(html).toContain("参数扫描");
    for (const id of ["sweep-0", "sweep-1"]) expect(html).toContain(`data-chart-id="${id}"`);
    const md = read(`${base}.md`);
    expect(md).toMatch(/^# gfsim 模拟报告 — generic-vc\n/);
    expect(md).toContain("## 参数扫描");
    expect(md).toMatch(/\| 0\.3 \| [\d.]+× \|/);

    const wb = await workbook(`${base}.xlsx`);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Summary", "Series", "Scenario", "Targets", "Sweep"]);
    expect(rows(wb, "Sweep")).toEqual(
      sweep.rows.map((x, i) => [
        i + 1,
        x.values["vc.reserves"],
        x.metrics["vc.tvpi.mean"],
        x.metrics["vc.loss_ratio.p50"],
      ]),
    );
    // The vehicle sections are row 2's run (not row 1's): its TVPI exactly, and row 1's differs.
    expect(summaryMean(wb, "vc", "tvpi")).toBe(sweep.rows[1]!.metrics["vc.tvpi.mean"]);
    expect(sweep.rows[0]!.metrics["vc.tvpi.mean"]).not.toBe(sweep.rows[1]!.metrics["vc.tvpi.mean"]);
  });

  it("without the unmodified scenario among the rows, reports row 1 under its changes (English)", async () => {
    const dir = join(tmp, "sweep-en");
    const { stdout } = await gfsim([
      "sweep",
      "generic-vc",
      "--vary",
      "vc.reserves=0.3,0.5",
      "--paths",
      "20",
      "--seed",
      "4",
      "--no-progress",
      "--json",
      ...common,
      "--report",
      "html,md,xlsx",
      "--out",
      dir,
    ]);
    const sweep = JSON.parse(stdout) as SweepResult; // stdout stays pure JSON
    const base = join(dir, "generic-vc-sweep-s4-n20");
    expect(read(`${base}.md`)).toMatch(/^# gfsim simulation report — generic-vc \(vc\.reserves=0\.3\)\n/);
    expect(read(`${base}.md`)).toContain("## Parameter sweep");
    expect(read(`${base}.html`)).toContain('data-chart-id="sweep-0"');
    const wb = await workbook(`${base}.xlsx`);
    expect(summaryMean(wb, "vc", "tvpi")).toBe(sweep.rows[0]!.metrics["vc.tvpi.mean"]);
    // The Scenario sheet holds row 1's scenario, not the file's (reserves 0.4).
    expect(rows(wb, "Scenario").find((r) => r[0] === "vehicles[0].reserves")?.[1]).toBe(0.3);
  });
});

describe("gfsim compare --report", () => {
  it("writes b's run with the comparison table and chart, in Chinese; JSON stays alone on stdout", async () => {
    const dir = join(tmp, "compare-zh");
    const { stdout, stderr } = await gfsim([
      "compare",
      "generic-vc",
      "--set",
      "vc.reserves=0.5",
      "--paths",
      "30",
      "--seed",
      "3",
      "--no-progress",
      "--json",
      "--no-fail",
      ...common,
      "--report",
      "html,md,xlsx,csv",
      "--lang",
      "zh",
      "--out",
      dir,
    ]);
    const c = JSON.parse(stdout) as Comparison;
    const base = join(dir, "generic-vc-compare-s3-n30");
    expect(stderr).toContain(`reports: ${base}.html, ${base}.md, ${base}.xlsx`);
    const b = "generic-vc (vc.reserves=0.5)";
    const html = read(`${base}.html`);
    expect(html).toContain(`<title>gfsim 模拟报告 — ${b}</title>`);
    expect(html).toContain('<section id="compare"');
    expect(html).toContain('data-chart-id="compare"');
    const md = read(`${base}.md`);
    expect(md).toContain("## 情景对比");
    expect(md).toContain(`| 指标 | A: generic-vc | B: ${b} | B − A | 配对标准误 | 显著 |`);
    expect(read(`${base}-compare.csv`).split("\n")[0]).toBe("metric,a,b,diff,se,se_unpaired,n,significant");

    const wb = await workbook(`${base}.xlsx`);
    expect(rows(wb, "Comparison")).toEqual(
      c.metrics.map((m) => [
        m.metric,
        m.a,
        m.b,
        m.diff,
        m.se,
        typeof m.diff === "number" && typeof m.se === "number" && m.se > 0 ? m.diff / m.se : null,
      ]),
    );
    // The vehicle sections are b's run: its TVPI is the comparison's b (the same paths, summed in another order).
    const tvpi = c.metrics.find((m) => m.metric === "vc.tvpi")!;
    expect(summaryMean(wb, "vc", "tvpi") as number).toBeCloseTo(tvpi.b!, 12);
    expect(Math.abs(tvpi.b! - tvpi.a!)).toBeGreaterThan(1e-3);
  });
});

describe("gfsim size-pool / max-leverage --report", () => {
  it("size-pool writes the run at the chosen size with the sizing curve (English)", async () => {
    const dir = join(tmp, "size-pool");
    const { stdout } = await gfsim([
      "size-pool",
      "chengdu-pool-100m",
      "--paths",
      "100",
      "--tolerance",
      "0.05",
      "--json",
      ...common,
      "--report",
      "html,md,xlsx",
      "--out",
      dir,
    ]);
    const s = JSON.parse(stdout) as SolveResult;
    expect(s.answer).not.toBeNull();
    const base = join(dir, `chengdu-pool-100m-size-pool-s${s.seed}-n100`);
    const chosen = formatValue(s.answer, "money", "en");
    const html = read(`${base}.html`);
    expect(html).toContain('data-chart-id="sizing"');
    expect(html).toContain(t("en", "chart.chosen", { value: chosen }));
    const md = read(`${base}.md`);
    expect(md).toContain("## Pool sizing");
    expect(md).toContain(`Smallest pool with P(exhausted) ≤ 5.0%: ${chosen}`);

    const wb = await workbook(`${base}.xlsx`);
    const sheet = rows(wb, "Sizing");
    expect(sheet.slice(0, s.curve.length)).toEqual(s.curve.map((p) => [p.value, p.p, p.lo, p.hi, null]));
    expect(sheet.find((r) => r[0] === "chosen")?.[1]).toBe(s.answer);
    // The pool section is the run at the answer: its P(exhausted) is the curve's there.
    const atAnswer = s.curve.find((p) => p.value === s.answer)!;
    expect(summaryMean(wb, "pool", "pool_exhausted")).toBe(atAnswer.p);
    expect(atAnswer.p).toBeLessThanOrEqual(0.05);
    expect(s.curve.find((p) => p.value === 0)!.p).toBeGreaterThan(0.05);
  });

  it("max-leverage without an answer reports the largest candidate, in Chinese", async () => {
    const dir = join(tmp, "max-leverage");
    const { stdout } = await gfsim([
      "max-leverage",
      "chengdu-pool-100m",
      "--paths",
      "40",
      "--json",
      ...common,
      "--report",
      "md,xlsx",
      "--lang",
      "zh",
      "--out",
      dir,
    ]);
    const s = JSON.parse(stdout) as SolveResult;
    // The pool is never exhausted on these paths, whatever the leverage: no limit decides it.
    expect(s.answer).toBeNull();
    const base = join(dir, `chengdu-pool-100m-max-leverage-s${s.seed}-n40`);
    const md = read(`${base}.md`);
    expect(md).toContain("## 资金池规模测算");
    expect(md).toContain("在测算范围内没有放大倍数能满足耗尽概率 ≤ 5.0%。");
    const wb = await workbook(`${base}.xlsx`);
    // 40 paths, P = 0: the Wilson upper bound is z²/(n + z²) with z = 1.95996…
    const z2 = 1.959963984540054 ** 2;
    expect(rows(wb, "Sizing")[0]).toEqual([10, 0, 0, expect.closeTo(z2 / (40 + z2), 12), null]);
    // The pool section is the largest candidate's run (leverage 1000): the solver's own run there has its hash.
    const hashes = new Map<number, string>();
    const raw = parseText(read(join(ROOT, "scenarios/chengdu-pool-100m.yaml")), "chengdu-pool-100m");
    await maxLeverage(raw, { alpha: 0.05, paths: 40, onEvaluate: (p, r) => hashes.set(p.value, r.scenario.hash) });
    expect(Math.max(...hashes.keys())).toBe(1000);
    expect(rows(wb, "Scenario").find((r) => r[0] === "scenario.hash")?.[1]).toBe(hashes.get(1000));
  });
});

describe("report flags", () => {
  it("--report alone writes to reports/; --out alone writes the command's JSON; nothing asked, nothing written", () => {
    expect(reportPlan({ report: "md, html", lang: "zh" })).toEqual({
      formats: ["md", "html"],
      lang: "zh",
      outDir: DEFAULT_REPORT_DIR,
    });
    expect(DEFAULT_REPORT_DIR).toBe("reports");
    expect(reportPlan({ out: "x", lang: "en" })).toEqual({ formats: ["json"], lang: "en", outDir: "x" });
    expect(reportPlan({ lang: "en" })).toBeUndefined();
    expect(parseFormats(undefined)).toEqual([]);
  });

  it("--report with no --out writes into ./reports", async () => {
    const cwd = process.cwd();
    const dir = join(tmp, "cwd");
    rmSync(dir, { recursive: true, force: true });
    const { mkdirSync } = await import("node:fs");
    mkdirSync(dir);
    process.chdir(dir);
    try {
      await gfsim([
        "compare",
        "generic-vc",
        "--set",
        "vc.reserves=0.5",
        "--paths",
        "5",
        "--no-progress",
        ...common,
        "--report",
        "md",
      ]);
    } finally {
      process.chdir(cwd);
    }
    expect(readdirSync(join(dir, "reports"))).toEqual(["generic-vc-compare-s20040101-n5.md"]);
  });

  it("bad --report or --lang: exit 2 naming the option, before anything runs", async () => {
    const commands = [
      ["sweep", "generic-vc", "--vary", "vc.reserves=0.3"],
      ["compare", "generic-vc", "--set", "vc.reserves=0.5"],
      ["size-pool", "chengdu-pool-100m"],
      ["max-leverage", "chengdu-pool-100m"],
    ];
    const bad: [string[], string, RegExp][] = [
      [
        ["--report", "html,pdf"],
        "--report",
        /--report takes a comma-separated list of html, md, csv, xlsx, parquet, tidy, json/,
      ],
      [["--report", ","], "--report", /--report takes/],
      [["--report", "md", "--lang", "fr"], "--lang", /--lang must be zh or en/],
    ];
    for (const command of commands)
      for (const [flags, option, message] of bad) {
        const out = join(tmp, "never");
        const e = await gfsim([...command, "--paths", "100000", ...flags, "--out", out]).catch((x: unknown) => x);
        expect(e, `${command[0]} ${flags.join(" ")}`).toBeInstanceOf(GfsimError);
        expect((e as GfsimError).exitCode).toBe(2);
        expect((e as GfsimError).message).toMatch(message);
        expect((e as GfsimError).problems[0]?.path).toBe(option);
        expect(existsSync(out)).toBe(false);
      }
    const r = cli(["size-pool", "chengdu-pool-100m", "--report", "pdf"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--report takes/);
    expect(r.stderr).toMatch(/--report: unknown format/);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
  });
});
