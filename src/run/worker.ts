/**
 * The worker side of the block pool: simulates one block of paths per task and returns it with its typed arrays
 * transferred, not copied. Engines are compiled once per scenario (by content hash) and reused for every later block
 * of that scenario this thread runs; their per-path state is reset by each path, so reuse cannot change a result.
 */
import { kTransferable, kValue, markMovable } from "tinypool";
import type { VehicleEngine } from "../engine/vehicle.ts";
import type { LoadedScenario } from "../scenario/load.ts";
import { type Block, buildEngines, simulateBlock } from "./simulate.ts";

export interface BlockTask {
  loaded: LoadedScenario;
  seed: number;
  start: number;
  end: number;
}

/** A few scenarios at most are in flight at once (a sweep's candidates); the oldest compiled engines go first. */
const CACHE_SIZE = 8;
const engineCache = new Map<string, VehicleEngine[]>();

function enginesFor(loaded: LoadedScenario): VehicleEngine[] {
  let engines = engineCache.get(loaded.hash);
  if (engines) return engines;
  engines = buildEngines(loaded);
  if (engineCache.size >= CACHE_SIZE) engineCache.delete(engineCache.keys().next().value!);
  engineCache.set(loaded.hash, engines);
  return engines;
}

/** A block wrapped so tinypool transfers its buffers to the main thread instead of cloning them. */
function movable(block: Block): object {
  const buffers = block.vehicles.flatMap((v) => [v.scalars.buffer, v.series.buffer]);
  const wrapped = { [kTransferable]: buffers, [kValue]: block };
  markMovable(wrapped);
  return wrapped;
}

export function runBlockTask(task: BlockTask): object {
  const { loaded, seed, start, end } = task;
  return movable(simulateBlock(loaded, seed, start, end, enginesFor(loaded)));
}

/** tinypool calls a worker module's default export (the compiled entry `dist/run-worker.js` is this module). */
export default runBlockTask;
