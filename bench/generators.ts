/**
 * Measures seedrandom's generators the way the engine uses them: a new stream per (seed, path, label) — so seeding
 * cost counts — followed by a burst of draws. Used by `npm run bench` and to justify the choice in rng.ts
 * (docs/performance.md). Not a test: prints figures only.
 */
import seedrandom from "seedrandom";

export interface GeneratorFigures {
  name: string;
  /** Microseconds to create one stream from a string key. */
  seedMicros: number;
  /** Nanoseconds per uniform draw once seeded. */
  drawNanos: number;
  /** Microseconds per path-like use: 3 streams seeded and `drawsPerPath` draws. */
  pathMicros: number;
}

type Factory = (key: string) => () => number;

export const GENERATORS: Record<string, Factory> = {
  arc4: (k) => seedrandom(k),
  alea: (k) => seedrandom.alea(k),
  xor128: (k) => seedrandom.xor128(k),
  xorwow: (k) => seedrandom.xorwow(k),
  xorshift7: (k) => seedrandom.xorshift7(k),
  xor4096: (k) => seedrandom.xor4096(k),
  tychei: (k) => seedrandom.tychei(k),
};

let sink = 0;

function time(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

/** Best of `reps` runs (milliseconds), after one warm-up. */
function best(reps: number, fn: () => void): number {
  fn();
  let b = Number.POSITIVE_INFINITY;
  for (let r = 0; r < reps; r++) b = Math.min(b, time(fn));
  return b;
}

export function measureGenerator(name: string, drawsPerPath: number, reps = 3): GeneratorFigures {
  const make = GENERATORS[name]!;
  const seeds = 20_000;
  const seedMs = best(reps, () => {
    for (let i = 0; i < seeds; i++) sink += make(`20231124:${i}:fund`)();
  });
  const g = make("20231124:1:fund");
  const draws = 5_000_000;
  const drawMs = best(reps, () => {
    let s = 0;
    for (let i = 0; i < draws; i++) s += g();
    sink += s;
  });
  const paths = 2_000;
  const pathMs = best(reps, () => {
    let s = 0;
    for (let p = 0; p < paths; p++) {
      const a = make(`20231124:${p}:macro`);
      const b = make(`20231124:${p}:fund`);
      const c = make(`20231124:${p}:pool`);
      for (let i = 0; i < drawsPerPath; i += 3) s += a() + b() + c();
    }
    sink += s;
  });
  return {
    name,
    seedMicros: (seedMs * 1000) / seeds,
    drawNanos: (drawMs * 1e6) / draws,
    pathMicros: (pathMs * 1000) / paths,
  };
}

export function measureAllGenerators(drawsPerPath: number): GeneratorFigures[] {
  const out = Object.keys(GENERATORS).map((n) => measureGenerator(n, drawsPerPath));
  if (sink === 0.5) console.log("");
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const f of measureAllGenerators(Number(process.argv[2] ?? 5000)))
    console.log(
      `${f.name.padEnd(10)} seed ${f.seedMicros.toFixed(2).padStart(7)} µs  draw ${f.drawNanos.toFixed(2).padStart(6)} ns  path ${f.pathMicros.toFixed(1).padStart(8)} µs`,
    );
}
