/**
 * Turns the outputs of `gfsim sweep`, `gfsim compare` and `gfsim size-pool`/`max-leverage` (src/run/sweep.ts,
 * compare.ts, solve.ts) into the report's
 * optional inputs, so those commands can hand their results to `writeReports` without knowing the report model.
 */
import type { Comparison } from "../../run/compare.ts";
import type { SolveResult } from "../../run/solve.ts";
import type { SweepResult } from "../../run/sweep.ts";
import type { CompareReport, SizingReport, SweepReport } from "./extras.ts";
import { inputChanges } from "./inputs.ts";

const scalar = (v: unknown): number | string | boolean =>
  typeof v === "number" || typeof v === "string" || typeof v === "boolean" ? v : JSON.stringify(v);

export function sweepReportFrom(sweep: SweepResult): SweepReport {
  return {
    params: sweep.vary.map((v) => v.path),
    metrics: [...sweep.metrics],
    rows: sweep.rows.map((r) => ({
      params: Object.fromEntries(sweep.vary.map((v) => [v.path, scalar(r.values[v.path])])),
      values: { ...r.metrics },
    })),
  };
}

/** A comparison's report input; with both scenarios, the inputs that differ between them are listed too. */
export function compareReportFrom(
  c: Comparison,
  opts: { scenarios?: { a: unknown; b: unknown }; labels?: { a: string; b: string } } = {},
): CompareReport {
  const out: CompareReport = {
    a: opts.labels?.a ?? c.a.scenario.name,
    b: opts.labels?.b ?? c.b.scenario.name,
    rows: c.metrics.map((m) => ({ metric: m.metric, a: m.a, b: m.b, diff: m.diff, se: m.se })),
  };
  if (opts.scenarios) out.inputs = inputChanges(opts.scenarios.a, opts.scenarios.b);
  return out;
}

export function sizingReportFrom(s: SolveResult): SizingReport {
  const out: SizingReport = {
    solver: s.solver,
    alpha: s.alpha,
    rows: s.curve.map((p) => ({ size: p.value, probability: p.p, lo: p.lo, hi: p.hi })),
    chosen: s.answer,
    band: { lo: s.band.lo, hi: s.band.hi },
  };
  if (s.note) out.note = s.note;
  return out;
}
