/**
 * Terminal I/O shared by commands: reading scenarios by path or shipped name, atomic writes, and the single place
 * errors become messages and exit codes.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export { writeFileAtomic } from "../atomic.ts";

import { ERRORS, formatProblems, GfsimError } from "../errors.ts";
import { PACKAGE_ROOT } from "../package-root.ts";
import {
  applyOverrides,
  type LoadedScenario,
  type Override,
  parseOverride,
  parseText,
  validateScenario,
} from "../scenario/load.ts";
import { SCENARIO_EXTENSIONS, SHIPPED_SCENARIOS_DIR } from "../scenario/shipped.ts";
import { closest } from "./suggest.ts";

export const ROOT = PACKAGE_ROOT;
/** The shipped scenarios (`scenarios/`); kept under this name for the tests and scripts that import it. */
export const SCENARIOS_DIR = SHIPPED_SCENARIOS_DIR;

/** Names of the shipped scenarios (file names without extension), sorted. */
export function shippedScenarioNames(): string[] {
  let files: string[] = [];
  try {
    files = readdirSync(SHIPPED_SCENARIOS_DIR);
  } catch {
    return [];
  }
  const names = files.flatMap((f) => {
    const ext = SCENARIO_EXTENSIONS.find((e) => f.endsWith(e));
    return ext ? [f.slice(0, -ext.length)] : [];
  });
  return [...new Set(names)].sort();
}

/** A scenario argument is a file path, or the name of a shipped scenario (`yuhang-2b`). */
export function resolveScenarioPath(arg: string): string {
  if (existsSync(arg)) return arg;
  for (const ext of SCENARIO_EXTENSIONS) {
    const p = join(SHIPPED_SCENARIOS_DIR, `${arg}${ext}`);
    if (existsSync(p)) return p;
  }
  const guess = closest(arg, shippedScenarioNames());
  const hint = guess ? `; did you mean "${guess}"?` : "; `gfsim scenarios` lists the shipped ones";
  throw new GfsimError(
    "SCENARIO_NOT_FOUND",
    `no scenario file "${arg}" (and no shipped scenario of that name)${hint}`,
    [{ path: arg, message: guess ? `file not found; did you mean "${guess}"?` : "file not found" }],
  );
}

const ERRNO: Record<string, string> = {
  ENOENT: "no such file",
  EISDIR: "a directory, not a file",
  EACCES: "permission denied",
  EPERM: "not permitted",
  ENOTDIR: "a part of the path is not a directory",
  ELOOP: "too many symbolic links",
  ENAMETOOLONG: "the name is too long",
};

/**
 * Reads a file the user named (`what` says which, e.g. "scenario file"): a directory, a missing or unreadable file
 * is a user error (exit 2) naming the path and the errno code, not an internal error.
 */
export function readUserFile(path: string, what: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code !== "string") throw e;
    throw new GfsimError("INVALID_ARGUMENT", `cannot read ${what} "${path}" (${code})`, [
      { path, message: `${code}: ${ERRNO[code] ?? "unreadable"}; expected a readable file` },
    ]);
  }
}

/** The raw (unvalidated) scenario object of a file path or shipped name, with the `--set` overrides applied. */
export function readRawScenario(arg: string, sets: string[] = []): unknown {
  const path = resolveScenarioPath(arg);
  const overrides: Override[] = sets.map(parseOverride);
  return applyOverrides(parseText(readUserFile(path, "scenario file"), path), overrides);
}

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
