/**
 * The `sweep:` block of a scenario (MODEL.md §8) and its expansion into combinations. A sweep varies named fields
 * over lists or inclusive ranges, as a full grid or zipped; the same shape is what `gfsim sweep --vary` builds and
 * what the API accepts, so a sweep can live next to its scenario. Expansion is pure: no I/O, no simulation.
 */
import { z } from "zod";
import { GfsimError, type Problem } from "../errors.ts";
import { fieldPathProblem, parseFieldPath } from "./paths.ts";

/** Most combinations a sweep may have (each one is a full run). */
export const MAX_SWEEP_ROWS = 1000;

const METRIC_PATH = /^[A-Za-z][\w-]*\.[\w]+\.[\w]+$/;

export const SweepRange = z
  .strictObject({
    from: z.number(),
    to: z.number(),
    step: z.number().refine((s) => s !== 0 && Number.isFinite(s), "step must be a non-zero number"),
  })
  .describe("inclusive range from..to by step (a negative step counts down)");
export type SweepRange = z.infer<typeof SweepRange>;

export const SweepValues = z.union([z.array(z.unknown()).min(1).max(MAX_SWEEP_ROWS), SweepRange]);
export type SweepValues = z.infer<typeof SweepValues>;

export const SweepBlock = z
  .strictObject({
    vary: z
      .record(z.string().min(1), SweepValues)
      .refine((v) => Object.keys(v).length > 0, "vary needs at least one field")
      .describe('"<vehicle id>.<field path>": list of values, or {from, to, step}'),
    zip: z.boolean().default(false).describe("pair the lists element by element instead of taking the full grid"),
    metrics: z
      .array(z.string().regex(METRIC_PATH, "metric paths are <vehicle id>.<metric>.<statistic>"))
      .optional()
      .describe("columns of the sweep table (default: the targets' metrics and each vehicle's headline metrics)"),
  })
  .superRefine((s, ctx) => {
    for (const key of Object.keys(s.vary)) {
      const problem = varyPathProblem(key);
      if (problem) ctx.addIssue({ code: "custom", path: ["vary", key], message: problem, input: key });
    }
  })
  .describe("parameter sweep: every combination runs with the same seed (common random numbers)");
export type SweepBlock = z.infer<typeof SweepBlock>;
export type SweepBlockInput = z.input<typeof SweepBlock>;

/** Why a field may not be varied (null when it may). */
export function varyPathProblem(path: string): string | null {
  const bad = fieldPathProblem(path);
  if (bad !== null)
    return bad === "not a field path" ? `${bad} (use e.g. fund.reserves or fund.lifecycle.stages[1].advance)` : bad;
  const segs = parseFieldPath(path);
  const head = segs[0];
  if (head === "run") return "run.paths and run.seed are fixed for the whole sweep (use --paths/--seed)";
  if (head === "sweep") return "a sweep cannot vary its own definition";
  if (head === "name" || head === "vehicles") return `"${String(head)}" cannot be varied`;
  if (segs[1] === "id" || segs[1] === "kind") return "a vehicle's id and kind cannot be varied";
  return null;
}

/** Digits after the decimal point needed to write x exactly as typed (1e-7 → 7, 0.25 → 2). */
function decimalsOf(x: number): number {
  const [mant, exp] = String(x).toLowerCase().split("e");
  const frac = mant!.split(".")[1]?.length ?? 0;
  return Math.max(0, frac - Number(exp ?? 0));
}

/**
 * The values of an inclusive range, free of floating-point drift: 0.2:0.6:0.1 gives exactly 0.2, 0.3, 0.4, 0.5, 0.6
 * (each value is start + k·step rounded to the decimals of start and step), and the end point is included when it
 * lies on the grid within a relative 1e-9.
 */
export function expandRange(r: SweepRange, where = "range"): number[] {
  const { from, to, step } = r;
  const bad = (message: string) =>
    new GfsimError("INVALID_ARGUMENT", `${where}: ${message}`, [
      { path: where, message, value: `${from}:${to}:${step}` },
    ]);
  if (!Number.isFinite(from) || !Number.isFinite(to) || !Number.isFinite(step) || step === 0)
    throw bad("start, stop and a non-zero step must be numbers");
  const span = (to - from) / step;
  if (span < -1e-9) throw bad(`the step ${step} never reaches ${to} from ${from}`);
  const count = Math.floor(span + 1e-9) + 1;
  if (count > MAX_SWEEP_ROWS) throw bad(`${count} values; at most ${MAX_SWEEP_ROWS}`);
  const digits = Math.min(15, Math.max(decimalsOf(from), decimalsOf(step)));
  const out: number[] = [];
  for (let k = 0; k < count; k++) out.push(Number((from + k * step).toFixed(digits)));
  return out;
}

/** A list, or a range expanded. */
export function expandValues(v: SweepValues, where: string): unknown[] {
  return Array.isArray(v) ? v : expandRange(v, where);
}

/** One combination: the value of each varied field, in `vary` order. */
export type Combination = { path: string; value: unknown }[];

/**
 * All combinations: the full grid (the first field varies slowest, like nested loops in the order given), or with
 * `zip` the i-th value of every list together (the lists must then have equal lengths).
 */
export function combinations(block: Pick<SweepBlock, "vary" | "zip">): Combination[] {
  const fields = Object.entries(block.vary).map(([path, v]) => ({ path, values: expandValues(v, `--vary ${path}`) }));
  if (block.zip) {
    const n = fields[0]!.values.length;
    const problems: Problem[] = fields
      .filter((f) => f.values.length !== n)
      .map((f) => ({ path: f.path, message: `${f.values.length} values; zip needs ${n} like ${fields[0]!.path}` }));
    if (problems.length > 0)
      throw new GfsimError("INVALID_ARGUMENT", "zipped sweep lists must have the same length", problems);
    return Array.from({ length: n }, (_, i) => fields.map((f) => ({ path: f.path, value: f.values[i] })));
  }
  const total = fields.reduce((p, f) => p * f.values.length, 1);
  if (total > MAX_SWEEP_ROWS)
    throw new GfsimError("INVALID_ARGUMENT", `the sweep grid has ${total} combinations; at most ${MAX_SWEEP_ROWS}`, [
      { path: "--vary", message: fields.map((f) => `${f.path}: ${f.values.length}`).join(" × "), value: total },
    ]);
  let out: Combination[] = [[]];
  for (const f of fields) out = out.flatMap((c) => f.values.map((value) => [...c, { path: f.path, value }]));
  return out;
}

/** `path=value` text of a combination, as `--set` would take it (values as flow YAML/JSON). */
export function describeCombination(c: Combination): string[] {
  return c.map(({ path, value }) => `${path}=${typeof value === "string" ? value : JSON.stringify(value)}`);
}
