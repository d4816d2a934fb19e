/**
 * Field paths as users write them (`fund.lifecycle.stages[1].advance`, `fund.tickets.lab.amount`), and the one
 * reader and writer of a path in a plain object tree. Every entry point that takes a path from a user (`--set`, the
 * API's `set` in both forms, `changes[].set`, `--vary`/`vary`) goes through here, so a path can never reach an
 * object's prototype: `__proto__`, `constructor` and `prototype` are refused as segments, and the walk reads and
 * writes own properties only.
 */
import { GfsimError } from "../errors.ts";

export type Segment = string | number;

/** Segments that would address an object's prototype machinery instead of a field. */
export const FORBIDDEN_SEGMENTS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

function forbiddenError(at: string, segment: string): GfsimError {
  return new GfsimError("INVALID_OVERRIDE", `"${at}" is not a field path: "${segment}" is not a field name`, [
    { path: at, message: `"${segment}" is not allowed in a field path (no field has this name)`, value: segment },
  ]);
}

export function parseFieldPath(text: string): Segment[] {
  const out: Segment[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]/g;
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m.index !== last && text[last] !== "." && text[last] !== "[") break;
    out.push(m[2] !== undefined ? Number(m[2]) : /^\d+$/.test(m[1]!) ? Number(m[1]) : m[1]!);
    last = m.index + m[0].length;
    if (text[last] === ".") last++;
  }
  if (out.length === 0 || text.includes("..") || text.startsWith(".") || text.endsWith("."))
    throw new GfsimError(
      "INVALID_OVERRIDE",
      `"${text}" is not a field path (use e.g. fund.reserves or fund.lifecycle.stages[1].advance)`,
      [{ path: text, message: "not a field path" }],
    );
  const bad = out.find((s) => typeof s === "string" && FORBIDDEN_SEGMENTS.has(s));
  if (bad !== undefined) throw forbiddenError(text, String(bad));
  return out;
}

/** Why a path text is not a field path (null when it is): the first problem's message. */
export function fieldPathProblem(text: string): string | null {
  try {
    parseFieldPath(text);
    return null;
  } catch (e) {
    if (!(e instanceof GfsimError)) throw e;
    return e.problems[0]?.message ?? e.message;
  }
}

/** Segments written back as a user writes them: `fund.lifecycle.stages[1]`. */
export function showPath(path: readonly Segment[]): string {
  return path.map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? s : `.${s}`)).join("");
}

/** The name an entry of a list goes by, if any (`id` of a vehicle or bank, `name` of a stage). */
function entryName(x: unknown): string | undefined {
  if (x === null || typeof x !== "object") return undefined;
  const { id, name } = x as { id?: unknown; name?: unknown };
  return typeof id === "string" ? id : typeof name === "string" ? name : undefined;
}

/**
 * Why `key` does not address an entry of `list` (null when it does). Entries are addressed by position: a name
 * (`stages.lab`, `banks.bank_a`) would land as a property of the array that validation drops silently, and a
 * position past the end would leave holes. One past the end appends an entry.
 */
function listKeyProblem(list: unknown[], key: Segment, what: string): string | null {
  if (typeof key === "number" && key <= list.length) return null;
  const entries = list.map((x, i) => `${what}[${i}]${entryName(x) ? ` (${entryName(x)})` : ""}`).join(", ") || "none";
  if (typeof key === "number")
    return `position ${key} is past the end of the list (${entries}); a change or override can only modify existing entries or add one at ${what}[${list.length}]`;
  const at = list.findIndex((x) => entryName(x) === key);
  return at >= 0
    ? `${what} entries are addressed by position: use ${what}[${at}] for "${key}"`
    : `unknown ${what} entry "${key}"; the entries are ${entries}`;
}

const isObject = (v: unknown): v is Record<string | number, unknown> => v !== null && typeof v === "object";

/** `o[k]` if `k` is an own property of `o` (never an inherited one such as `constructor`). */
function own(o: unknown, k: PropertyKey): unknown {
  return isObject(o) && Object.hasOwn(o, k) ? (o as Record<PropertyKey, unknown>)[k] : undefined;
}

/**
 * Sets a value at a path in a plain object tree, creating objects (or lists, before a position) where missing.
 * Mutates `root`, but only when the whole path is good: inside a list every segment must be a position at most one
 * past the end, else a `GfsimError` (INVALID_OVERRIDE) names the segment. `shown(n)` renders the first n segments
 * for that message, as the user wrote them (default: `showPath`).
 */
export function setAt(
  root: Record<string, unknown>,
  path: Segment[],
  value: unknown,
  shown: (n: number) => string = (n) => showPath(path.slice(0, n)),
): void {
  for (let i = 0; i < path.length; i++) {
    const k = path[i]!;
    if (typeof k === "string" && FORBIDDEN_SEGMENTS.has(k)) throw forbiddenError(shown(i + 1), k);
  }
  let probe: unknown = root;
  for (let i = 0; i < path.length; i++) {
    const k = path[i]!;
    if (Array.isArray(probe)) {
      const before = path[i - 1];
      const problem = listKeyProblem(probe, k, typeof before === "string" ? before : shown(i));
      if (problem)
        throw new GfsimError("INVALID_OVERRIDE", `cannot set ${shown(path.length)}: no such list entry`, [
          { path: shown(i + 1), message: problem, value: k },
        ]);
    }
    const next = own(probe, k);
    probe = isObject(next) ? next : typeof path[i + 1] === "number" ? [] : {};
  }
  let cur: Record<string | number, unknown> = root;
  for (let i = 0; i < path.length - 1; i++) {
    const k = path[i]!;
    const next = own(cur, k);
    if (!isObject(next)) {
      const fresh: Record<string, unknown> =
        typeof path[i + 1] === "number" ? ([] as unknown as Record<string, unknown>) : {};
      cur[k] = fresh;
      cur = fresh;
    } else cur = next;
  }
  // A data property even where the name exists up the prototype chain (no setter can run).
  Object.defineProperty(cur, path[path.length - 1]!, { value, writable: true, enumerable: true, configurable: true });
}

export function deepClone<T>(v: T): T {
  return structuredClone(v);
}

/**
 * The value at a path in a plain object tree, or `undefined` when a segment is missing. Only own properties are
 * followed (a key such as `constructor` or `__proto__` never reaches a prototype), and inside a list only positions.
 */
export function getAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = root;
  for (const k of path) {
    if (!isObject(cur) || typeof k === "symbol") return undefined;
    if (Array.isArray(cur) && typeof k !== "number") return undefined;
    if (!Object.hasOwn(cur, k)) return undefined;
    cur = cur[k];
  }
  return cur;
}
