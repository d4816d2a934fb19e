/**
 * The build step: esbuild bundles the CLI and the two worker entries into dist/ as ES modules, so the installed
 * `gfsim` and its worker threads run compiled JavaScript instead of loading TypeScript through tsx (start-up was
 * dominated by tsx compiling the module graph). Code splitting keeps what only some commands need (fastify, report
 * renderers) in chunks loaded by their dynamic `import()`, out of `validate`'s path. Small pure dependencies on the
 * start-up path are bundled in (fewer files to resolve and parse); the large ones stay in node_modules.
 * Plain JavaScript so `prepare` can run it on `npm ci` before anything else is built.
 */
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(ROOT, "dist");

/** Dependencies left in node_modules: large, loaded lazily, or reading files relative to their own package. */
const EXTERNAL = [
  "fastify",
  "@fastify/*",
  "fastify-type-provider-zod",
  "vega",
  "vega-lite",
  "vega-embed",
  "exceljs",
  "mathjs",
  "tinypool",
  "bullmq",
  "ioredis",
  "cli-progress",
  "bullmq",
  "ioredis",
  "tsx",
  "tsx/*",
];

rmSync(OUT, { recursive: true, force: true });
await build({
  absWorkingDir: ROOT,
  entryPoints: {
    cli: "src/cli/main.ts",
    "run-worker": "src/run/worker.ts",
    "api-worker": "src/api/worker.ts",
  },
  outdir: OUT,
  // Every chunk next to the entries: modules find the package root and the worker entries from `dist/` alike.
  chunkNames: "chunk-[hash]",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  external: EXTERNAL,
  // Bundled CommonJS dependencies (seedrandom) call require() for Node built-ins.
  banner: {
    js: 'import { createRequire as __gfsimRequire } from "node:module"; const require = __gfsimRequire(import.meta.url);',
  },
  legalComments: "none",
  logLevel: "warning",
});
