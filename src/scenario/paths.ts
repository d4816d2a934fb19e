/** Field paths as users write them (`fund.lifecycle.stages[1].advance`, `fund.tickets.lab.amount`). */
import { GfsimError } from "../errors.ts";

export type Segment = string | number;

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
  return out;
}

/** Sets a value at a path in a plain object tree, creating objects where missing. Mutates `root`. */
export function setAt(root: Record<string, unknown>, path: Segment[], value: unknown): void {
  let cur: Record<string | number, unknown> = root;
  for (let i = 0; i < path.length - 1; i++) {
    const k = path[i]!;
    const next = cur[k];
    if (next === null || typeof next !== "object") {
      const fresh: Record<string, unknown> =
        typeof path[i + 1] === "number" ? ([] as unknown as Record<string, unknown>) : {};
      cur[k] = fresh;
      cur = fresh;
    } else cur = next as Record<string | number, unknown>;
  }
  cur[path[path.length - 1]!] = value;
}

export function deepClone<T>(v: T): T {
  return structuredClone(v);
}
