/** Shared helpers of the API tests: apps on temporary data directories, polling, and real server processes. */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { FastifyInstance } from "fastify";
import { expect } from "vitest";
import { type ApiOptions, buildApp } from "../src/api/app.ts";

export const ROOT = resolve(import.meta.dirname, "..");
const TERMINAL = new Set(["done", "failed", "cancelled"]);

export async function tempDir(prefix = "gfsim-api-"): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export interface TestApp {
  app: FastifyInstance;
  dir: string;
  close: () => Promise<void>;
}

/** An app on a fresh data directory, no token unless given; `close` stops workers and removes the directory. */
export async function testApp(opts: Partial<ApiOptions> = {}): Promise<TestApp> {
  const { dir, remove } = await tempDir();
  const app = await buildApp({ token: "", threads: 1, ...opts, dataDir: dir });
  return {
    app,
    dir,
    close: async () => {
      await app.close();
      await remove();
    },
  };
}

export interface JobJson {
  id: string;
  status: string;
  progress: number;
  started_at: string | null;
  error: { code: string; message: string; issues: unknown[] } | null;
  [k: string]: unknown;
}

/** Polls a job until `until` holds (default: finished), failing after `timeoutMs`. */
export async function waitForJob(
  get: (id: string) => Promise<JobJson>,
  id: string,
  until: (j: JobJson) => boolean = (j) => TERMINAL.has(j.status),
  timeoutMs = 30_000,
): Promise<JobJson> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const job = await get(id);
    if (until(job)) return job;
    if (Date.now() > end)
      throw new Error(`job ${id} did not reach the expected state in ${timeoutMs} ms; last: ${JSON.stringify(job)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export function injectGetter(app: FastifyInstance): (id: string) => Promise<JobJson> {
  return async (id) => (await app.inject({ url: `/v1/runs/${id}` })).json() as JobJson;
}

/** Checks the one error shape of the API and returns the body's error. */
export function expectErrorShape(body: unknown): {
  code: string;
  message: string;
  issues: { path: string; message: string }[];
} {
  const e = (body as { error?: unknown }).error as {
    code: string;
    message: string;
    issues: { path: string; message: string }[];
  };
  expect(e, `error shape in ${JSON.stringify(body)}`).toBeTypeOf("object");
  expect(Object.keys(body as object)).toEqual(["error"]);
  expect(Object.keys(e).sort()).toEqual(["code", "issues", "message"]);
  expect(e.code).toMatch(/^[A-Z_]+$/);
  expect(e.message.length).toBeGreaterThan(0);
  for (const i of e.issues) {
    expect(Object.keys(i).sort()).toEqual(["message", "path"]);
    expect(typeof i.path).toBe("string");
    expect(typeof i.message).toBe("string");
  }
  return e;
}

/** Arguments that run the CLI in a single node process (tsx's loader in-process, so a signal reaches the server). */
export function cliArgs(...args: string[]): string[] {
  return ["--import", "tsx", join(ROOT, "src/cli/main.ts"), ...args];
}

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  stop: () => Promise<void>;
}

/** Starts `gfsim serve --port 0` as a child process and waits for the line that gives its URL. */
export async function startServer(dataDir: string, extra: string[] = []): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    cliArgs("serve", "--port", "0", "--host", "127.0.0.1", "--data", dataDir, ...extra),
    {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, GFSIM_API_TOKEN: "" },
    },
  );
  let log = "";
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 30_000);
    const onData = (d: Buffer) => {
      log += d.toString();
      const m = /(?:Server listening at|gfsim serve: open) (http:\/\/127\.0\.0\.1:\d+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1]!);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening:\n${log}`));
    });
  });
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  return {
    child,
    url,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}
