/**
 * The installable package, as a user gets it: `npm pack` (which builds dist/ through `prepare`), then the tarball
 * installed with production dependencies only into an empty project. The tarball holds what a user needs and no
 * tests or TypeScript sources; the installed `gfsim` runs compiled code without tsx, prints its version, runs a
 * shipped scenario, serves the API (from the environment a container sets) and runs a job through it; the library
 * API imports from "gfsim" — each result equal to the in-repo run of the same scenario, seed and paths.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readScenario } from "../src/cli/io.ts";
import type { Result } from "../src/run/result.ts";
import { runScenario } from "../src/run/run.ts";
import { ROOT } from "./helpers.ts";

const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const version = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;

function sh(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(cmd, args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NODE_NO_WARNINGS: "1", ...env },
    timeout: 480_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${r.status}:\n${r.stderr}\n${r.stdout}`);
  return r.stdout;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function expected(name: string, paths: number, seed: number): Promise<Result> {
  return JSON.parse(JSON.stringify((await runScenario(readScenario(name), { paths, seed })).result)) as Result;
}

describe("npm package", () => {
  let tmp: string;
  let project: string;
  let files: string[];
  const bin = () => join(project, "node_modules", ".bin", "gfsim");

  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), "gfsim-pack-"));
    project = join(tmp, "project");
    mkdirSync(project);
    const packed = JSON.parse(sh(NPM, ["pack", "--json", "--pack-destination", tmp], ROOT)) as {
      filename: string;
      files: { path: string }[];
    }[];
    files = packed[0]!.files.map((f) => f.path);
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
    sh(
      NPM,
      ["install", "--omit=dev", "--prefer-offline", "--no-audit", "--no-fund", join(tmp, packed[0]!.filename)],
      project,
    );
  }, 600_000);
  // The installed project holds a full production node_modules: removing it takes a while on a busy machine.
  afterAll(() => rm(tmp, { recursive: true, force: true }), 300_000);

  it("the tarball holds the compiled CLI, library and types, scenarios, schemas, workbench, docs — no tests", () => {
    for (const f of [
      "package.json",
      "README.md",
      "LICENSE",
      "bin/gfsim.js",
      "dist/cli.js",
      "dist/index.js",
      "dist/run-worker.js",
      "dist/api-worker.js",
      "dist/types/index.d.ts",
      "scenarios/generic-vc.yaml",
      "schema/scenario.schema.json",
      "schema/openapi.json",
      "src/api/web/static/index.html",
      "docs/api.md",
    ])
      expect(files, f).toContain(f);
    const stray = files.filter(
      (f) => /^(test|bench|scripts|\.ci)\//.test(f) || (f.endsWith(".ts") && !f.endsWith(".d.ts")),
    );
    expect(stray).toEqual([]);
  });

  it("installs without dev dependencies: no tsx, TypeScript or vitest at run time", () => {
    for (const dev of ["tsx", "typescript", "vitest", "esbuild"])
      expect(existsSync(join(project, "node_modules", dev)), dev).toBe(false);
    expect(existsSync(join(project, "node_modules", "gfsim", "dist", "cli.js"))).toBe(true);
  });

  it("npx gfsim --version prints the package version", () => {
    expect(sh("npx", ["--no-install", "gfsim", "--version"], project).trim()).toBe(version);
  });

  it("runs a shipped scenario on two threads: the in-repo result, byte for byte", async () => {
    const out = sh(bin(), ["run", "generic-vc", "--paths", "300", "--seed", "5", "--threads", "2", "--json"], project);
    expect(JSON.parse(out)).toEqual(await expected("generic-vc", 300, 5));
  });

  it("the library API imports from 'gfsim' with its types", async () => {
    writeFileSync(
      join(project, "script.mjs"),
      `import { run, loadScenario, VERSION } from "gfsim";
const r = await run(loadScenario("generic-vc"), { paths: 300, seed: 5 });
process.stdout.write(JSON.stringify({ version: VERSION, result: r }));`,
    );
    const out = JSON.parse(sh(process.execPath, ["script.mjs"], project)) as { version: string; result: Result };
    expect(out.version).toBe(version);
    expect(out.result).toEqual(await expected("generic-vc", 300, 5));
    // The declarations type-check a consumer under strict NodeNext resolution.
    writeFileSync(
      join(project, "check.ts"),
      `import { type Result, run } from "gfsim";
const r: Result = await run("generic-vc", { paths: 10, targets: ["vc.tvpi.mean>=0"] });
const tvpi: number | null = r.vehicles.vc!.metrics.tvpi!.mean;
export { tvpi };`,
    );
    sh(
      process.execPath,
      [
        join(ROOT, "node_modules", "typescript", "bin", "tsc"),
        "--noEmit",
        "--strict",
        "--module",
        "nodenext",
        "--moduleResolution",
        "nodenext",
        "--target",
        "es2022",
        "--types",
        "node",
        "--typeRoots",
        join(ROOT, "node_modules", "@types"),
        "check.ts",
      ],
      project,
    );
  });

  describe("gfsim serve from the installed package", () => {
    let server: ChildProcess | undefined;
    let base = "";
    beforeAll(async () => {
      const port = await freePort();
      base = `http://127.0.0.1:${port}`;
      server = spawn(process.execPath, [bin(), "serve", "--threads", "1"], {
        cwd: project,
        env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", GFSIM_DATA: join(tmp, "data") },
        stdio: "ignore",
      });
      for (let i = 0; i < 600; i++) {
        const ok = await fetch(`${base}/readyz`).then(
          (r) => r.ok,
          () => false,
        );
        if (ok) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error("gfsim serve did not become ready in 60 s");
    }, 90_000);
    afterAll(() => {
      server?.kill("SIGTERM");
    });

    it("takes PORT and GFSIM_DATA from the environment and runs a job through the API", async () => {
      const submitted = await fetch(`${base}/v1/runs`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ scenario: "generic-vc", paths: 300, seed: 5 }),
      });
      expect(submitted.status).toBe(202);
      const { id } = (await submitted.json()) as { id: string };
      let status = "queued";
      for (let i = 0; i < 1200 && status !== "done" && status !== "failed"; i++) {
        await new Promise((r) => setTimeout(r, 100));
        status = ((await (await fetch(`${base}/v1/runs/${id}`)).json()) as { status: string }).status;
      }
      expect(status).toBe("done");
      const result = await (await fetch(`${base}/v1/runs/${id}/result`)).json();
      expect(result).toEqual(await expected("generic-vc", 300, 5));
      expect(existsSync(join(tmp, "data", "runs", id, "result.json"))).toBe(true);
    }, 150_000);
  });
});
