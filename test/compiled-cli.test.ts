/**
 * The compiled CLI (`bin/gfsim.js` → `dist/`, as installed): every shipped scenario prints byte-identical `--json`
 * for threads 1, 2 and 3 and two block sizes, with worker threads started from the compiled worker entry; the
 * bundle registers no TypeScript loader, and `validate`'s static module graph holds neither the API server nor the
 * report renderers (they stay behind dynamic imports in their own chunks).
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./helpers.ts";

const DIST = join(ROOT, "dist");
const files = readdirSync(join(ROOT, "scenarios")).filter((f) => /\.(ya?ml|json)$/.test(f));

function gfsim(args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ["bin/gfsim.js", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, NODE_NO_WARNINGS: "1" },
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Relative imports (static and dynamic) of a bundle file. */
function imports(file: string): { statics: string[]; dynamics: string[]; packages: string[] } {
  const text = readFileSync(join(DIST, file), "utf8");
  const statics = [...text.matchAll(/^(?:import|export)\s[^;]*?from\s*"(\.\/[^"]+)"/gm)].map((m) => m[1]!.slice(2));
  const dynamics = [...text.matchAll(/import\(\s*"(\.\/[^"]+)"\s*\)/g)].map((m) => m[1]!.slice(2));
  const packages = [...text.matchAll(/(?:from\s*|import\(\s*)"([^."][^"]*)"/g)].map((m) => m[1]!);
  return { statics, dynamics, packages };
}

/** Every bundle file `entry` loads before running anything (its static import closure). */
function staticClosure(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (f: string) => {
    if (seen.has(f)) return;
    seen.add(f);
    for (const g of imports(f).statics) visit(g);
  };
  visit(entry);
  return seen;
}

describe("the compiled CLI", () => {
  it.each(files)(
    "scenarios/%s: identical --json for threads 1, 2, 3 and block sizes 64, 1000",
    (file) => {
      const base = ["run", `scenarios/${file}`, "--paths", "100", "--json", "--no-progress", "--no-fail"];
      const configs: [threads: number, blockSize: number][] = [
        [1, 64],
        [2, 64],
        [3, 64],
        [1, 1000],
        [2, 1000],
        [3, 1000],
      ];
      let reference: string | undefined;
      for (const [threads, blockSize] of configs) {
        const r = gfsim([...base, "--threads", String(threads), "--block-size", String(blockSize)]);
        expect(r.status, r.stderr).toBe(0);
        if (reference === undefined) reference = r.stdout;
        else expect(r.stdout, `${file}: threads ${threads}, block size ${blockSize} differs`).toBe(reference);
      }
      expect(JSON.parse(reference!).paths).toBe(100);
    },
    240_000,
  ); // six CLI processes with worker threads: minutes on a loaded 2-core machine

  it("prints what the sources print", () => {
    const args = ["run", "generic-vc", "--paths", "100", "--json", "--no-progress", "--no-fail", "--threads", "2"];
    const compiled = gfsim(args);
    const source = spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(compiled.status, compiled.stderr).toBe(0);
    expect(compiled.stdout).toBe(source.stdout);
  });

  it("the bundle loads no TypeScript loader; workers start from their compiled entries", () => {
    const all = readdirSync(DIST).filter((f) => f.endsWith(".js"));
    expect(all).toEqual(expect.arrayContaining(["cli.js", "run-worker.js", "api-worker.js"]));
    for (const f of all)
      expect(
        imports(f).packages.filter((p) => p.startsWith("tsx")),
        f,
      ).toEqual([]);
    // The block worker exports its task as the default export tinypool calls.
    expect(readFileSync(join(DIST, "run-worker.js"), "utf8")).toMatch(/export\s*\{[^}]*\bas default\b/);
  });

  it("validate's static module graph holds no API server or report renderer", () => {
    const closure = staticClosure("cli.js");
    const packages = [...closure].flatMap((f) => {
      const text = readFileSync(join(DIST, f), "utf8");
      return [...text.matchAll(/^import[^;]*?from\s*"([^."][^"]*)"/gm)].map((m) => m[1]!);
    });
    expect(packages.filter((p) => /^(fastify|@fastify|vega|exceljs)/.test(p))).toEqual([]);
    // …and they are reachable through dynamic imports (code splitting worked).
    const lazy = [...closure].flatMap((f) => imports(f).dynamics);
    expect(lazy.length).toBeGreaterThan(0);
    const lazyPackages = new Set<string>();
    const seen = new Set<string>();
    const visit = (f: string) => {
      if (seen.has(f)) return;
      seen.add(f);
      const i = imports(f);
      for (const p of i.packages) lazyPackages.add(p);
      for (const g of [...i.statics, ...i.dynamics]) visit(g);
    };
    for (const f of lazy) visit(f);
    expect([...lazyPackages].some((p) => p.startsWith("fastify"))).toBe(true);
    expect([...lazyPackages].some((p) => p.startsWith("vega"))).toBe(true);
  });

  it("validate runs from the bundle", () => {
    const r = gfsim(["validate", "scenarios/yuhang-2b.yaml"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/valid/);
  });
});
