/**
 * The scenario format: shared examples load unchanged, the committed JSON Schema matches the zod schemas, the hash
 * changes with any parameter, results are byte-identical for the same seed, and `--set` reaches any field.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { scenarioJsonSchema } from "../src/scenario/json-schema.ts";
import { applyOverrides, loadScenarioText, parseOverride, scenarioHash } from "../src/scenario/load.ts";
import type { Scenario } from "../src/scenario/schema.ts";
import { VERSION } from "../src/version.ts";
import { cli, ROOT } from "./helpers.ts";

describe("scenario format", () => {
  it("the committed JSON Schema is the one generated from the zod schemas (npm run gen)", () => {
    const committed = readFileSync(`${ROOT}schema/scenario.schema.json`, "utf8");
    expect(committed).toBe(`${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
  });

  it("VERSION matches package.json", () => {
    expect(JSON.parse(readFileSync(`${ROOT}package.json`, "utf8")).version).toBe(VERSION);
  });

  it("every shipped scenario loads", () => {
    for (const f of readdirSync(`${ROOT}scenarios`).filter((x) => x.endsWith(".yaml")))
      expect(() => loadScenarioText(readFileSync(`${ROOT}scenarios/${f}`, "utf8")), f).not.toThrow();
  });

  it("the hash changes when any parameter changes", () => {
    const s = loadScenarioText(readFileSync(`${ROOT}scenarios/yuhang-2b.yaml`, "utf8")).scenario;
    const base = scenarioHash(s);
    const leaves: (string | number)[][] = [];
    const walk = (v: unknown, path: (string | number)[]) => {
      if (v !== null && typeof v === "object") {
        for (const [k, x] of Object.entries(v)) walk(x, [...path, Array.isArray(v) ? Number(k) : k]);
      } else leaves.push(path);
    };
    const { run: _run, ...content } = s;
    walk(content, []);
    expect(leaves.length).toBeGreaterThan(50);
    for (const path of leaves) {
      const copy = structuredClone(s) as unknown as Record<string, unknown>;
      let cur = copy as Record<string | number, unknown>;
      for (const k of path.slice(0, -1)) cur = cur[k] as Record<string | number, unknown>;
      const k = path.at(-1)!;
      const v = cur[k];
      cur[k] = typeof v === "number" ? v + 1 : typeof v === "boolean" ? !v : `${String(v)}x`;
      expect(scenarioHash(copy as unknown as Scenario), path.join(".")).not.toBe(base);
    }
    // Key order in the file does not matter; run settings are not content.
    const reordered = {
      run: { seed: 99, paths: 5 },
      ...Object.fromEntries(Object.entries(s).reverse()),
    } as unknown as Scenario;
    expect(scenarioHash(reordered)).toBe(base);
  });

  it("--set reaches nested fields, list items and distributions by vehicle id", () => {
    const raw = { name: "x", horizon_years: 3, vehicles: [{ id: "fund", lifecycle: { stages: [{ advance: 0.1 }] } }] };
    const out = applyOverrides(raw, [
      parseOverride("fund.lifecycle.stages[0].advance=0.4"),
      parseOverride("fund.tickets.lab.amount={dist: lognormal, median: 3000000, sigma: 0.4}"),
      parseOverride("horizon_years=9"),
    ]) as typeof raw & { vehicles: { tickets: unknown }[] };
    expect(out.vehicles[0]!.lifecycle.stages[0]!.advance).toBe(0.4);
    expect(out.vehicles[0]!.tickets).toEqual({ lab: { amount: { dist: "lognormal", median: 3000000, sigma: 0.4 } } });
    expect(out.horizon_years).toBe(9);
    expect(raw.vehicles[0]!.lifecycle.stages[0]!.advance).toBe(0.1);
  });

  it("rule changes take effect from their year and are validated like any field", () => {
    const text = readFileSync(`${ROOT}scenarios/yuhang-2b.yaml`, "utf8");
    const loaded = loadScenarioText(`${text}\nchanges:\n  - {year: 3, set: {"fund.reserves": 0.5}}\n`);
    const reserves = loaded.byYear[0]!.map((v) => (v as { reserves: number }).reserves);
    expect(reserves.slice(0, 4)).toEqual([0.3, 0.3, 0.5, 0.5]);
    expect(() => loadScenarioText(`${text}\nchanges:\n  - {year: 3, set: {"fund.reserves": 1.5}}\n`)).toThrow(
      /invalid|not valid/i,
    );
  });
});

describe("determinism", () => {
  it("the same scenario, seed and paths give byte-identical --json output", () => {
    const a = cli(["run", "scenarios/yuhang-2b.yaml", "--paths", "300", "--seed", "11", "--json"]);
    const b = cli(["run", "scenarios/yuhang-2b.yaml", "--paths", "300", "--seed", "11", "--json"]);
    expect(a.stderr).toBe("");
    expect(a.stdout.length).toBeGreaterThan(1000);
    expect(a.stdout).toBe(b.stdout);
    const c = cli(["run", "scenarios/yuhang-2b.yaml", "--paths", "300", "--seed", "12", "--json"]);
    expect(c.stdout).not.toBe(a.stdout);
    const r = JSON.parse(a.stdout);
    expect(r.seed).toBe(11);
    expect(r.paths).toBe(300);
    expect(r.version).toBe(VERSION);
    expect(r.scenario.hash).toMatch(/^[0-9a-f]{16}$/);
    // §10 contract keys.
    expect(Object.keys(r.vehicles.fund.metrics.tvpi).sort()).toEqual(
      ["defined", "mean", "n", "p01", "p05", "p25", "p50", "p75", "p95", "p99", "sd", "se"].sort(),
    );
    expect(Object.keys(r.vehicles.fund.series.nav[0]).sort()).toEqual(
      ["mean", "p05", "p25", "p50", "p75", "p95", "year"].sort(),
    );
  });
});
