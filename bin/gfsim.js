#!/usr/bin/env node
// Entry for `npx gfsim`: runs the TypeScript CLI through tsx's loader, no build step.
import { register } from "tsx/esm/api";

register();
await import("../src/cli/main.ts");
