/**
 * Rendering a stored result as a report (worker side). Loaded only by report workers, so job workers and the
 * server thread never load the chart and spreadsheet libraries, and a slow render never holds the event loop.
 * The documents are the CLI's (`renderReport`), given the run's scenario as `gfsim run --report` is.
 */
import { readFile } from "node:fs/promises";
import { renderReport } from "../report/render.ts";
import type { Result } from "../run/result.ts";
import { validateScenario } from "../scenario/load.ts";
import type { WorkerInput } from "./worker-protocol.ts";

/**
 * The scenario as the CLI hands it to reports: validated, defaults filled in. A stored scenario that no longer
 * validates (written by another version) is passed as it is: the report reads it loosely.
 */
function reportScenario(stored: unknown): unknown {
  try {
    return validateScenario(stored).scenario;
  } catch {
    return stored;
  }
}

export async function renderStored(input: Extract<WorkerInput, { task: "report" }>): Promise<string | Uint8Array> {
  const { format, lang, scenario } = input;
  const result = JSON.parse(await readFile(input.resultPath, "utf8")) as Result;
  return renderReport(result, format, lang, scenario === undefined ? {} : { scenario: reportScenario(scenario) });
}
