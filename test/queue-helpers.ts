/**
 * Helpers of the queue tests: a throw-away redis-server on a free loopback port (persistence off, noeviction, as
 * BullMQ needs), `gfsim worker` processes with their log lines, and CLI runs that can overlap them.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { type QueueConfig, queueConfig } from "../src/queue/config.ts";
import { checkReachable } from "../src/queue/connection.ts";
import { ROOT } from "./helpers.ts";

/** redis-server on PATH or where Debian puts it; undefined when it is not installed (the tests are then skipped). */
export function findRedisServer(): string | undefined {
  const dirs = [...(process.env.PATH ?? "").split(delimiter), "/usr/bin", "/usr/sbin", "/usr/local/bin"];
  return dirs
    .filter((d) => d !== "")
    .map((d) => join(d, "redis-server"))
    .find((p) => existsSync(p));
}

/** A loopback port nothing listens on (at the time of asking). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface TestRedis {
  url: string;
  config: (name: string) => QueueConfig;
  /** Stops the server (its data is lost: no persistence) and starts a new one on the same port. */
  restart: () => Promise<void>;
  /** The server's process id (for CPU accounting in the bench). */
  pid: () => number | undefined;
  stop: () => Promise<void>;
}

export async function startRedis(bin: string): Promise<TestRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "gfsim-redis-"));
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"];
  args.push("--maxmemory-policy", "noeviction", "--dir", dir, "--logfile", join(dir, "redis.log"));
  const url = `redis://127.0.0.1:${port}`;
  const config = (name: string) => queueConfig({ url, name, env: {} })!;
  const start = async () => {
    const proc = spawn(bin, args, { stdio: "ignore" });
    const end = Date.now() + 20_000;
    for (;;) {
      try {
        await checkReachable(config("probe"), 1000);
        return proc;
      } catch (e) {
        if (Date.now() > end || proc.exitCode !== null) throw e;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  };
  const stop = async (proc: ChildProcess) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((r) => proc.once("exit", r));
    proc.kill("SIGTERM");
    await exited;
  };
  let proc = await start();
  return {
    url,
    config,
    restart: async () => {
      await stop(proc);
      proc = await start();
    },
    pid: () => proc.pid,
    stop: async () => {
      await stop(proc);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The CLI as a user runs it: the compiled one (vitest's global setup builds dist/ first). */
const CLI = ["bin/gfsim.js"];
const ENV: NodeJS.ProcessEnv = { ...process.env, NODE_NO_WARNINGS: "1" };
delete ENV.GFSIM_QUEUE;
delete ENV.GFSIM_QUEUE_NAME;
delete ENV.GFSIM_QUEUE_PASSWORD;

export interface TestWorker {
  proc: ChildProcess;
  /** Its log lines so far (stderr). */
  lines: string[];
  /** Resolves when a log line matches. */
  waitFor: (re: RegExp, timeoutMs?: number) => Promise<string>;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
}

export function startWorker(args: string[]): TestWorker {
  const proc = spawn(process.execPath, [...CLI, "worker", ...args], { cwd: ROOT, env: ENV, stdio: "pipe" });
  const lines: string[] = [];
  const waiters: { re: RegExp; resolve: (l: string) => void }[] = [];
  let rest = "";
  proc.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
    const parts = (rest + chunk).split("\n");
    rest = parts.pop()!;
    for (const line of parts) {
      lines.push(line);
      for (const w of [...waiters])
        if (w.re.test(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
    }
  });
  proc.stdout!.resume();
  const exited = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
  return {
    proc,
    lines,
    exited,
    waitFor: (re, timeoutMs = 60_000) => {
      const seen = lines.find((l) => re.test(l));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no worker log line like ${re} in ${timeoutMs} ms:\n${lines.join("\n")}`)),
          timeoutMs,
        );
        waiters.push({
          re,
          resolve: (l) => {
            clearTimeout(timer);
            resolve(l);
          },
        });
        void exited.then(() =>
          reject(new Error(`the worker exited before a log line like ${re}:\n${lines.join("\n")}`)),
        );
      });
    },
  };
}

/** Runs the CLI without blocking this process (workers run alongside). */
export function runCli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const proc = spawn(process.execPath, [...CLI, ...args], { cwd: ROOT, env: { ...ENV, ...env }, stdio: "pipe" });
  let stdout = "";
  let stderr = "";
  proc.stdout.setEncoding("utf8").on("data", (c: string) => {
    stdout += c;
  });
  proc.stderr.setEncoding("utf8").on("data", (c: string) => {
    stderr += c;
  });
  return new Promise((resolve) => proc.once("close", (status) => resolve({ status, stdout, stderr })));
}
