/**
 * Where the package is, from the sources (`src/*.ts` under tsx) and from the bundle (`dist/*.js`) alike: this file
 * sits one level below the root in both, so files shipped beside the code (scenarios, static workbench files) and
 * the compiled worker entries are found the same way either way.
 */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const HERE = fileURLToPath(import.meta.url);

/** Absolute path of the package root (the directory holding package.json). */
export const PACKAGE_ROOT = resolve(dirname(HERE), "..");

/** True when this code runs from the esbuild bundle in `dist/`, false under tsx on the sources. */
export const COMPILED = !HERE.endsWith(".ts");

/**
 * A worker thread's entry: the compiled one from `dist/` when this code is compiled, else the TypeScript bootstrap
 * (`source`, which registers tsx in the thread) for development runs on the sources.
 */
export function workerEntry(opts: { compiled: string; source: URL }): URL {
  return COMPILED ? pathToFileURL(join(PACKAGE_ROOT, "dist", opts.compiled)) : opts.source;
}
