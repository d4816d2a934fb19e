/**
 * Decision variables (MODEL.md §11): the fields a search may change, written as `PATH=SPEC` —
 *   `fund.reserves=0.1..0.5`            a range (linear), `fund.tickets.pilot.amount=log(1e6..8e6)` (log scale),
 *                                       `fund.investment_years=int(3..7)` (whole numbers);
 *   `fund.deal_flow.entry_mix=simplex`  the weights of a named map, summing to 1, optionally with per-entry bounds
 *                                       `simplex(lab=0..0.3, growth=0.1..1)` (a policy minimum, a cap);
 *   `fund.follow_on.mode=choice(pro_rata,fixed)`  one of listed values (each read as YAML);
 * and `*` for every entry of a named list or map (`fund.lifecycle.stages.*.advance`, `fund.tickets.*.amount`),
 * which expands to one variable per entry, each written with its position (`fund.lifecycle.stages[0].advance`).
 *
 * Paths are checked against the validated scenario (defaults filled in), through the shared path walker, so an
 * unknown field is an error naming it before anything runs. A search works in the unit cube: `decode` maps a point
 * of [0,1]^d to `--set`-style overrides, `encode` maps the scenario's own values back (the current plan), and
 * `corners` gives the pure-strategy corners of each simplex. Pure: no I/O, no randomness.
 */
import { parse as parseYaml } from "yaml";
import { GfsimError, type Problem } from "../errors.ts";
import { applyOverrides, resolvePath } from "./load.ts";
import { getAt, parseFieldPath, type Segment, showPath } from "./paths.ts";

/** A range of numbers. */
export interface RangeDecision {
  kind: "range";
  path: string;
  lo: number;
  hi: number;
  scale: "linear" | "log";
  integer: boolean;
}

/** The weights of a named map, each within [lo, hi], summing to 1. */
export interface SimplexDecision {
  kind: "simplex";
  path: string;
  entries: { key: string; lo: number; hi: number }[];
}

/** One of a list of values. */
export interface ChoiceDecision {
  kind: "choice";
  path: string;
  values: unknown[];
}

export type Decision = RangeDecision | SimplexDecision | ChoiceDecision;

/** A parsed `PATH=SPEC` before it is checked against a scenario (the path may hold `*`). */
export type DecisionSpec =
  | (Omit<RangeDecision, "path"> & { path: string })
  | { kind: "simplex"; path: string; bounds: Record<string, { lo: number; hi: number }> }
  | ChoiceDecision;

/** Most decision variables one search may have (after `*` expansion; a simplex counts its entries). */
export const MAX_DIMENSIONS = 64;

const NUMBER = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

function bad(text: string, message: string): GfsimError {
  return new GfsimError("INVALID_ARGUMENT", `--decide ${message} (got "${text}")`, [
    { path: "--decide", message, value: text },
  ]);
}

function parseNumber(s: string, text: string, what: string): number {
  if (!NUMBER.test(s)) throw bad(text, `${what} "${s.trim()}" is not a number`);
  return Number(s);
}

/** `LOW..HIGH` → [lo, hi] with lo < hi. */
function parseRange(s: string, text: string, what: string): { lo: number; hi: number } {
  const parts = s.split("..");
  if (parts.length !== 2) throw bad(text, `${what}: a range is LOW..HIGH, e.g. 0.1..0.5`);
  const lo = parseNumber(parts[0]!, text, `${what}: the low end`);
  const hi = parseNumber(parts[1]!, text, `${what}: the high end`);
  if (!(lo < hi)) throw bad(text, `${what}: the low end ${lo} must be below the high end ${hi}`);
  return { lo, hi };
}

/** The inside of `name(...)`, or undefined when `spec` is not that call. */
function call(spec: string, name: string): string | undefined {
  const m = new RegExp(`^${name}\\s*\\((.*)\\)$`, "s").exec(spec);
  return m ? m[1]! : undefined;
}

