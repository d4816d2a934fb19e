/**
 * Loading a scenario: text (YAML or JSON) → raw object → `--set` overrides → validation (every problem at once) →
 * rule changes checked and expanded per year → content hash. No I/O here: callers read files.
 */
import { createHash } from "node:crypto";
import { parse as parseYaml, YAMLParseError } from "yaml";
import { GfsimError, type Problem } from "../errors.ts";
import { formatPath, zodProblems } from "./issues.ts";
import { deepClone, parseFieldPath, type Segment, setAt, showPath } from "./paths.ts";
import { canonicalJson } from "./plain.ts";
import { Scenario } from "./schema.ts";
import { Vehicle } from "./vehicles/index.ts";

export interface Override {
  path: string;
  value: unknown;
}

/** A validated scenario ready for the engine. */
export interface LoadedScenario {
  scenario: Scenario;
  /** Content hash of the validated scenario (run defaults and the sweep plan excluded: they are not model content). */
  hash: string;
  /** `byYear[v][t]` is vehicle v's parameters in force in year t (1..horizon; index 0 = year 1's). */
  byYear: Vehicle[][];
}

/** Parses YAML (a superset of JSON) into a plain object; syntax errors name the line. */
export function parseText(text: string, source = "scenario"): unknown {
  try {
    return parseYaml(text, { prettyErrors: true, uniqueKeys: true, maxAliasCount: 100 });
  } catch (e) {
    if (e instanceof YAMLParseError) {
      const pos = e.linePos?.[0];
      throw new GfsimError(
        "PARSE_ERROR",
        `${source} could not be parsed${pos ? ` (line ${pos.line}, column ${pos.col})` : ""}`,
        [{ path: pos ? `line ${pos.line}` : "", message: e.message.split("\n")[0]! }],
      );
    }
    // The parser's other refusals (e.g. an alias bomb: "Excessive alias count ...") are the file's fault too.
    if (e instanceof Error)
      throw new GfsimError("PARSE_ERROR", `${source} could not be parsed: ${e.message}`, [
        { path: source, message: e.message.split("\n")[0]! },
      ]);
    throw e;
  }
}

/** Parses `path=value` (the value as YAML, so numbers, lists and `{dist: ...}` work). */
export function parseOverride(text: string): Override {
  const eq = text.indexOf("=");
  if (eq <= 0)
    throw new GfsimError("INVALID_OVERRIDE", `--set expects path=value, got "${text}"`, [
      { path: text, message: "expected path=value" },
    ]);
  const path = text.slice(0, eq).trim();
  parseFieldPath(path);
  const raw = text.slice(eq + 1);
  let value: unknown;
  try {
    value = parseYaml(raw, { maxAliasCount: 100 });
  } catch {
    throw new GfsimError("INVALID_OVERRIDE", `--set ${path}: the value "${raw}" could not be parsed`, [
      { path, message: "unparseable value", value: raw },
    ]);
  }
  return { path, value: value ?? null };
}

/** Resolves a user path: the first segment is a vehicle id (→ `vehicles[i]...`) or a top-level field. */
export function resolvePath(raw: unknown, path: string): Segment[] {
  const segs = parseFieldPath(path);
  const vehicles = (raw as { vehicles?: unknown })?.vehicles;
  if (Array.isArray(vehicles)) {
    const idx = vehicles.findIndex((v) => (v as { id?: unknown })?.id === segs[0]);
    if (idx >= 0) return ["vehicles", idx, ...segs.slice(1)];
  }
  return segs;
}

export function applyOverrides(raw: unknown, overrides: Override[]): unknown {
  if (overrides.length === 0) return raw;
  if (raw === null || typeof raw !== "object" || Array.isArray(raw))
    throw new GfsimError("INVALID_SCENARIO", "the scenario must be a mapping", [
      { path: "", message: "expected a mapping" },
    ]);
  const out = deepClone(raw) as Record<string, unknown>;
  for (const o of overrides) {
    const segs = resolvePath(out, o.path);
    if (segs.length === 1 && segs[0] === "vehicles")
      throw new GfsimError("INVALID_OVERRIDE", "--set cannot replace the whole vehicle list", [
        { path: o.path, message: "not overridable" },
      ]);
    // A vehicle id stands for `vehicles[i]`: messages name the path as the user wrote it.
    const written = parseFieldPath(o.path);
    const shift = segs.length - written.length;
    setAt(out, segs, o.value, (n) => showPath(written.slice(0, Math.max(1, n - shift))));
  }
  return out;
}

