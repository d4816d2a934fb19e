/**
 * Terminal I/O shared by commands: reading scenarios by path or shipped name, atomic writes, and the single place
 * errors become messages and exit codes.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export { writeFileAtomic } from "../atomic.ts";

import { ERRORS, formatProblems, GfsimError } from "../errors.ts";
import { type LoadedScenario, loadScenarioText, type Override, parseOverride } from "../scenario/load.ts";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const SCENARIOS_DIR = join(ROOT, "scenarios");

/** A scenario argument is a file path, or the name of a shipped scenario (`yuhang-2b`). */
export function resolveScenarioPath(arg: string): string {
  if (existsSync(arg)) return arg;
  for (const ext of [".yaml", ".yml", ".json"]) {
    const p = join(SCENARIOS_DIR, `${arg}${ext}`);
    if (existsSync(p)) return p;
  }
  throw new GfsimError("SCENARIO_NOT_FOUND", `no scenario file "${arg}" (and no shipped scenario of that name)`, [
    { path: arg, message: "file not found" },
  ]);
}

export function readScenario(arg: string, sets: string[] = []): LoadedScenario {
  const path = resolveScenarioPath(arg);
  const overrides: Override[] = sets.map(parseOverride);
  return loadScenarioText(readFileSync(path, "utf8"), { source: path, overrides });
}

/** Prints an error for a person and returns the exit code; unknown errors are internal (no stack unless asked). */
export function reportError(e: unknown): number {
  if (e instanceof GfsimError) {
    process.stderr.write(`gfsim: ${e.message}\n`);
    if (e.problems.length > 0) process.stderr.write(`${formatProblems(e.problems)}\n`);
    return e.exitCode;
  }
  const msg = e instanceof Error ? e.message : String(e);
  process.stderr.write(`gfsim: internal error: ${msg}\n`);
  if (process.env.GFSIM_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
  return ERRORS.INTERNAL.exit;
}

/** Parses a whole number option with a range, as a user error when it is off. */
export function intOption(name: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new GfsimError("INVALID_ARGUMENT", `${name} must be a whole number in [${min}, ${max}]`, [
      { path: name, message: `must be in [${min}, ${max}]`, value: raw },
    ]);
  return n;
}
