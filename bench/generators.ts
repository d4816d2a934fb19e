/**
 * The generator candidates measured the way the engine uses them: a stream keyed per (seed, path, label) — so
 * seeding cost counts — followed by a burst of draws. Backs the choice of sfc32 in rng.ts (docs/performance.md):
 * seedrandom's Alea keyed by a string (the previous design), and xoshiro128** and a hashed Weyl sequence keyed by
 * integers like sfc32. Not a test: prints figures only.
 */
import seedrandom from "seedrandom";
import { deriveHi, deriveLo, fmix32 } from "../src/engine/keys.ts";
import { Stream } from "../src/engine/rng.ts";

export interface GeneratorFigures {
  name: string;
  /** Microseconds to key one stream (key derivation included). */
  seedMicros: number;
  /** Nanoseconds per uniform draw once seeded. */
  drawNanos: number;
  /** Microseconds per path-like use: 3 streams keyed and `drawsPerPath` draws. */
  pathMicros: number;
}

/** Keys a stream for (path, label) and returns its uniform draw function. */
type Factory = (path: number, label: number) => () => number;

const ROOT_HI = 0x12345678;
const ROOT_LO = 0x9abcdef0;

/** xoshiro128** (Blackman & Vigna) with its state in a typed array, as sfc32's is in `Stream`. */
class Xoshiro128ss {
  private readonly s = new Int32Array(4);
  constructor(a: number, b: number, c: number, d: number) {
    this.s.set([a, b, c, d]);
  }
  next(): number {
    const s = this.s;
    const b = s[1]!;
    const m = Math.imul(b, 5);
    const r = Math.imul((m << 7) | (m >>> 25), 9);
    const t = b << 9;
    const c = s[2]! ^ s[0]!;
    const d = s[3]! ^ b;
    s[1] = b ^ c;
    s[0] = s[0]! ^ d;
    s[2] = c ^ t;
    s[3] = (d << 11) | (d >>> 21);
    return (r >>> 0) * 2 ** -32;
  }
}

/** A Weyl sequence through MurmurHash3's finaliser (the previous per-company generator), state in a typed array. */
class WeylFmix {
  private readonly s = new Int32Array(2);
  constructor(x: number, inc: number) {
    this.s[0] = x;
    this.s[1] = inc | 1;
  }
  next(): number {
    const x = (this.s[0]! + this.s[1]!) | 0;
    this.s[0] = x;
    return fmix32(x) * 2 ** -32;
  }
}

export const GENERATORS: Record<string, Factory> = {
  sfc32: (p, l) => {
    const s = new Stream();
    const hi = deriveHi(ROOT_HI, ROOT_LO, p);
    const lo = deriveLo(ROOT_HI, ROOT_LO, p, hi);
    s.seed(deriveHi(hi, lo, l), deriveLo(hi, lo, l, deriveHi(hi, lo, l)));
    return () => s.next();
  },
  "alea (string key)": (p, l) => seedrandom.alea(`20231124:${p}:${l}`),
  "xoshiro128**": (p, l) => {
    const hi = deriveHi(ROOT_HI, ROOT_LO, p);
    const lo = deriveLo(ROOT_HI, ROOT_LO, p, hi);
    const a = deriveHi(hi, lo, l);
    const b = deriveLo(hi, lo, l, a);
    const g = new Xoshiro128ss(a, b, fmix32(a ^ 0x5bd1e995), fmix32(b ^ 0x1b873593) | 1);
    return () => g.next();
  },
  "weyl+fmix32": (p, l) => {
    const hi = deriveHi(ROOT_HI, ROOT_LO, p);
    const x = deriveHi(hi, deriveLo(ROOT_HI, ROOT_LO, p, hi), l);
    const g = new WeylFmix(x, fmix32(x ^ 0x5bd1e995));
    return () => g.next();
  },
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
    for (let i = 0; i < seeds; i++) sink += make(i, 7)();
  });
  const g = make(1, 7);
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
      const a = make(p, 1);
      const b = make(p, 2);
      const c = make(p, 3);
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

// Each candidate is measured in its own process (`tsx bench/generators.ts DRAWS NAME` prints one JSON line): in one
// process the shared call sites would turn polymorphic after the first candidate and penalise the later ones.
if (import.meta.url === `file://${process.argv[1]}`) {
  const draws = Number(process.argv[2] ?? 3000);
  const name = process.argv[3];
  if (name) process.stdout.write(`${JSON.stringify(measureGenerator(name, draws))}\n`);
  else console.log(`candidates: ${Object.keys(GENERATORS).join(", ")}`);
  if (sink === 0.5) console.log("");
}
