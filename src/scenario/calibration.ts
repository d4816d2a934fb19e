/**
 * What `calibrate` fits (MODEL.md §11): free parameters by field path — `*` standing for every entry of a named list
 * (`vc.lifecycle.stages.*.advance`), a name for one entry (`stages.growth`), optional bounds `PATH=LOW..HIGH` — and
 * targets `METRIC=VALUE` with an optional tolerance `METRIC=VALUE±TOL`. Free paths are resolved against the raw
 * scenario into concrete positions, so the fitted values are written back exactly where the user's file has them.
 * (A decision-variable parser of the same grammar serves `optimise`; the two should share one.)
 */
import { z } from "zod";
import { GfsimError, type Problem } from "../errors.ts";
import { parseFieldPath, type Segment } from "./paths.ts";

export const FreeSpec = z.strictObject({
  path: z.string().min(1).describe("field path; * matches every entry of a named list"),
  low: z.number().optional(),
  high: z.number().optional(),
});
export type FreeSpec = z.infer<typeof FreeSpec>;

export const MatchSpec = z.strictObject({
  metric: z.string().min(1).describe("<vehicle>.<metric>.<statistic>"),
  value: z.number().finite(),
  tolerance: z.number().min(0).default(0).describe("accepted distance besides Monte Carlo error"),
});
export type MatchSpec = z.infer<typeof MatchSpec>;

/** One concrete free parameter: where it is (raw-scenario segments), how it is shown, its start and bounds. */
export interface FreeParam {
  path: string;
  segments: Segment[];
  start: number;
  low: number;
  high: number;
}

const NUM = String.raw`[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?`;

function bad(flag: string, text: string, message: string): GfsimError {
  return new GfsimError("INVALID_ARGUMENT", `${flag} ${message}, got "${text}"`, [
    { path: flag, message, value: text },
  ]);
}

/** `PATH` or `PATH=LOW..HIGH`. */
export function parseFree(text: string): FreeSpec {
  const m = new RegExp(`^([^=]+?)(?:=(${NUM})\\.\\.(${NUM}))?$`).exec(text.trim());
  if (!m) throw bad("--free", text, "expects PATH or PATH=LOW..HIGH (e.g. fund.reserves=0.1..0.5)");
  const low = m[2] === undefined ? undefined : Number(m[2]);
  const high = m[3] === undefined ? undefined : Number(m[3]);
  if (low !== undefined && high !== undefined && !(low < high)) throw bad("--free", text, "needs LOW < HIGH");
  return { path: m[1]!.trim(), ...(low !== undefined && { low }), ...(high !== undefined && { high }) };
}

/** `METRIC=VALUE` or `METRIC=VALUE±TOL` (also `+-`). */
export function parseMatch(text: string): MatchSpec {
  const m = new RegExp(`^([^=]+?)=(${NUM})(?:(?:±|\\+-)(${NUM}))?$`).exec(text.trim());
  if (!m) throw bad("--match", text, "expects METRIC=VALUE or METRIC=VALUE±TOL (e.g. vc.tvpi.p50=1.67)");
  const tolerance = m[3] === undefined ? 0 : Number(m[3]);
  if (tolerance < 0) throw bad("--match", text, "needs a tolerance ≥ 0");
  return { metric: m[1]!.trim(), value: Number(m[2]), tolerance };
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object";

function entryName(x: unknown): string | undefined {
  if (!isObject(x)) return undefined;
  return typeof x.id === "string" ? x.id : typeof x.name === "string" ? x.name : undefined;
}

/**
 * Expands a free path against the raw scenario: the first segment is a vehicle id; inside a list `*` is every entry
 * and a name is the entry of that `id`/`name`. Each result must hold a number now (the fit's start).
 */
function expand(raw: Record<string, unknown>, spec: FreeSpec, where: string, problems: Problem[]): FreeParam[] {
  let segs: Segment[];
  try {
    segs = parseFieldPath(spec.path);
  } catch {
    problems.push({ path: where, message: "not a field path", value: spec.path });
    return [];
  }
  const vehicles = Array.isArray(raw.vehicles) ? raw.vehicles : [];
  const vi = vehicles.findIndex((v) => entryName(v) === segs[0]);
  if (vi < 0) {
    const ids = vehicles.map(entryName).join(", ");
    problems.push({ path: where, message: `unknown vehicle "${segs[0]}"; vehicles are ${ids}`, value: spec.path });
    return [];
  }
  let found: { at: unknown; segments: Segment[]; shown: string }[] = [
    { at: vehicles[vi], segments: ["vehicles", vi], shown: String(segs[0]) },
  ];
  for (const seg of segs.slice(1)) {
    const next: typeof found = [];
    for (const f of found) {
      if (Array.isArray(f.at)) {
        const idx =
          seg === "*"
            ? f.at.map((_, i) => i)
            : typeof seg === "number"
              ? [seg]
              : [f.at.findIndex((x) => entryName(x) === seg)];
        for (const i of idx)
          if (i >= 0 && i < f.at.length)
            next.push({
              at: f.at[i],
              segments: [...f.segments, i],
              shown: `${f.shown}.${entryName(f.at[i]) ?? i}`,
            });
      } else if (isObject(f.at) && seg in f.at)
        next.push({ at: f.at[seg], segments: [...f.segments, seg], shown: `${f.shown}.${seg}` });
    }
    found = next;
  }
  const out: FreeParam[] = [];
  if (found.length === 0)
    problems.push({
      path: where,
      message: "matches no field of the scenario (write the field in the file first)",
      value: spec.path,
    });
  for (const f of found) {
    if (typeof f.at !== "number" || !Number.isFinite(f.at)) {
      problems.push({ path: where, message: `${f.shown} is not a number (${JSON.stringify(f.at)})`, value: spec.path });
      continue;
    }
    const v = f.at;
    // Default bounds: a fraction stays in [0, 1]; a positive size moves within a factor 4 either way.
    const dLow = v >= 0 && v <= 1 ? 0 : v > 0 ? v / 4 : v * 4;
    const dHigh = v >= 0 && v <= 1 ? 1 : v > 0 ? v * 4 : v / 4;
    const low = spec.low ?? dLow;
    const high = spec.high ?? dHigh;
    if (!(low < high))
      problems.push({ path: where, message: `${f.shown}: bounds ${low}..${high} are empty`, value: spec.path });
    else out.push({ path: f.shown, segments: f.segments, start: Math.min(high, Math.max(low, v)), low, high });
  }
  return out;
}

/** Every free parameter of the specs, concrete and deduplicated; a `GfsimError` lists every problem. */
export function resolveFree(raw: unknown, specs: readonly FreeSpec[]): FreeParam[] {
  if (!isObject(raw)) throw new GfsimError("INVALID_SCENARIO", "the scenario must be a mapping", []);
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const out: FreeParam[] = [];
  specs.forEach((s, i) => {
    for (const p of expand(raw, s, `free[${i}]`, problems)) {
      const key = p.segments.join("\u0000");
      if (!seen.has(key)) out.push(p);
      seen.add(key);
    }
  });
  if (specs.length === 0) problems.push({ path: "free", message: "give at least one --free parameter" });
  if (problems.length > 0) throw new GfsimError("INVALID_ARGUMENT", "a free parameter is not valid", problems);
  return out;
}
