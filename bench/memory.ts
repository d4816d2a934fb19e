/**
 * Peak memory of one run, in its own process: `tsx bench/memory.ts <scenario> <paths> [threads]` runs the scenario
 * (this thread plus threads − 1 workers, as the CLI does, when threads > 1) and prints one JSON line with wall time and the process's peak RSS. The bench
 * runs it at several path counts to show memory growing linearly in paths.
 */
import { readFileSync } from "node:fs";
import { createBlockPool } from "../src/run/pool.ts";
import { runScenario } from "../src/run/run.ts";
import { loadScenarioText } from "../src/scenario/load.ts";

const [file, pathsArg, threadsArg] = process.argv.slice(2);
const paths = Number(pathsArg);
const threads = Number(threadsArg ?? 1);
const loaded = loadScenarioText(readFileSync(file!, "utf8"));
const t0 = performance.now();
const pool = threads > 1 ? createBlockPool({ threads, mainThread: true }) : undefined;
try {
  const { result, data } = await runScenario(loaded, { paths, ...(pool && { runner: pool }) });
  const resultBytes = data.vehicles.reduce(
    (s, v) => s + [...v.scalars, ...v.series].reduce((a, x) => a + x.byteLength, 0),
    0,
  );
  const wall = (performance.now() - t0) / 1000;
  const json = JSON.stringify(result).length;
  process.stdout.write(
    `${JSON.stringify({ paths, threads, wall, peakRssBytes: process.resourceUsage().maxRSS * 1024, resultArrayBytes: resultBytes, jsonChars: json })}\n`,
  );
} finally {
  await pool?.close();
}
