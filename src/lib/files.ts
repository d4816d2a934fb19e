/**
 * Scenario files on disk: a scenario argument is a file path or the name of a shipped scenario (`yuhang-2b`).
 * Shared by the library API and the CLI, so `loadScenario("yuhang-2b")` and `gfsim run yuhang-2b` read the same file
 * and fail with the same messages (a missing or unreadable file is a user error naming the path, exit 2).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { GfsimError } from "../errors.ts";
import { applyOverrides, type Override, parseOverride, parseText } from "../scenario/load.ts";
import { SCENARIO_EXTENSIONS, SHIPPED_SCENARIOS_DIR } from "../scenario/shipped.ts";
import { closest } from "./suggest.ts";

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

/** The raw (unvalidated) scenario object of a file path or shipped name, with `path=value` overrides applied. */
export function readRawScenario(arg: string, sets: string[] = []): unknown {
  const path = resolveScenarioPath(arg);
  const overrides: Override[] = sets.map(parseOverride);
  return applyOverrides(parseText(readUserFile(path, "scenario file"), path), overrides);
}
