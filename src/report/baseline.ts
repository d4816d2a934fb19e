/**
 * The shipped scenario a run started from, found by the run's scenario name: the baseline against which a report
 * lists every input that was changed ("what was run"). Reports read it when they are given the run's scenario and
 * no baseline; a name that is not shipped (a file of the user's own) has none.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseText, validateScenario } from "../scenario/load.ts";
import { SCENARIO_EXTENSIONS, SHIPPED_SCENARIOS_DIR } from "../scenario/shipped.ts";
import type { ReportExtra } from "./model/index.ts";

/** The validated shipped scenario of this name, or null when there is none (or it no longer validates). */
export function shippedScenario(name: string, dir = SHIPPED_SCENARIOS_DIR): unknown | null {
  if (!/^[\w.-]+$/.test(name) || name.startsWith(".")) return null;
  for (const ext of SCENARIO_EXTENSIONS) {
    const file = join(dir, `${name}${ext}`);
    if (!existsSync(file)) continue;
    try {
      return validateScenario(parseText(readFileSync(file, "utf8"), file)).scenario;
    } catch {
      return null;
    }
  }
  return null;
}

/** `extra` with its `shipped` baseline filled in from the run's scenario name, when it has the run's scenario. */
export function withBaseline(extra: ReportExtra, scenarioName: string | undefined): ReportExtra {
  if (extra.scenario === undefined || extra.shipped !== undefined || !scenarioName) return extra;
  return { ...extra, shipped: shippedScenario(scenarioName) };
}
