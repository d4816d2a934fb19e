/**
 * The metric catalogue and the engines agree: every metric an engine emits is declared, in the same order, and every
 * declared metric is emitted (per-stage families once per stage of the vehicle's lifecycle); the programme view
 * emits exactly its declared metrics; a name means one thing wherever it appears; look-ups by path find the metric.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { familyPrefix, listMetrics, METRIC_UNITS, scalarNamesOf } from "../src/engine/metric.ts";
import {
  CATALOGUE,
  catalogueJson,
  headlineMetrics,
  headlinePaths,
  metricAt,
  metricByName,
  metricSpec,
} from "../src/run/catalogue.ts";
import { runScenario } from "../src/run/run.ts";
import { buildEngines } from "../src/run/simulate.ts";
import { type LoadedScenario, loadScenarioText } from "../src/scenario/load.ts";
import type { Vehicle } from "../src/scenario/vehicles/index.ts";

const DIR = join(import.meta.dirname, "..", "scenarios");
const shipped: [string, LoadedScenario][] = readdirSync(DIR)
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => [f, loadScenarioText(readFileSync(join(DIR, f), "utf8"), { source: f })]);

function stagesOf(v: Vehicle): string[] {
  if (v.kind === "transformation_fund") return v.lifecycle.stages.map((s) => s.name);
  if (v.kind === "angel_fof") return v.subfunds.lifecycle.stages.map((s) => s.name);
  return [];
}

describe("metric catalogue ↔ engines", () => {
  it("has shipped scenarios covering every kind", () => {
    const kinds = new Set(shipped.flatMap(([, l]) => l.scenario.vehicles.map((v) => v.kind)));
    expect([...kinds].sort()).toEqual(
      Object.keys(CATALOGUE)
        .filter((k) => k !== "programme")
        .sort(),
    );
  });

  for (const [file, loaded] of shipped)
    it(`${file}: each engine emits exactly its kind's declared metrics, in order`, () => {
      const engines = buildEngines(loaded);
      engines.forEach((e, k) => {
        const v = loaded.scenario.vehicles[k]!;
        const cat = CATALOGUE[v.kind];
        expect(e.kind).toBe(v.kind);
        expect([...e.scalarNames], `${e.id} scalars`).toEqual(scalarNamesOf(cat, stagesOf(v)));
        expect([...(e.extraMetricNames ?? [])], `${e.id} run-level`).toEqual(Object.keys(cat.runLevel ?? {}));
        expect([...e.seriesNames], `${e.id} series`).toEqual(Object.keys(cat.series));
      });
    });

  it("the programme's result has exactly its declared metrics and series", async () => {
    const [, loaded] = shipped.find(([f]) => f === "programme.yaml")!;
    const { result } = await runScenario(loaded, { paths: 20, seed: 1 });
    expect(Object.keys(result.programme.metrics)).toEqual(Object.keys(CATALOGUE.programme.scalars));
    expect(Object.keys(result.programme.series ?? {})).toEqual(Object.keys(CATALOGUE.programme.series));
    // Every metric of the result resolves by its path.
    for (const [id, v] of Object.entries(result.vehicles))
      for (const name of Object.keys(v.metrics))
        expect(metricAt(`${id}.${name}.mean`, result.vehicles), `${id}.${name}`).toBeDefined();
  });
});

describe("metric catalogue: declarations", () => {
  const all = Object.entries(catalogueJson()).flatMap(([owner, list]) => list.map((m) => ({ owner, ...m })));

  it("every metric has a unit, a direction, a description and both labels", () => {
    for (const m of all) {
      expect(METRIC_UNITS, `${m.owner}.${m.name}`).toContain(m.unit);
      expect(["higher", "lower", "neither"], `${m.owner}.${m.name}`).toContain(m.better);
      expect(m.about.length, `${m.owner}.${m.name}`).toBeGreaterThan(8);
      expect(m.about, `${m.owner}.${m.name}: one line`).not.toContain("\n");
      expect(m.en.length * m.zh.length, `${m.owner}.${m.name}`).toBeGreaterThan(0);
      if (m.family) {
        expect(m.name.endsWith("{stage}"), m.name).toBe(true);
        expect(m.en, m.name).toContain("{stage}");
        expect(m.zh, m.name).toContain("{stage}");
      }
    }
  });

  it("a name shared by several kinds or shapes means the same thing (unit and labels)", () => {
    const byName = new Map<string, (typeof all)[number]>();
    for (const m of all) {
      const first = byName.get(m.name);
      if (!first) byName.set(m.name, m);
      else
        expect({ unit: m.unit, en: m.en, zh: m.zh }, `${m.owner}.${m.name}`).toEqual(
          first && { unit: first.unit, en: first.en, zh: first.zh },
        );
    }
  });

  it("headline ranks are 1..n without gaps per owner, and only scalars lead", () => {
    for (const owner of Object.keys(CATALOGUE)) {
      const h = headlineMetrics(owner);
      expect(h.length, owner).toBeGreaterThan(0);
      expect(h.map((m) => m.headline)).toEqual(h.map((_, i) => i + 1));
      for (const m of h) expect(m.shape, `${owner}.${m.name}`).toBe("scalar");
    }
  });

  it("a per-stage family does not shadow an exact name", () => {
    for (const [owner, cat] of Object.entries(CATALOGUE))
      for (const template of Object.keys(cat.stageScalars ?? {}))
        for (const name of Object.keys(cat.scalars))
          if (name.startsWith(familyPrefix(template)))
            expect(metricSpec(owner, name)?.family, `${owner}.${name}`).toBeUndefined();
  });
});

describe("metric catalogue: look-ups", () => {
  const vehicles = [
    { id: "fund", kind: "transformation_fund" },
    { id: "pool", kind: "risk_pool" },
  ];

  it("by owner and name, by name alone, and by path", () => {
    expect(metricSpec("transformation_fund", "irr")).toMatchObject({ unit: "rate", better: "higher" });
    expect(metricSpec("transformation_fund", "reached_pilot")).toMatchObject({
      unit: "count",
      family: "reached_{stage}",
      stage: "pilot",
    });
    expect(metricSpec("risk_pool", "tvpi")).toBeUndefined();
    expect(metricSpec("nonsense", "tvpi")).toBeUndefined();
    expect(metricByName("compensation_es99")).toMatchObject({ unit: "money", shape: "scalar" });
    expect(metricByName("pool_balance")).toMatchObject({ unit: "money", shape: "series" });
    expect(metricByName("loss_ratio", "series")).toMatchObject({ unit: "ratio", shape: "series" });
    expect(metricByName("no_such_metric")).toBeUndefined();
    expect(metricAt("fund.tvpi.p50", vehicles)).toMatchObject({
      id: "fund",
      owner: "transformation_fund",
      unit: "multiple",
    });
    expect(metricAt("fund.irr.defined", vehicles)?.unit).toBe("ratio");
    expect(metricAt("pool.pool_exhausted.n", vehicles)?.unit).toBe("count");
    expect(metricAt("programme.mobilised_per_fiscal_yuan.mean", vehicles)?.owner).toBe("programme");
    expect(metricAt("pool.tvpi.mean", vehicles)).toBeUndefined();
    expect(metricAt("nobody.tvpi.mean", vehicles)).toBeUndefined();
    expect(metricAt("fund.tvpi.mean", { fund: { kind: "transformation_fund" } })?.spec.name).toBe("tvpi");
  });

  it("headline paths: each vehicle's in rank order (with its statistic), then the programme's for several", () => {
    expect(headlinePaths(vehicles.slice(0, 1))).toEqual([
      "fund.tvpi.mean",
      "fund.irr.p50",
      "fund.loss_ratio.mean",
      "fund.tolerance_breach.mean",
      "fund.projects_funded.mean",
    ]);
    const two = headlinePaths(vehicles);
    expect(two.slice(5, 9)).toEqual([
      "pool.pool_exhausted.mean",
      "pool.breaker_tripped.mean",
      "pool.compensation_paid.mean",
      "pool.leverage_realized.mean",
    ]);
    expect(two.slice(9)).toEqual([
      "programme.mobilised_per_fiscal_yuan.mean",
      "programme.any_breach_or_pool_exhausted.mean",
      "programme.fiscal_in.mean",
    ]);
  });

  it("the JSON form lists every owner's metrics, families as templates", () => {
    const json = catalogueJson();
    expect(Object.keys(json).sort()).toEqual(Object.keys(CATALOGUE).sort());
    expect(json.transformation_fund.map((m) => m.name)).toContain("loss_ratio_{stage}");
    expect(json.risk_pool.length).toBe(listMetrics(CATALOGUE.risk_pool).length);
  });
});
