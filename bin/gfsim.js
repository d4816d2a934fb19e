#!/usr/bin/env node
// Entry for `gfsim` / `npx gfsim`: runs the compiled CLI in dist/ (built by `npm run build`, which `npm ci` and
// `npm install` run through `prepare`). Development runs the sources with `npm run gfsim` (tsx).
import { existsSync } from "node:fs";

const cli = new URL("../dist/cli.js", import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write("gfsim: dist/cli.js is missing; run `npm run build` (or `npm ci`, which builds it)\n");
  process.exit(70);
}
await import(cli.href);
