/** The optimiser's public face: running an optimisation, and the recommended scenario it leads to. */

import { valueAt } from "../../scenario/decisions.ts";
import { applyOverrides, validateScenario } from "../../scenario/load.ts";
import { parseFieldPath, showPath } from "../../scenario/paths.ts";
import type { OptimiseResult } from "./optimise.ts";

export {
  type ConfirmedCandidate,
  checkOptimise,
  confirmationSeed,
  type FrontierPoint,
  MAX_BUDGET,
  type OptimiseOptions,
  type OptimiseResult,
  type OptimiseSpec,
  runOptimise,
} from "./optimise.ts";

/**
 * The scenario with the recommended values set (null when nothing is recommended), named `<name>-optimised` and
 * validated. The values are written into the scenario as given when every decided field's parent is there (so the
 * file keeps its shape and comments' order), else into the validated scenario with its defaults filled in.
 */
export function recommendedScenario(raw: unknown, r: OptimiseResult): Record<string, unknown> | null {
  if (!r.best) return null;
  const overrides = Object.entries(r.best.set).map(([path, value]) => ({ path, value }));
  const parentsThere = overrides.every(({ path }) => {
    const segs = parseFieldPath(path);
    return valueAt(raw, showPath(segs.slice(0, -1))) !== undefined;
  });
  const base = parentsThere ? raw : validateScenario(raw).scenario;
  const out = applyOverrides(base, overrides) as Record<string, unknown>;
  out.name = `${String(out.name)}-optimised`;
  validateScenario(out);
  return out;
}
