/**
 * A block worker's module graph stays free of the validation and parsing libraries (zod, yaml) and of the report
 * and API stacks: a worker then starts in ~0.1 s instead of ~0.3 s, which counts on every run with threads.
 * Walks the value imports (not `import type`) of src/run/worker.ts.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { expect, it } from "vitest";
import { ROOT } from "./helpers.ts";

const IMPORT = /^\s*(import|export)\s+(?!type\b)(?:[^"';]*?\s+from\s+)?["']([^"']+)["']/gm;

function graph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[2]!;
      if (spec.startsWith(".")) visit(resolve(dirname(file), spec));
      else packages.add(spec);
    }
  };
  visit(resolve(ROOT, entry));
  return { files, packages };
}

it("the block worker loads no zod, yaml, report or API module", () => {
  const { files, packages } = graph("src/run/worker.ts");
  expect(files.size).toBeGreaterThan(10); // the walk found the engine
  expect([...packages].filter((p) => /^(zod|yaml|vega|vega-lite|exceljs|fastify)/.test(p))).toEqual([]);
  const rel = [...files].map((f) => f.slice(ROOT.length));
  expect(rel.filter((f) => /^src\/(report|api|cli)\//.test(f) || f === "src/scenario/load.ts")).toEqual([]);
});
