/**
 * Thread-count invariance (MODEL.md §9): every shipped scenario gives byte-identical result JSON whether its blocks
 * run inline or on a pool of 2 or 3 worker threads, for two block sizes. Worker threads reuse compiled engines across
 * blocks and paths, so this also catches per-path state that leaks from one path into the next.
 */
import { readdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BlockPool, createBlockPool } from "../src/run/pool.ts";
import { type BlockRunner, inlineRunner, runScenario } from "../src/run/run.ts";
import { loadScenarioText } from "../src/scenario/load.ts";
import { cli, ROOT } from "./helpers.ts";

const PATHS = 300;
const BLOCK_SIZES = [64, 1000];
const files = readdirSync(`${ROOT}scenarios`).filter((f) => /\.(ya?ml|json)$/.test(f));

describe("thread-count invariance", () => {
  const pools: BlockPool[] = [];
  beforeAll(async () => {
    pools.push(
      createBlockPool({ threads: 2 }),
      createBlockPool({ threads: 3 }),
      createBlockPool({ threads: 2, mainThread: true }),
    );
  });
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.close()));
  });

  it("finds the shipped scenarios", () => {
    expect(files.length).toBeGreaterThanOrEqual(2);
  });

  it.each(files)("scenarios/%s: identical JSON for threads 1, 2, 3 and block sizes 64, 1000", async (file) => {
    const loaded = loadScenarioText(readFileSync(`${ROOT}scenarios/${file}`, "utf8"));
    const runners: [string, BlockRunner | undefined][] = [
      ["inline", undefined],
      ["2 threads", pools[0]],
      ["3 threads", pools[1]],
      ["this thread + 1 worker", pools[2]],
    ];
    let reference: string | undefined;
    for (const blockSize of BLOCK_SIZES)
      for (const [name, runner] of runners) {
        const { result } = await runScenario(loaded, { paths: PATHS, blockSize, ...(runner && { runner }) });
        const json = JSON.stringify(result, null, 2);
        if (reference === undefined) reference = json;
        else
          expect(
            json,
            `${file}: ${name}, block size ${blockSize} differs from inline, block size ${BLOCK_SIZES[0]}`,
          ).toBe(reference);
      }
    // The run is not degenerate: some metric varies across paths.
    const result = JSON.parse(reference!);
    const sds = Object.values(result.vehicles).flatMap((v) =>
      Object.values((v as { metrics: Record<string, { sd: number | null }> }).metrics).map((m) => m.sd ?? 0),
    );
    expect(Math.max(...sds)).toBeGreaterThan(0);
  });

  it("the pool really ran the blocks on other threads", async () => {
    const loaded = loadScenarioText(readFileSync(`${ROOT}scenarios/${files[0]}`, "utf8"));
    const pool = pools[0]!;
    const before = pool.completed;
    const block = await pool.run(loaded, 1, 0, 3);
    expect(block.start).toBe(0);
    expect(block.end).toBe(3);
    expect(block.vehicles[0]!.scalars).toBeInstanceOf(Float64Array);
    expect(pool.completed).toBe(before + 1);
    expect(pool.threadIds().length).toBe(2);
    expect(pool.threadIds()).not.toContain(0);
  });

  it("with mainThread, blocks run both on this thread and on the worker", async () => {
    const loaded = loadScenarioText(readFileSync(`${ROOT}scenarios/yuhang-2b.yaml`, "utf8"));
    const pool = pools[2]!;
    const before = { main: pool.completedOnMain, workers: pool.completed };
    const { result } = await runScenario(loaded, { paths: 400, blockSize: 10, runner: pool });
    const inline = await runScenario(loaded, { paths: 400, blockSize: 10 });
    expect(JSON.stringify(result)).toBe(JSON.stringify(inline.result));
    const main = pool.completedOnMain - before.main;
    const workers = pool.completed - before.workers;
    expect(main + workers).toBe(40);
    expect(main).toBeGreaterThan(0);
    expect(workers).toBeGreaterThan(0);
    expect(pool.threadIds()).toHaveLength(1);
  });

  it("keeps at most the runner's concurrency of blocks in flight, and the inline runner one", async () => {
    const loaded = loadScenarioText(readFileSync(`${ROOT}scenarios/generic-vc.yaml`, "utf8"));
    let inFlight = 0;
    let most = 0;
    const counting = (concurrency: number | undefined): BlockRunner => ({
      ...(concurrency !== undefined && { concurrency }),
      run: async (l, seed, start, end) => {
        most = Math.max(most, ++inFlight);
        await new Promise((r) => setTimeout(r, 1));
        const block = await inlineRunner.run(l, seed, start, end);
        inFlight--;
        return block;
      },
    });
    const { result } = await runScenario(loaded, { paths: 200, blockSize: 10, runner: counting(3) });
    expect(most).toBe(3);
    most = 0;
    await runScenario(loaded, { paths: 200, blockSize: 10, runner: counting(undefined) });
    expect(most).toBe(20);
    expect(inlineRunner.concurrency).toBe(1);
    expect(JSON.stringify(result)).toBe(
      JSON.stringify((await runScenario(loaded, { paths: 200, blockSize: 10 })).result),
    );
  });

  it("gfsim run --json: --threads 2 prints the same bytes as --threads 1", () => {
    const args = ["run", "yuhang-2b", "--paths", "200", "--json", "--no-progress", "--no-fail", "--block-size", "50"];
    const one = cli([...args, "--threads", "1"]);
    const two = cli([...args, "--threads", "2"]);
    expect(one.status, one.stderr).toBe(0);
    expect(two.status, two.stderr).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    expect(JSON.parse(one.stdout).paths).toBe(200);
  });
});
