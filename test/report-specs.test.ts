/**
 * Chart specs of the report: deterministic goldens (UPDATE_GOLDEN=1 rewrites them), valid against the vega-lite
 * JSON schema, compiled and rendered with no warning from vega-lite or vega, and built by functions that never
 * mutate their input and depend on field names and types only — never on the data values.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { type ChartInput, chartSpec } from "../src/report/charts/index.ts";
import { LANGS, type Lang } from "../src/report/i18n.ts";
import { buildReportModel, type ReportExtra } from "../src/report/model/index.ts";
import { renderSvg } from "../src/report/svg.ts";
import {
  SYNTHETIC_SCENARIO,
  syntheticCompare,
  syntheticResult,
  syntheticSizing,
  syntheticSweep,
} from "./report-fixture.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const GOLDEN_DIR = join(ROOT, "test/golden/report");

const extra = (): ReportExtra => ({
  scenario: SYNTHETIC_SCENARIO,
  sweep: syntheticSweep(),
  compare: syntheticCompare(),
  sizing: syntheticSizing(),
});

function chartInputs(lang: Lang): ChartInput[] {
  return buildReportModel(syntheticResult(), lang, extra()).sections.flatMap((s) => s.charts);
}

function specsById(lang: Lang): Record<string, unknown> {
  return Object.fromEntries(chartInputs(lang).map((c) => [c.id, chartSpec(c)]));
}

function deepFreeze<T>(x: T): T {
  if (x !== null && typeof x === "object" && !Object.isFrozen(x)) {
    Object.freeze(x);
    for (const v of Object.values(x)) deepFreeze(v);
  }
  return x;
}

/** Calls `visit` on every object and array reachable from `x` (each once), with the keys that led to it. */
function reachable(
  x: unknown,
  visit: (o: object, path: readonly string[]) => void,
  path: string[] = [],
  seen = new Set<object>(),
): void {
  if (x === null || typeof x !== "object" || seen.has(x)) return;
  seen.add(x);
  visit(x, path);
  for (const [k, v] of Object.entries(x)) reachable(v, visit, [...path, k], seen);
}

/** The spec without its data: what the builder decided, as opposed to what it was given. */
function withoutData(spec: unknown): unknown {
  if (Array.isArray(spec)) return spec.map(withoutData);
  if (spec === null || typeof spec !== "object") return spec;
  return Object.fromEntries(
    Object.entries(spec)
      .filter(([k]) => k !== "data")
      .map(([k, v]) => [k, withoutData(v)]),
  );
}

/** Changes every number in the input's rows (not their shape): a different run of the same scenario. */
function perturbRows(input: unknown): unknown {
  const bump = (v: unknown): unknown => {
    if (typeof v === "number") return v * 1.37 + 0.5;
    if (Array.isArray(v)) return v.map(bump);
    if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, bump(x)]));
    return v;
  };
  const o = input as Record<string, unknown>;
  return { ...o, rows: bump(o.rows), ...(o.references ? { references: bump(o.references) } : {}) };
}

describe("chart specs", () => {
  it.each(LANGS)("match the goldens (%s); UPDATE_GOLDEN=1 rewrites them", (lang) => {
    const path = join(GOLDEN_DIR, `synthetic.${lang}.json`);
    const text = `${JSON.stringify(specsById(lang), null, 2)}\n`;
    if (process.env.UPDATE_GOLDEN === "1") {
      mkdirSync(GOLDEN_DIR, { recursive: true });
      writeFileSync(path, text);
    }
    expect(existsSync(path), `${path} is missing: run UPDATE_GOLDEN=1 npx vitest run test/report-specs.test.ts`).toBe(
      true,
    );
    expect(text).toBe(readFileSync(path, "utf8"));
  });

  it("cover every chart kind the fixture can show, with unique ids", () => {
    const charts = chartInputs("en");
    const ids = charts.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(charts.map((c) => c.type))).toEqual(
      new Set(["fan", "quantiles", "bars", "yearLines", "sweep", "compare", "sizing"]),
    );
    // Per vehicle (fixture): the charts named in the task exist.
    for (const id of [
      "fund-nav-fan",
      "fund-tvpi",
      "fund-irr",
      "fund-loss-ratio",
      "fund-funnel",
      "fund-outcomes",
      "fund-grants",
    ])
      expect(ids).toContain(id);
    for (const id of [
      "angel-tvpi",
      "angel-irr",
      "pool-pool_balance-fan",
      "pool-compensation",
      "pool-prob-by-year",
      "programme-fiscal_cash_flow-fan",
      "programme-per-fiscal",
    ])
      expect(ids).toContain(id);
  });

  it("are valid against the vega-lite JSON schema", () => {
    const schema = JSON.parse(readFileSync(join(ROOT, "node_modules/vega-lite/build/vega-lite-schema.json"), "utf8"));
    // optimize: false compiles the large schema in ~2 s instead of ~9 s; validation is the same.
    const validate = new Ajv({ strict: false, logger: false, allErrors: true, code: { optimize: false } }).compile(
      schema,
    );
    for (const lang of LANGS)
      for (const [id, spec] of Object.entries(specsById(lang))) {
        const ok = validate(spec);
        expect(ok, `${lang} ${id}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
      }
  });

  it("compile and render to SVG with no warning from vega-lite or vega", async () => {
    for (const lang of LANGS)
      for (const [id, spec] of Object.entries(specsById(lang))) {
        const warnings: string[] = [];
        const svg = await renderSvg(spec as Parameters<typeof renderSvg>[0], warnings);
        expect(warnings, `${lang} ${id}`).toEqual([]);
        expect(svg.startsWith("<svg"), id).toBe(true);
        expect(svg, id).toMatch(/<path|<rect|<line/);
      }
  });

  it("never mutate their input", () => {
    for (const chart of chartInputs("zh")) {
      // The builder gets a deep-frozen clone: any write to the input (assignment, push, in-place sort) throws a
      // TypeError in these strict-mode modules, which is the check. (Comparing the clone or the original with
      // their JSON before the call could never fail: one is frozen, the other is never passed.)
      const frozen = deepFreeze(structuredClone(chart));
      const spec = chartSpec(frozen);
      expect(spec).toEqual(chartSpec(chart));
      // The spec owns its data: no object or array of the input is reachable from it, so editing the spec (as
      // vega does when it parses data) cannot reach back into the input.
      const inputObjects = new Set<object>();
      reachable(frozen, (o) => inputObjects.add(o));
      let rows = 0;
      let shared = 0;
      reachable(spec, (o, path) => {
        if (inputObjects.has(o)) shared++;
        // A data row: `…data.values[i]`, at the top level or in a layer.
        if (path.at(-3) === "data" && path.at(-2) === "values") rows++;
      });
      expect(shared, `${chart.id}: objects shared between input and spec`).toBe(0);
      expect(rows, `${chart.id}: data rows visited in the spec`).toBeGreaterThan(0);
    }
  });

  it("depend on field names and types, not on data values", () => {
    for (const chart of chartInputs("en")) {
      const changed = { ...chart, input: perturbRows(chart.input) } as ChartInput;
      expect(JSON.stringify(chartSpec(changed)), chart.id).not.toBe(JSON.stringify(chartSpec(chart)));
      expect(withoutData(chartSpec(changed)), chart.id).toEqual(withoutData(chartSpec(chart)));
    }
  });
});
