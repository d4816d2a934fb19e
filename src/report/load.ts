/**
 * Reading a saved result file (`gfsim run --json`, the API) for re-rendering. The shape is checked loosely — the
 * fields the report needs, with extra fields allowed — because metric names and additions evolve; a file that is
 * not a result at all is a user error (exit 2) naming what is wrong.
 */
import { z } from "zod";
import { GfsimError } from "../errors.ts";
import type { Result } from "../run/result.ts";
import { zodProblems } from "../scenario/issues.ts";

const Stat = z.number().nullable().optional();
const Summary = z.looseObject({
  mean: Stat,
  sd: Stat,
  se: Stat,
  p01: Stat,
  p05: Stat,
  p25: Stat,
  p50: Stat,
  p75: Stat,
  p95: Stat,
  p99: Stat,
});
const Point = z.looseObject({ year: z.number(), mean: Stat, p05: Stat, p25: Stat, p50: Stat, p75: Stat, p95: Stat });
const Vehicle = z.looseObject({
  kind: z.string(),
  metrics: z.record(z.string(), Summary),
  series: z.record(z.string(), z.array(Point)).optional(),
});

export const LooseResult = z.looseObject({
  scenario: z.looseObject({ name: z.string(), hash: z.string() }),
  seed: z.number(),
  paths: z.number(),
  version: z.string(),
  horizon_years: z.number().optional(),
  vehicles: z.record(z.string(), Vehicle),
  programme: z
    .looseObject({ metrics: z.record(z.string(), Summary), series: z.record(z.string(), z.array(Point)).optional() })
    .optional(),
  targets: z
    .array(
      z.looseObject({
        metric: z.string(),
        op: z.string(),
        value: z.number(),
        actual: z.number().nullable(),
        pass: z.boolean(),
      }),
    )
    .optional(),
});

/** Parses a result file's text; throws GfsimError (exit 2) when it is not JSON or not shaped like a result. */
export function parseResultJson(text: string, source = "result"): Result {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new GfsimError("PARSE_ERROR", `${source} is not valid JSON`, [
      { path: source, message: (e as Error).message },
    ]);
  }
  const parsed = LooseResult.safeParse(raw);
  if (!parsed.success)
    throw new GfsimError(
      "INVALID_ARGUMENT",
      `${source} does not look like a gfsim result (see MODEL.md §10)`,
      zodProblems(parsed.error, raw),
    );
  const r = parsed.data as unknown as Result;
  return { ...r, programme: r.programme ?? { metrics: {} }, targets: r.targets ?? [] };
}
