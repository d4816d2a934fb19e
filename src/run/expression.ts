/**
 * Objectives and constraints as expressions over metric paths (MODEL.md §11): `fund.tvpi.p50 - 0.5 *
 * fund.loss_ratio.mean`, `fund.tolerance_breach.mean <= 0.1`. mathjs parses the text into a node tree once; the tree
 * is then checked against an allow-list — numbers, metric paths, + − × ÷ ^, unary minus, parentheses, one comparison
 * at the top of a constraint, and a few functions (abs, min, max, sqrt, exp, log, log10) — and evaluated here, on
 * plain numbers, by a small walker: mathjs's own evaluator (and with it assignment, function definition, matrices,
 * property access, `import`, `evaluate`, …) is never reached. Metric paths contain dots, which mathjs reads as
 * property access, so they are swapped for placeholder symbols before parsing and mapped back after.
 */
import { type MathNode, parse } from "mathjs";
import { GfsimError, type Problem } from "../errors.ts";
import { type MetricNames, metricPathProblems } from "./metric-paths.ts";

/** A parsed arithmetic expression: the metric paths it reads, and its value given them. */
export interface Expression {
  text: string;
  /** Metric paths in order of first appearance. */
  metrics: string[];
  /** The value for the metrics' values (null when one is null, or the result is not a finite number). */
  evaluate(values: (path: string) => number | null | undefined): number | null;
  /** A + c·metric (with c > 0) when the expression is one metric shifted or scaled, else undefined. */
  single?: { path: string; scale: number; shift: number } | undefined;
}

export type ConstraintOp = "<=" | "<" | ">=" | ">";

/** A constraint `lhs op rhs`. */
export interface Constraint {
  text: string;
  lhs: Expression;
  op: ConstraintOp;
  rhs: Expression;
  metrics: string[];
}

/** Longest expression text accepted, and most nodes in its tree. */
export const MAX_EXPRESSION_LENGTH = 1000;
const MAX_NODES = 200;

const FUNCTIONS: Record<string, (...a: number[]) => number> = {
  abs: Math.abs,
  min: Math.min,
  max: Math.max,
  sqrt: Math.sqrt,
  exp: Math.exp,
  log: Math.log,
  log10: Math.log10,
};
const ARITY: Record<string, [number, number]> = {
  abs: [1, 1],
  min: [1, 8],
  max: [1, 8],
  sqrt: [1, 1],
  exp: [1, 1],
  log: [1, 1],
  log10: [1, 1],
};

const BINARY: Record<string, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  subtract: (a, b) => a - b,
  multiply: (a, b) => a * b,
  divide: (a, b) => a / b,
  pow: (a, b) => a ** b,
};
const UNARY: Record<string, (a: number) => number> = { unaryMinus: (a) => -a, unaryPlus: (a) => a };
const COMPARISONS: Record<string, ConstraintOp> = {
  smaller: "<",
  smallerEq: "<=",
  larger: ">",
  largerEq: ">=",
};

/** Dotted names: a metric path `<vehicle id>.<metric>.<statistic>` (or a malformed one, caught later). */
const DOTTED = /(?<![\w.])[A-Za-z][\w-]*(?:\.[A-Za-z_]\w*)+/g;
const PLACEHOLDER = (i: number) => `_m${i}_`;

function bad(text: string, where: string, message: string): GfsimError {
  return new GfsimError("INVALID_ARGUMENT", `${where}: ${message} in "${text}"`, [
    { path: where, message, value: text },
  ]);
}

type Evaluator = (v: (path: string) => number | null | undefined) => number;