/** Parses `PATH=SPEC` (syntax only; `resolveDecisions` checks it against a scenario). */
export function parseDecision(text: string): DecisionSpec {
  const eq = text.indexOf("=");
  if (eq <= 0) throw bad(text, "expects PATH=SPEC, e.g. fund.reserves=0.1..0.5");
  const path = text.slice(0, eq).trim();
  const spec = text.slice(eq + 1).trim();
  try {
    parseFieldPath(path);
  } catch (e) {
    const why = e instanceof GfsimError ? e.problems[0]?.message : undefined;
    throw bad(
      text,
      `"${path}" is not a field path${why ? ` (${why})` : ""}; use e.g. fund.reserves or fund.lifecycle.stages.*.advance`,
    );
  }
  const log = call(spec, "log");
  if (log !== undefined) {
    const { lo, hi } = parseRange(log, text, path);
    if (!(lo > 0)) throw bad(text, `${path}: a log range needs a positive low end`);
    return { kind: "range", path, lo, hi, scale: "log", integer: false };
  }
  const int = call(spec, "int");
  if (int !== undefined) {
    const { lo, hi } = parseRange(int, text, path);
    if (!Number.isInteger(lo) || !Number.isInteger(hi)) throw bad(text, `${path}: int(LOW..HIGH) needs whole ends`);
    return { kind: "range", path, lo, hi, scale: "linear", integer: true };
  }
  if (spec === "simplex") return { kind: "simplex", path, bounds: {} };
  const simplex = call(spec, "simplex");
  if (simplex !== undefined) {
    const bounds: Record<string, { lo: number; hi: number }> = {};
    for (const item of simplex.split(",").map((s) => s.trim())) {
      if (item === "") continue;
      const m = /^([A-Za-z_][\w-]*)\s*=\s*(.+)$/.exec(item);
      if (!m) throw bad(text, `${path}: simplex bounds are ENTRY=LOW..HIGH, e.g. simplex(lab=0..0.3)`);
      const r = parseRange(m[2]!, text, `${path}.${m[1]}`);
      if (r.lo < 0 || r.hi > 1) throw bad(text, `${path}.${m[1]}: a weight's bounds must lie in [0, 1]`);
      if (m[1]! in bounds) throw bad(text, `${path}.${m[1]} is bounded twice`);
      bounds[m[1]!] = r;
    }
    return { kind: "simplex", path, bounds };
  }
  const choice = call(spec, "choice");
  if (choice !== undefined) {
    const items = choice.split(",").map((s) => s.trim());
    if (items.length < 2 || items.some((s) => s === "")) throw bad(text, `${path}: choice(a,b,...) needs 2+ values`);
    const values = items.map((s) => {
      try {
        return parseYaml(s) ?? null;
      } catch {
        throw bad(text, `${path}: the choice "${s}" could not be parsed`);
      }
    });
    return { kind: "choice", path, values };
  }
  if (spec.includes("..")) {
    const { lo, hi } = parseRange(spec, text, path);
    return { kind: "range", path, lo, hi, scale: "linear", integer: false };
  }
  throw bad(text, `${path}: expected LOW..HIGH, log(LOW..HIGH), int(LOW..HIGH), simplex, simplex(...) or choice(...)`);
}

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** Expands `*` against the scenario: every concrete path (as the user writes it) the pattern matches. */
function expandStar(scenario: unknown, path: string, problems: Problem[]): string[] {
  const segs = parseFieldPath(path);
  let out: Segment[][] = [[]];
  for (const [i, s] of segs.entries()) {
    if (s !== "*") {
      out = out.map((p) => [...p, s]);
      continue;
    }
    if (i === 0) {
      problems.push({ path, message: "`*` cannot stand for the vehicle id", value: path });
      return [];
    }
    const next: Segment[][] = [];
    for (const p of out) {
      const here = getAt(scenario, resolvePath(scenario, showPath(p)));
      if (Array.isArray(here)) for (let k = 0; k < here.length; k++) next.push([...p, k]);
      else if (isMap(here)) for (const k of Object.keys(here)) next.push([...p, k]);
      else problems.push({ path, message: `${showPath(p)} is not a list or a map, so \`*\` matches nothing` });
    }
    out = next;
  }
  return out.map(showPath);
}

/** The value at a user path of a validated scenario (first segment a vehicle id or a top-level field). */
export function valueAt(scenario: unknown, path: string): unknown {
  return getAt(scenario, resolvePath(scenario, path));
}

/** Why a field may not be decided (null when it may). */
function pathProblem(scenario: unknown, path: string): string | null {
  const segs = parseFieldPath(path);
  const head = segs[0];
  if (head === "run" || head === "sweep" || head === "name" || head === "targets" || head === "vehicles")
    return `"${String(head)}" is not a decision variable`;
  const resolved = resolvePath(scenario, path);
  if (resolved[0] !== "vehicles" && !["horizon_years", "macro"].includes(String(head)))
    return `"${String(head)}" is not a vehicle id; ids are ${vehicleIds(scenario).join(", ")}`;
  if (segs[1] === "id" || segs[1] === "kind") return "a vehicle's id and kind cannot be decided";
  if (getAt(scenario, resolved) === undefined) {
    // Name the deepest part that exists, so a typo is easy to find.
    let k = segs.length - 1;
    while (k > 1 && valueAt(scenario, showPath(segs.slice(0, k))) === undefined) k--;
    const parent = valueAt(scenario, showPath(segs.slice(0, k)));
    const keys = isMap(parent) ? Object.keys(parent).join(", ") : undefined;
    return `no field ${showPath(segs.slice(0, k + 1))} in the scenario${keys ? `; ${showPath(segs.slice(0, k))} has ${keys}` : ""}`;
  }
  return null;
}

