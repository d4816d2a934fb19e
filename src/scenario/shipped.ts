/**
 * Where the shipped scenarios live (`scenarios/` at the package root) and which file extensions hold a scenario,
 * in the order a name is tried: one definition for the CLI and the API.
 */
import { join } from "node:path";
import { PACKAGE_ROOT } from "../package-root.ts";

/** Absolute path of the shipped scenario directory. */
export const SHIPPED_SCENARIOS_DIR = join(PACKAGE_ROOT, "scenarios");

/** Extensions of scenario files, in the order a shipped name (`yuhang-2b`) is tried. */
export const SCENARIO_EXTENSIONS: readonly string[] = [".yaml", ".yml", ".json"];
