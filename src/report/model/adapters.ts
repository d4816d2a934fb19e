/**
 * Turns the outputs of `gfsim sweep`, `gfsim compare` and `gfsim size-pool`/`max-leverage` (src/run/sweep.ts,
 * compare.ts, solve.ts) into the report's
 * optional inputs, so those commands can hand their results to `writeReports` without knowing the report model.
 */
import type { Comparison } from "../../run/compare.ts";
import type { SolveResult } from "../../run/solve.ts";
import type { SweepResult } from "../../run/sweep.ts";
import type { CompareReport, SizingReport, SweepReport } from "./extras.ts";

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

export function compareReportFrom(c: Comparison): CompareReport {
  return {
    a: c.a.scenario.name,
    b: c.b.scenario.name,
    rows: c.metrics.map((m) => ({ metric: m.metric, a: m.a, b: m.b, diff: m.diff, se: m.se })),
  };
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