export function scenarioHash(s: Scenario): string {
  const { run: _run, sweep: _sweep, ...content } = s;
  return createHash("sha256").update(canonicalJson(content)).digest("hex").slice(0, 16);
}

/** Applies the rule changes year by year, validating each changed vehicle like any other. */
function expandChanges(s: Scenario, problems: Problem[]): Vehicle[][] {
  const byYear: Vehicle[][] = s.vehicles.map((v) => new Array<Vehicle>(s.horizon_years).fill(v));
  const ordered = s.changes.map((c, i) => ({ c, i })).sort((a, b) => a.c.year - b.c.year || a.i - b.i);
  const current = s.vehicles.map((v) => v);
  for (const { c, i } of ordered) {
    const touched = new Map<number, Record<string, unknown>>();
    for (const [key, value] of Object.entries(c.set)) {
      const where = ["changes", i, "set", key] as const;
      let segs: Segment[];
      try {
        segs = parseFieldPath(key);
      } catch (e) {
        if (!(e instanceof GfsimError)) throw e;
        const why = e.problems[0]?.message ?? "not a field path";
        const message = why === "not a field path" ? `${why} (<vehicle id>.<field path>)` : why;
        problems.push({ path: formatPath(where), message, value: key });
        continue;
      }
      const vi = s.vehicles.findIndex((v) => v.id === segs[0]);
      if (vi < 0 || segs.length < 2) {
        problems.push({
          path: formatPath(where),
          message: `"${String(segs[0])}" is not a vehicle id; ids are ${s.vehicles.map((v) => v.id).join(", ")}`,
          value,
        });
        continue;
      }
      if (segs[1] === "id" || segs[1] === "kind") {
        problems.push({ path: formatPath(where), message: "a vehicle's id and kind cannot change", value });
        continue;
      }
      const draft = touched.get(vi) ?? (deepClone(current[vi]) as unknown as Record<string, unknown>);
      try {
        setAt(draft, segs.slice(1), value, (n) => `changes[${i}] (year ${c.year}): ${showPath(segs.slice(0, n + 1))}`);
      } catch (e) {
        if (!(e instanceof GfsimError)) throw e;
        problems.push(...e.problems);
        continue;
      }
      touched.set(vi, draft);
    }
    for (const [vi, draft] of touched) {
      const r = Vehicle.safeParse(draft, { reportInput: true });
      if (!r.success) {
        for (const p of zodProblems(r.error, draft))
          problems.push({ ...p, path: `changes[${i}] (year ${c.year}): ${s.vehicles[vi]!.id}.${p.path}` });
        continue;
      }
      current[vi] = r.data;
      for (let t = c.year - 1; t < s.horizon_years; t++) byYear[vi]![t] = r.data;
    }
  }
  return byYear;
}

/** Validates a raw scenario object; throws `GfsimError` (INVALID_SCENARIO) listing every problem. */
export function validateScenario(raw: unknown): LoadedScenario {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw))
    throw new GfsimError("INVALID_SCENARIO", "the scenario must be a mapping of fields", [
      { path: "", message: "expected a mapping (name, horizon_years, vehicles, ...)", value: raw },
    ]);
  const r = Scenario.safeParse(raw, { reportInput: true });
  if (!r.success) {
    throw new GfsimError("INVALID_SCENARIO", undefined, withVehicleNames(zodProblems(r.error, raw), raw));
  }
  const problems: Problem[] = [];
  const byYear = expandChanges(r.data, problems);
  if (problems.length > 0) throw new GfsimError("INVALID_SCENARIO", undefined, problems);
  return { scenario: r.data, hash: scenarioHash(r.data), byYear };
}

/** Adds the vehicle id to `vehicles[i]` paths so messages also say which vehicle (`vehicles[0] (fund).reserves`). */
function withVehicleNames(problems: Problem[], raw: unknown): Problem[] {
  const vehicles = (raw as { vehicles?: unknown }).vehicles;
  if (!Array.isArray(vehicles)) return problems;
  return problems.map((p) => {
    const m = /^vehicles\[(\d+)\]/.exec(p.path);
    const id = m ? (vehicles[Number(m[1])] as { id?: unknown })?.id : undefined;
    return typeof id === "string" ? { ...p, path: p.path.replace(m![0], `${m![0]} (${id})`) } : p;
  });
}

/** Text → validated scenario, with overrides. */
export function loadScenarioText(text: string, opts: { source?: string; overrides?: Override[] } = {}): LoadedScenario {
  const raw = parseText(text, opts.source);
  return validateScenario(applyOverrides(raw, opts.overrides ?? []));
}
