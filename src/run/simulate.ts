/**
 * Generator → per-path evaluator: simulates a block of paths [start, end) of a loaded scenario into typed arrays.
 * Pure and self-contained so that a worker thread can run any block; path i depends only on (seed, i).
 */

import { pathKey } from "../engine/keys.ts";
import { fillMacroPath, macroParams } from "../engine/macro.ts";
import { Stream, tagOf } from "../engine/rng.ts";
import type { PathOutput, VehicleEngine } from "../engine/vehicle.ts";
import { buildEngine } from "../engine/vehicles/index.ts";
import type { LoadedScenario } from "../scenario/load.ts";

/** Per-vehicle block output: scalars metric-major (`m * n + i`), series path-major per metric (`s][i * H + t`). */
export interface VehicleBlock {
  scalars: Float64Array;
  series: Float64Array;
}

export interface Block {
  start: number;
  end: number;
  vehicles: VehicleBlock[];
}

export function buildEngines(loaded: LoadedScenario): VehicleEngine[] {
  return loaded.byYear.map((versions) => buildEngine(versions, loaded.scenario));
}

export function simulateBlock(
  loaded: LoadedScenario,
  seed: number,
  start: number,
  end: number,
  engines = buildEngines(loaded),
): Block {
  const H = loaded.scenario.horizon_years;
  const n = end - start;
  const macro = macroParams(loaded.scenario.macro, H);
  const z = new Float64Array(H + 1);
  const outs: PathOutput[] = engines.map((e) => ({
    scalars: new Float64Array(e.scalarNames.length),
    series: new Float64Array(e.seriesNames.length * H),
  }));
  const blocks: VehicleBlock[] = engines.map((e) => ({
    scalars: new Float64Array(e.scalarNames.length * n),
    series: new Float64Array(e.seriesNames.length * n * H),
  }));
  // One stream object per vehicle (and the macro factor), re-keyed per path: key(seed, path, label).
  const macroTag = tagOf("macro");
  const macroRng = new Stream();
  const tags = engines.map((e) => tagOf(e.id));
  const rngs = engines.map(() => new Stream());
  // One context per vehicle, updated per path (no per-path objects).
  const ctxs = engines.map((_, v) => ({ path: start, horizon: H, z, rng: rngs[v]! }));
  for (let path = start; path < end; path++) {
    const i = path - start;
    const key = pathKey(seed, path);
    fillMacroPath(macro, macroRng.seedChild(key, macroTag), z);
    for (let v = 0; v < engines.length; v++) {
      const engine = engines[v]!;
      const out = outs[v]!;
      out.scalars.fill(Number.NaN);
      out.series.fill(0);
      const ctx = ctxs[v]!;
      ctx.path = path;
      ctx.rng.seedChild(key, tags[v]!);
      engine.simulatePath(ctx, out);
      const b = blocks[v]!;
      const ns = engine.scalarNames.length;
      for (let m = 0; m < ns; m++) b.scalars[m * n + i] = out.scalars[m]!;
      const nser = engine.seriesNames.length;
      const src = out.series;
      const dst = b.series;
      for (let s = 0; s < nser; s++) {
        const from = s * H;
        const to = s * n * H + i * H;
        for (let t = 0; t < H; t++) dst[to + t] = src[from + t]!;
      }
    }
  }
  return { start, end, vehicles: blocks };
}
