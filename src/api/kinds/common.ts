/**
 * What every job kind's `prepare` needs: the scenario of a request resolved (shipped name or inline), overridden and
 * validated with problems pointing into the request body; the effective paths and seed within the server's limit;
 * validation of names that need built engines; and the key that identifies identical requests.
 */
import { createHash } from "node:crypto";
import { GfsimError } from "../../errors.ts";
import { formatPath } from "../../scenario/issues.ts";
import {
  applyOverrides,
  type LoadedScenario,
  type Override,
  parseOverride,
  validateScenario,
} from "../../scenario/load.ts";
import { canonicalJson } from "../../scenario/plain.ts";
import { VERSION } from "../../version.ts";
import { withPrefix } from "../http-errors.ts";
import type { Overrides, ScenarioRef } from "../schemas.ts";
import type { JobContext } from "./types.ts";

/** Overrides with the request path each came from (`set[0]`, `set["fund.reserves"]`). */
function toOverrides(set: Overrides | undefined, field: string): { where: string; override: () => Override }[] {
  if (set === undefined) return [];
  if (Array.isArray(set))
    return set.map((text, i) => ({ where: `${field}[${i}]`, override: () => parseOverride(text) }));
  return Object.entries(set).map(([path, value]) => ({
    where: formatPath([field, path]),
    override: () => ({ path, value: value ?? null }),
  }));
}

/** Re-points a problem raised by `f` at `where` in the request (`exact`), or prefixes its paths with it. */
export async function rethrowAt<T>(f: () => T | Promise<T>, where: string, exact = false): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (!(e instanceof GfsimError)) throw e;
    if (!exact) throw withPrefix(e, where);
    throw new GfsimError(
      e.code,
      e.message,
      e.problems.map((p) => ({ ...p, path: where })),
    );
  }
}

/**
 * Resolves, overrides and validates a scenario of a request. `field` is where the scenario sits in the body
 * (`scenario`, or `a`/`b` of a comparison), `setField` where its overrides sit.
 */
export async function loadScenarioRef(
  ref: ScenarioRef,
  set: Overrides | undefined,
  ctx: JobContext,
  field = "scenario",
  setField = "set",
): Promise<{ raw: unknown; loaded: LoadedScenario }> {
  let raw = typeof ref === "string" ? await rethrowAt(() => ctx.readShipped(ref), field, true) : ref;
  // One at a time, so a problem names the override that caused it.
  for (const { where, override } of toOverrides(set, setField)) {
    const current = raw;
    raw = await rethrowAt(() => applyOverrides(current, [override()]), where, true);
  }
  const source = raw;
  const loaded = await rethrowAt(() => validateScenario(source), field);
  return { raw, loaded };
}

/** Effective paths (within the server's limit) and seed: the request's, else the scenario's run defaults. */
export function runSettings(
  body: { paths?: number | undefined; seed?: number | undefined },
  loaded: LoadedScenario,
  ctx: JobContext,
  field = "scenario",
): { paths: number; seed: number } {
  const paths = body.paths ?? loaded.scenario.run.paths;
  if (paths > ctx.maxPaths)
    throw new GfsimError("INVALID_REQUEST", `at most ${ctx.maxPaths} paths per run on this server`, [
      {
        path: body.paths === undefined ? `${field}.run.paths` : "paths",
        message: `must be ≤ ${ctx.maxPaths}`,
        value: paths,
      },
    ]);
  return { paths, seed: body.seed ?? loaded.scenario.run.seed };
}

/**
 * A pause for long validations on the event loop (a 1000-row sweep): yields to other requests once at least
 * `sliceMs` of work has passed since the last yield, so GET requests keep answering while a large request is checked.
 */
export function timeSlicer(sliceMs = 5): () => Promise<void> {
  let last = performance.now();
  return async () => {
    if (performance.now() - last < sliceMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    last = performance.now();
  };
}

/** Hash of everything that determines a job's result, and the program version. */
export function jobKey(parts: Record<string, unknown>): string {
  return createHash("sha256")
    .update(canonicalJson({ ...parts, version: VERSION }))
    .digest("hex");
}