function vehicleIds(scenario: unknown): string[] {
  const v = (scenario as { vehicles?: unknown }).vehicles;
  return Array.isArray(v) ? v.map((x) => String((x as { id?: unknown }).id)) : [];
}

/**
 * Checks parsed decisions against a validated scenario (`LoadedScenario.scenario`) and expands `*`: every problem at
 * once (INVALID_ARGUMENT naming each path), else the concrete decisions in the order given.
 */
export function resolveDecisions(scenario: unknown, specs: readonly DecisionSpec[]): Decision[] {
  const problems: Problem[] = [];
  const out: Decision[] = [];
  for (const spec of specs) {
    for (const path of expandStar(scenario, spec.path, problems)) {
      const problem = pathProblem(scenario, path);
      if (problem) {
        problems.push({ path, message: problem });
        continue;
      }
      const current = valueAt(scenario, path);
      if (spec.kind === "range") {
        if (typeof current !== "number" && !isMap(current))
          problems.push({ path, message: "a range needs a numeric field", value: current });
        else out.push({ ...spec, path });
      } else if (spec.kind === "choice") out.push({ ...spec, path });
      else {
        if (!isMap(current) || !Object.values(current).every((w) => typeof w === "number")) {
          problems.push({
            path,
            message: "a simplex needs a map of weights (e.g. deal_flow.entry_mix)",
            value: current,
          });
          continue;
        }
        const keys = [...new Set([...Object.keys(current), ...Object.keys(spec.bounds)])];
        const entries = keys.map((key) => ({ key, lo: spec.bounds[key]?.lo ?? 0, hi: spec.bounds[key]?.hi ?? 1 }));
        const lo = entries.reduce((s, e) => s + e.lo, 0);
        const hi = entries.reduce((s, e) => s + e.hi, 0);
        if (lo > 1 + 1e-12 || hi < 1 - 1e-12)
          problems.push({
            path,
            message: `the bounds leave no weights summing to 1 (lows sum to ${lo}, highs to ${hi})`,
          });
        else out.push({ kind: "simplex", path, entries });
      }
    }
  }
  const seen = new Set<string>();
  for (const d of out)
    for (const p of fieldsOf(d)) {
      if (seen.has(p)) problems.push({ path: p, message: "decided twice" });
      seen.add(p);
    }
  const dims = out.reduce((s, d) => s + dimension(d), 0);
  if (dims > MAX_DIMENSIONS)
    problems.push({ path: "--decide", message: `${dims} variables; at most ${MAX_DIMENSIONS}`, value: dims });
  if (out.length === 0 && problems.length === 0) problems.push({ path: "--decide", message: "nothing to decide" });
  if (problems.length > 0) throw new GfsimError("INVALID_ARGUMENT", "a decision variable is not valid", problems);
  return out;
}

/** The concrete fields a decision sets (a simplex sets each entry: `fund.deal_flow.entry_mix.pilot`). */
export function fieldsOf(d: Decision): string[] {
  return d.kind === "simplex" ? d.entries.map((e) => `${d.path}.${e.key}`) : [d.path];
}

/** Coordinates a decision takes in the unit cube. */
export function dimension(d: Decision): number {
  return d.kind === "simplex" ? d.entries.length : 1;
}

export function totalDimension(ds: readonly Decision[]): number {
  return ds.reduce((s, d) => s + dimension(d), 0);
}

const clamp01 = (u: number) => (u < 0 ? 0 : u > 1 ? 1 : Number.isNaN(u) ? 0.5 : u);

/** Six significant digits: enough for any decision, short enough to read and to write back as YAML. */
function round6(x: number): number {
  return x === 0 ? 0 : Number(x.toPrecision(6));
}

/**
 * Euclidean projection of x onto {w : lo ≤ w ≤ hi, Σw = 1}: w_i = clip(x_i − τ, lo_i, hi_i) with τ found by
 * bisection (Σw falls as τ rises). Points already inside are kept, so the current plan encodes exactly.
 */
