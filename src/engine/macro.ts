/**
 * The macro factor (MODEL.md §2.1): Z_t = φ·Z_{t−1} + √(1−φ²)·e_t, Z_0 = 0, with stress years fixed by `shocks`
 * (the recursion continues from the fixed value). Low Z is a bad year.
 */
import type { Stream } from "./rng.ts";

export interface MacroParams {
  phi: number;
  /** shock[t] = fixed Z_t, NaN where not fixed (index 0 unused). */
  shock: Float64Array;
  horizon: number;
}

export function macroParams(macro: { phi: number; shocks: Record<string, number> }, horizon: number): MacroParams {
  const shock = new Float64Array(horizon + 1).fill(Number.NaN);
  for (const [year, value] of Object.entries(macro.shocks)) shock[Number(year)] = value;
  return { phi: macro.phi, shock, horizon };
}

/** Fills `z[1..horizon]` for one path. One normal draw per year, shocked years included, so streams stay aligned. */
export function fillMacroPath(p: MacroParams, rng: Stream, z: Float64Array): void {
  const k = Math.sqrt(1 - p.phi * p.phi);
  z[0] = 0;
  for (let t = 1; t <= p.horizon; t++) {
    const e = rng.normal();
    const s = p.shock[t]!;
    z[t] = Number.isNaN(s) ? p.phi * z[t - 1]! + k * e : s;
  }
}