/** Checks one node against the allow-list and compiles it to a closure over plain numbers. */
function compile(node: MathNode, paths: string[], fail: (m: string) => never, count: { n: number }): Evaluator {
  if (++count.n > MAX_NODES) fail(`more than ${MAX_NODES} terms`);
  switch (node.type) {
    case "ConstantNode": {
      const value = (node as unknown as { value: unknown }).value;
      if (typeof value !== "number" || !Number.isFinite(value))
        fail(`only numbers are allowed, not ${JSON.stringify(value)}`);
      return () => value as number;
    }
    case "SymbolNode": {
      const name = (node as unknown as { name: string }).name;
      const m = /^_m(\d+)_$/.exec(name);
      if (!m)
        fail(
          `unknown name "${name}": use metric paths <vehicle id>.<metric>.<statistic>, numbers and ${Object.keys(FUNCTIONS).join(", ")}`,
        );
      const path = paths[Number(m![1])]!;
      return (v) => v(path) ?? Number.NaN;
    }
    case "ParenthesisNode":
      return compile((node as unknown as { content: MathNode }).content, paths, fail, count);
    case "OperatorNode": {
      const { fn, op, args } = node as unknown as { fn: string; op: string; args: MathNode[] };
      if (args.length === 1 && UNARY[fn]) {
        const a = compile(args[0]!, paths, fail, count);
        const f = UNARY[fn];
        return (v) => f(a(v));
      }
      if (args.length === 2 && BINARY[fn]) {
        const a = compile(args[0]!, paths, fail, count);
        const b = compile(args[1]!, paths, fail, count);
        const f = BINARY[fn];
        return (v) => f(a(v), b(v));
      }
      if (COMPARISONS[fn]) return fail(`a comparison ("${op}") may only be the top of a constraint`);
      return fail(`the operator "${op}" is not allowed (use + - * / ^ and one of <= < >= > in a constraint)`);
    }
    case "FunctionNode": {
      const { fn, args } = node as unknown as { fn: MathNode; args: MathNode[] };
      const name = fn.type === "SymbolNode" ? (fn as unknown as { name: string }).name : undefined;
      if (name === undefined || !Object.hasOwn(FUNCTIONS, name))
        return fail(
          `the function "${name ?? fn.toString()}" is not allowed; functions are ${Object.keys(FUNCTIONS).join(", ")}`,
        );
      const [lo, hi] = ARITY[name]!;
      if (args.length < lo || args.length > hi)
        return fail(`${name} takes ${lo === hi ? lo : `${lo} to ${hi}`} arguments`);
      const compiled = args.map((a) => compile(a, paths, fail, count));
      const f = FUNCTIONS[name]!;
      return (v) => f(...compiled.map((c) => c(v)));
    }
    case "AccessorNode":
    case "IndexNode":
      return fail("property access and indexing are not allowed");
    case "AssignmentNode":
    case "FunctionAssignmentNode":
      return fail("assignment and function definition are not allowed");
    case "ArrayNode":
    case "ObjectNode":
    case "RangeNode":
      return fail("matrices, objects and ranges are not allowed");
    default:
      return fail(`"${node.type.replace(/Node$/, "")}" expressions are not allowed`);
  }
}

/** Pre-tokenises metric paths into placeholders and parses with mathjs; errors name the expression. */
function parseText(text: string, where: string): { node: MathNode; paths: string[] } {
  if (typeof text !== "string" || text.trim() === "") throw bad(String(text), where, "empty expression");
  if (text.length > MAX_EXPRESSION_LENGTH)
    throw bad(`${text.slice(0, 40)}…`, where, `longer than ${MAX_EXPRESSION_LENGTH} characters`);
  if (/(?<![\w.])_/.test(text)) throw bad(text, where, "names may not start with _");
  const paths: string[] = [];
  const swapped = text.replace(DOTTED, (p) => {
    let i = paths.indexOf(p);
    if (i < 0) i = paths.push(p) - 1;
    return PLACEHOLDER(i);
  });
  let node: MathNode;
  try {
    node = parse(swapped);
  } catch (e) {
    const msg = e instanceof Error ? e.message.replace(/_m(\d+)_/g, (_, i) => paths[Number(i)]!) : String(e);
    throw bad(text, where, `not an expression (${msg})`);
  }
  return { node, paths };
}

function expression(text: string, node: MathNode, paths: string[], where: string): Expression {
  const fail = (m: string): never => {
    throw bad(text, where, m);
  };
  const f = compile(node, paths, fail, { n: 0 });
  const used = [...new Set(collectPaths(node, paths))];
  return {
    text,
    metrics: used,
    evaluate(values) {
      for (const p of used) {
        const x = values(p);
        if (x === null || x === undefined || !Number.isFinite(x)) return null;
      }
      const r = f(values);
      return Number.isFinite(r) ? r : null;
    },
    ...linearSingle(node, paths),
  };
}

function collectPaths(node: MathNode, paths: string[]): string[] {
  const out: string[] = [];
  node.traverse((n) => {
    if (n.type === "SymbolNode") {
      const m = /^_m(\d+)_$/.exec((n as unknown as { name: string }).name);
      if (m) out.push(paths[Number(m[1])]!);
    }
  });
  return out;
}

/**
 * Recognises `metric`, `c*metric`, `metric*c`, `metric/c`, `metric ± c` (c a positive number): then the exact
 * bounds of that one metric's statistic carry over to the expression (used for Clopper–Pearson bounds).
 */
