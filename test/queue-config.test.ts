/**
 * The queue's settings and wire format, without a Redis: URLs and passwords (never shown), the block encoding
 * round trip, deterministic job ids, and an unreachable Redis as a clear error — exit 2 on the command line, 503
 * from the API — naming the URL without its password.
 */
import { existsSync, readFileSync } from "node:fs";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { COMMANDS } from "../src/cli/commands/index.ts";
import { readScenario } from "../src/cli/io.ts";
import { GfsimError } from "../src/errors.ts";
import { queueConfig, redactUrl } from "../src/queue/config.ts";
import { blockJobId, decodeBlock, encodeBlock } from "../src/queue/protocol.ts";
import { simulateBlock } from "../src/run/simulate.ts";
import { expectErrorShape, testApp } from "./api-helpers.ts";
import { ROOT } from "./helpers.ts";
import { freePort, runCli } from "./queue-helpers.ts";

describe("queue settings", () => {
  it("reads host, port, database, TLS and the queue name; the password never shows", () => {
    const c = queueConfig({ url: "rediss://ops:p%40ss@redis.example:6380/3", name: "bureau-a", env: {} })!;
    expect(c).toEqual({
      host: "redis.example",
      port: 6380,
      db: 3,
      username: "ops",
      password: "p@ss",
      tls: true,
      name: "bureau-a",
      display: "rediss://ops@redis.example:6380/3",
    });
    expect(queueConfig({ url: "redis://10.0.0.5", env: {} })).toMatchObject({
      port: 6379,
      db: 0,
      tls: false,
      name: "gfsim",
    });
    expect(redactUrl("redis://:hunter2@h:1/0")).toBe("redis://:***@h:1/0");
    expect(redactUrl("redis://u:hunter2@h:1/0")).toBe("redis://u:***@h:1/0");
  });

  it("takes the URL, name and password from the environment when no flag is given", () => {
    const env = { GFSIM_QUEUE: "redis://q:7000/1", GFSIM_QUEUE_NAME: "dist-2", GFSIM_QUEUE_PASSWORD: "s3cret" };
    expect(queueConfig({ env })).toMatchObject({ host: "q", port: 7000, db: 1, name: "dist-2", password: "s3cret" });
    // A password in the URL wins over the environment's.
    expect(queueConfig({ url: "redis://:inurl@q:7000", env })?.password).toBe("inurl");
    // Neither flag nor environment: no queue, blocks run in this process.
    expect(queueConfig({ env: {} })).toBeUndefined();
  });

  it.each([
    ["http://h:1", "--queue", "scheme"],
    ["redis://h:1/16", "--queue", "database"],
    ["redis://h:1/x", "--queue", "database"],
    ["redis://:pw@h:1?x=1", "--queue", "no query"],
    ["not a url", "--queue", "not a URL"],
  ])("rejects %s naming %s", (url, path, words) => {
    let error: unknown;
    try {
      queueConfig({ url, env: {} });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GfsimError);
    const e = error as GfsimError;
    expect(e.code).toBe("INVALID_ARGUMENT");
    expect(e.problems[0]?.path).toBe(path);
    expect(e.message).toContain(words);
    expect(JSON.stringify(e.problems)).not.toContain("pw@");
  });

  it("rejects a queue name that is not a plain word, and a name without a queue", () => {
    expect(() => queueConfig({ url: "redis://h", name: "a b", env: {} })).toThrow(/--queue-name: 1 to 64/);
    expect(() => queueConfig({ name: "x", env: {} })).toThrow(/needs --queue/);
  });
});

describe("queue wire format", () => {
  it("a block survives encoding bit for bit, and job ids depend only on what determines the block", () => {
    const loaded = readScenario("chengdu-pool-100m");
    const block = simulateBlock(loaded, 9, 100, 140);
    const back = decodeBlock(encodeBlock(block), 100, 140);
    expect(back.vehicles.length).toBe(block.vehicles.length);
    block.vehicles.forEach((v, i) => {
      expect(
        Buffer.from(back.vehicles[i]!.scalars.buffer, back.vehicles[i]!.scalars.byteOffset, v.scalars.byteLength),
      ).toEqual(Buffer.from(v.scalars.buffer, v.scalars.byteOffset, v.scalars.byteLength));
      expect(Array.from(back.vehicles[i]!.series)).toEqual(Array.from(v.series));
    });
    expect(() => decodeBlock(Buffer.from([1, 2, 3]), 0, 1)).toThrow();
    const d = { version: "1.0.0", hash: "abc", seed: 9, start: 100, end: 140 };
    expect(blockJobId(d)).toBe("1.0.0-abc-9-100-140");
    expect(blockJobId({ ...d, seed: 10 })).not.toBe(blockJobId(d));
  });
});

describe("an unreachable queue", () => {
  it("is exit 2 on the command line, naming the URL but not the password", async () => {
    const port = await freePort();
    const r = await runCli([
      "run",
      "chengdu-pool-100m",
      "--paths",
      "10",
      "--queue",
      `redis://:hunter2@127.0.0.1:${port}`,
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`Redis at redis://127.0.0.1:${port}/0 cannot be reached`);
    expect(r.stderr).not.toContain("hunter2");
    expect(r.stdout).toBe("");
  });

  it("is 503 QUEUE_UNAVAILABLE from the API, and no job is created", async () => {
    const port = await freePort();
    const t = await testApp({ queue: queueConfig({ url: `redis://:hunter2@127.0.0.1:${port}`, env: {} })! });
    try {
      const res = await t.app.inject({
        method: "POST",
        url: "/v1/runs",
        payload: { scenario: "chengdu-pool-100m", paths: 10 },
      });
      expect(res.statusCode).toBe(503);
      const e = expectErrorShape(res.json());
      expect(e.code).toBe("QUEUE_UNAVAILABLE");
      expect(res.body).not.toContain("hunter2");
      expect((await t.app.inject({ url: "/v1/runs" })).json()).toMatchObject({ runs: [] });
    } finally {
      await t.close();
    }
  });
});

describe("docker-compose.yml", () => {
  it("runs the API and the workers with commands and flags gfsim has, from the repository's Dockerfile", () => {
    const compose = parseYaml(readFileSync(`${ROOT}docker-compose.yml`, "utf8"), { merge: true }) as {
      services: Record<string, { build?: string; command?: string[]; environment?: Record<string, string> }>;
    };
    expect(existsSync(`${ROOT}Dockerfile`)).toBe(true);
    const program = new Command();
    for (const register of COMMANDS) register(program);
    const roles = Object.entries(compose.services).filter(([, s]) => s.build === ".");
    expect(roles.map(([name]) => name).sort()).toEqual(["api", "worker"]);
    for (const [name, service] of roles) {
      const [command, ...args] = service.command!;
      const cmd = program.commands.find((c) => c.name() === command);
      expect(cmd, `${name}: gfsim ${command}`).toBeDefined();
      for (const flag of args.filter((a) => a.startsWith("--")))
        expect(
          cmd!.options.some((o) => o.long === flag),
          `${name}: gfsim ${command} ${flag}`,
        ).toBe(true);
      expect(service.environment?.GFSIM_QUEUE, name).toMatch(/^redis:\/\/redis:6379\/0$/);
    }
  });
});