export function projectSimplex(x: readonly number[], lo: readonly number[], hi: readonly number[]): number[] {
  const at = (tau: number) => x.map((v, i) => Math.min(hi[i]!, Math.max(lo[i]!, v - tau)));
  const sum = (w: number[]) => w.reduce((s, v) => s + v, 0);
  let a = Math.min(...x.map((v, i) => v - hi[i]!)); // Σ = Σhi ≥ 1
  let b = Math.max(...x.map((v, i) => v - lo[i]!)); // Σ = Σlo ≤ 1
  for (let k = 0; k < 200 && b - a > 1e-15; k++) {
    const m = (a + b) / 2;
    if (sum(at(m)) > 1) a = m;
    else b = m;
  }
  return at((a + b) / 2);
}

/** Weights rounded to 1e-6, the residual given to the entry with most room so the sum stays within 1e-9 of 1. */
function roundWeights(w: number[], lo: readonly number[], hi: readonly number[]): number[] {
  const r = w.map((v) => Math.round(v * 1e6) / 1e6);
  const residual = 1 - r.reduce((s, v) => s + v, 0);
  let best = 0;
  for (let i = 1; i < r.length; i++) {
    const room = (j: number) => (residual > 0 ? hi[j]! - r[j]! : r[j]! - lo[j]!);
    if (room(i) > room(best)) best = i;
  }
  r[best] = Math.round((r[best]! + residual) * 1e9) / 1e9;
  return r;
}

/** The value of each decided field at a point u of the unit cube: `--set`-style `{path, value}` pairs. */
export function decode(ds: readonly Decision[], u: readonly number[]): { path: string; value: unknown }[] {
  const out: { path: string; value: unknown }[] = [];
  let k = 0;
  for (const d of ds) {
    if (d.kind === "range") {
      const t = clamp01(u[k++]!);
      const v =
        d.scale === "log" ? Math.exp(Math.log(d.lo) + t * (Math.log(d.hi) - Math.log(d.lo))) : d.lo + t * (d.hi - d.lo);
      out.push({ path: d.path, value: d.integer ? Math.round(v) : Math.min(d.hi, Math.max(d.lo, round6(v))) });
    } else if (d.kind === "choice") {
      const t = clamp01(u[k++]!);
      out.push({ path: d.path, value: d.values[Math.min(d.values.length - 1, Math.floor(t * d.values.length))] });
    } else {
      const lo = d.entries.map((e) => e.lo);
      const hi = d.entries.map((e) => e.hi);
      const x = d.entries.map((e) => e.lo + clamp01(u[k++]!) * (e.hi - e.lo));
      const w = roundWeights(projectSimplex(x, lo, hi), lo, hi);
      d.entries.forEach((e, i) => {
        out.push({ path: `${d.path}.${e.key}`, value: w[i] });
      });
    }
  }
  return out;
}

/**
 * The scenario's own values as a point of the unit cube (the current plan), or null when one of them lies outside
 * the searched ranges or choices (the plan is then still confirmed as the baseline, just not a search candidate).
 */
export function encode(ds: readonly Decision[], scenario: unknown): number[] | null {
  const u: number[] = [];
  for (const d of ds) {
    const v = valueAt(scenario, d.path);
    if (d.kind === "range") {
      if (typeof v !== "number" || v < d.lo || v > d.hi) return null;
      u.push(d.scale === "log" ? Math.log(v / d.lo) / Math.log(d.hi / d.lo) : (v - d.lo) / (d.hi - d.lo));
    } else if (d.kind === "choice") {
      const i = d.values.findIndex((c) => JSON.stringify(c) === JSON.stringify(v));
      if (i < 0) return null;
      u.push((i + 0.5) / d.values.length);
    } else {
      const map = isMap(v) ? v : {};
      for (const e of d.entries) {
        const w = typeof map[e.key] === "number" ? (map[e.key] as number) : 0;
        if (w < e.lo - 1e-12 || w > e.hi + 1e-12) return null;
        u.push(e.hi > e.lo ? (w - e.lo) / (e.hi - e.lo) : 0);
      }
    }
  }
  return u;
}

/**
 * The corners of every simplex (all the weight the bounds allow on one entry), the other coordinates at `base`
 * (the current plan, or the centre): the pure strategies a screen should always look at.
 */
export function corners(ds: readonly Decision[], base: readonly number[]): number[][] {
  const out: number[][] = [];
  let k = 0;
  for (const d of ds) {
    const n = dimension(d);
    if (d.kind === "simplex")
      for (let j = 0; j < n; j++) {
        const u = [...base];
        for (let i = 0; i < n; i++) u[k + i] = i === j ? 1 : 0;
        out.push(u);
      }
    k += n;
  }
  return out;
}

/** The scenario with the decided fields set to the point u (validate the result before running it). */
export function applyDecisions(scenario: unknown, ds: readonly Decision[], u: readonly number[]): unknown {
  return applyOverrides(scenario, decode(ds, u));
}
