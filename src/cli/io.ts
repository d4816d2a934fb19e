/**
 * Terminal I/O shared by commands: reading scenarios by path or shipped name, atomic writes, and the single place
 * errors become messages and exit codes.
 */

export { writeFileAtomic } from "../atomic.ts";

import { checkOutputPath } from "../atomic.ts";

import { ERRORS, formatProblems, GfsimError } from "../errors.ts";
import { readRawScenario } from "../lib/files.ts";
import { PACKAGE_ROOT } from "../package-root.ts";
import { type LoadedScenario, validateScenario } from "../scenario/load.ts";
import { SHIPPED_SCENARIOS_DIR } from "../scenario/shipped.ts";

export { readRawScenario, readUserFile, resolveScenarioPath, shippedScenarioNames } from "../lib/files.ts";

export const ROOT = PACKAGE_ROOT;
/** The shipped scenarios (`scenarios/`); kept under this name for the tests and scripts that import it. */
export const SCENARIOS_DIR = SHIPPED_SCENARIOS_DIR;

/** A scenario by file path or shipped name, overridden and validated. */
export function readScenario(arg: string, sets: string[] = []): LoadedScenario {
  return validateScenario(readRawScenario(arg, sets));
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

/** Output flags a command may have; each one given is checked writable before any work (exit 2 at once). */
export function checkOutputs(flags: { out?: string; junit?: string; summary?: string; csv?: string }): void {
  if (flags.out !== undefined) checkOutputPath(flags.out, "--out", "dir");
  if (flags.junit !== undefined) checkOutputPath(flags.junit, "--junit");
  if (flags.summary !== undefined) checkOutputPath(flags.summary, "--summary");
  if (flags.csv !== undefined) checkOutputPath(flags.csv, "--csv");
}
