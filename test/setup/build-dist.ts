/**
 * Vitest global setup: builds dist/ before any test file runs, so tests of the compiled CLI and of compiled worker
 * threads never see a stale bundle (also when a single test file is run with `npx vitest run`). esbuild takes well
 * under a second.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export default function setup(): void {
  const root = fileURLToPath(new URL("../..", import.meta.url));
  const r = spawnSync(process.execPath, ["scripts/build.mjs"], { cwd: root, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`building dist/ failed (exit ${r.status}):\n${r.stderr}${r.stdout}`);
}
