/**
 * "What was run": the inputs of a run that differ from the shipped scenario it is named after — each as its field
 * path (`<vehicle id>.<field>` as `--set` writes it), the shipped value and the value run — so a report of a modified
 * run says so and says how. Vehicles are matched by id, other lists by position; a field only one side has is shown
 * against "—".
 */
import type { Table } from "./types.ts";

export interface InputChange {
  path: string;
  shipped: unknown;
  run: unknown;
}

const isObject = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === "object" && !Array.isArray(x);

function walk(a: unknown, b: unknown, path: string, out: InputChange[]): void {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) walk(a[i], b[i], `${path}[${i}]`, out);
    return;
  }
  if (isObject(a) && isObject(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) walk(a[k], b[k], path ? `${path}.${k}` : k, out);
    return;
  }
  if (a === b || (typeof a === "number" && typeof b === "number" && Number.isNaN(a) && Number.isNaN(b))) return;
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  out.push({ path, shipped: a, run: b });
}

const vehiclesOf = (s: unknown): Map<string, unknown> => {
  const list = isObject(s) && Array.isArray(s.vehicles) ? s.vehicles : [];
  return new Map(list.map((v, i) => [isObject(v) && typeof v.id === "string" ? v.id : `vehicles[${i}]`, v]));
};

/** Every input that differs between the shipped scenario and the one run (descriptions and names aside). */
export function inputChanges(shipped: unknown, run: unknown): InputChange[] {
  const out: InputChange[] = [];
  const rest = (s: unknown) =>
    isObject(s) ? Object.fromEntries(Object.entries(s).filter(([k]) => !["vehicles", "description"].includes(k))) : {};
  walk(rest(shipped), rest(run), "", out);
  const a = vehiclesOf(shipped);
  const b = vehiclesOf(run);
  for (const id of new Set([...a.keys(), ...b.keys()])) walk(a.get(id), b.get(id), id, out);
  return out;
}

/** A value as a table cell: numbers in full, lists and objects as compact JSON, absent as "—". */
export function inputText(v: unknown): string {
  if (v === undefined) return "—";
  if (typeof v === "string") return v;
  const s = JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}

export function changesTable(changes: InputChange[], head: [string, string, string]): Table {
  return {
    head,
    rows: changes.map((c) => [c.path, inputText(c.shipped), inputText(c.run)]),
    numericFrom: 3,
    codeColumn: 0,
  };
}