function linearSingle(node: MathNode, paths: string[]): Pick<Expression, "single"> {
  const unwrap = (n: MathNode): MathNode =>
    n.type === "ParenthesisNode" ? unwrap((n as unknown as { content: MathNode }).content) : n;
  const num = (n: MathNode): number | undefined => {
    const u = unwrap(n);
    const v = (u as unknown as { value: unknown }).value;
    return u.type === "ConstantNode" && typeof v === "number" ? v : undefined;
  };
  const walk = (n: MathNode): Expression["single"] | undefined => {
    const u = unwrap(n);
    if (u.type === "SymbolNode") {
      const m = /^_m(\d+)_$/.exec((u as unknown as { name: string }).name);
      return m ? { path: paths[Number(m[1])]!, scale: 1, shift: 0 } : undefined;
    }
    if (u.type !== "OperatorNode") return undefined;
    const { fn, args } = u as unknown as { fn: string; args: MathNode[] };
    if (args.length !== 2) return undefined;
    const [a, b] = args as [MathNode, MathNode];
    if (fn === "multiply") {
      const c = num(a) ?? num(b);
      const inner = walk(num(a) !== undefined ? b : a);
      return c !== undefined && c > 0 && inner
        ? { ...inner, scale: inner.scale * c, shift: inner.shift * c }
        : undefined;
    }
    if (fn === "divide") {
      const c = num(b);
      const inner = walk(a);
      return c !== undefined && c > 0 && inner
        ? { ...inner, scale: inner.scale / c, shift: inner.shift / c }
        : undefined;
    }
    if (fn === "add" || fn === "subtract") {
      const cb = num(b);
      const ca = num(a);
      if (cb !== undefined) {
        const inner = walk(a);
        return inner ? { ...inner, shift: inner.shift + (fn === "add" ? cb : -cb) } : undefined;
      }
      if (ca !== undefined && fn === "add") {
        const inner = walk(b);
        return inner ? { ...inner, shift: inner.shift + ca } : undefined;
      }
    }
    return undefined;
  };
  const s = walk(node);
  return s ? { single: s } : {};
}

/** Parses an objective (an arithmetic expression; no comparison). `where` names the argument (`--maximise`). */
export function parseObjective(text: string, where = "objective"): Expression {
  const { node, paths } = parseText(text, where);
  return expression(text, node, paths, where);
}

/** Parses a constraint `lhs <= rhs` (or <, >=, >): exactly one comparison, at the top. */
export function parseConstraint(text: string, where = "constraint"): Constraint {
  const { node, paths } = parseText(text, where);
  const top = node.type === "ParenthesisNode" ? (node as unknown as { content: MathNode }).content : node;
  const { fn, args } = top as unknown as { fn?: string; args?: MathNode[] };
  const op = top.type === "OperatorNode" && typeof fn === "string" ? COMPARISONS[fn] : undefined;
  if (!op || !args || args.length !== 2) {
    if (top.type === "RelationalNode") throw bad(text, where, "only one comparison per constraint");
    if (top.type === "OperatorNode" && (fn === "equal" || fn === "unequal"))
      throw bad(text, where, "== and != cannot hold with a stated confidence; use <=, <, >= or >");
    throw bad(
      text,
      where,
      "a constraint compares two expressions with <=, <, >= or >, e.g. fund.tolerance_breach.mean <= 0.1",
    );
  }
  const lhsText = args[0]!.toString().replace(/_m(\d+)_/g, (_, i) => paths[Number(i)]!);
  const rhsText = args[1]!.toString().replace(/_m(\d+)_/g, (_, i) => paths[Number(i)]!);
  const lhs = expression(lhsText, args[0]!, paths, where);
  const rhs = expression(rhsText, args[1]!, paths, where);
  return { text, lhs, op, rhs, metrics: [...new Set([...lhs.metrics, ...rhs.metrics])] };
}

/**
 * Problems with the metric paths of expressions for a scenario's vehicles (unknown vehicle, metric or statistic),
 * each at `where` (e.g. `--subject-to[1]`).
 */
export function expressionProblems(
  items: readonly { metrics: string[]; where: string }[],
  vehicles: readonly MetricNames[],
): Problem[] {
  return items.flatMap(({ metrics, where }) =>
    metricPathProblems(metrics, vehicles, where).map((p) => ({ ...p, path: where })),
  );
}
