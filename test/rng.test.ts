/**
 * The generator behind every stream (sfc32 keyed by 64-bit hashed keys, chosen in docs/performance.md) is
 * statistically sound where the engine leans on it: it is sfc32 draw for draw; uniform (chi-square), no serial
 * correlation (lag 1–5 autocorrelation and Knuth's serial pair test), and — because each path keys fresh streams from
 * (seed, path, label) — the first draws of neighbouring paths, neighbouring seeds and of a path's macro and vehicle
 * streams are uncorrelated. Key derivation: no collisions among millions of keys, 32-bit halves colliding at the
 * birthday rate, avalanche. Seeds are fixed, so each test is deterministic; limits are at α = 0.001 (a correct
 * generator fails one check in a thousand seeds). The ziggurat, the table exp and the samplers: rng-variates.test.ts.
 */
import seedrandom from "seedrandom";
import { describe, expect, it } from "vitest";
import { deriveKey, type Key, labelTag, pathKey, rootKey } from "../src/engine/keys.ts";
import { normCdf, normInv } from "../src/engine/normal.ts";
import { CompanyStreams, makeStream, pathStream, Stream } from "../src/engine/rng.ts";

/** Upper α critical value of χ²(df) by Wilson–Hilferty: df·(1 − 2/(9df) + z·√(2/(9df)))³, z = Φ⁻¹(1 − α). */
function chi2Critical(df: number, alpha: number): number {
  const z = normInv(1 - alpha);
  const k = 2 / (9 * df);
  return df * (1 - k + z * Math.sqrt(k)) ** 3;
}

function chi2(counts: ArrayLike<number>, expected: number): number {
  let s = 0;
  for (let i = 0; i < counts.length; i++) s += (counts[i]! - expected) ** 2 / expected;
  return s;
}

/** Pearson correlation of two equal-length samples. */
function correlation(x: Float64Array, y: Float64Array): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/** |r| limit for independent samples of size n at α = 0.001 (two-sided): r ≈ N(0, 1/n). */
const rLimit = (n: number) => normInv(1 - 0.0005) / Math.sqrt(n);

const ALPHA = 0.001;

/** sfc32 written out plainly with unsigned arithmetic (Doty-Humphrey, PractRand's sfc32), for the draw-for-draw check. */
function referenceSfc32(a: number, b: number, c: number, d: number): () => number {
  return () => {
    const t = (a + b + d) % 2 ** 32;
    d = (d + 1) % 2 ** 32;
    a = (b ^ (b >>> 9)) >>> 0;
    b = (c + c * 8) % 2 ** 32;
    c = ((((c << 21) | (c >>> 11)) >>> 0) + t) % 2 ** 32;
    return t;
  };
}

describe("generator quality (sfc32 through Stream)", () => {
  it("a stream is sfc32 seeded (hi, lo, hi ^ 0x5bd1e995, 1) after 8 discarded outputs, draw for draw", () => {
    for (const [hi, lo] of [
      [0, 0],
      [0xdeadbeef, 0x12345678],
      [0xffffffff, 1],
    ] as const) {
      const s = new Stream().seed(hi, lo);
      const ref = referenceSfc32(hi >>> 0, lo >>> 0, (hi ^ 0x5bd1e995) >>> 0, 1);
      for (let i = 0; i < 8; i++) ref();
      for (let i = 0; i < 1000; i++) {
        const want = ref();
        expect(s.u32() >>> 0).toBe(want);
      }
      // Uniforms are the 32-bit output centred in its cell: never 0 or 1.
      const t = new Stream().seed(hi, lo);
      const r2 = referenceSfc32(hi >>> 0, lo >>> 0, (hi ^ 0x5bd1e995) >>> 0, 1);
      for (let i = 0; i < 8; i++) r2();
      expect(t.next()).toBe((r2() + 0.5) / 2 ** 32);
    }
  });

  it("a path's stream is keyed by (seed, path, label) through the derivation, with seedrandom only at the root", () => {
    const alea = seedrandom.alea("20231124");
    const root = { hi: alea.int32() >>> 0, lo: alea.int32() >>> 0 };
    expect(rootKey(20231124)).toEqual(root);
    const key = deriveKey(deriveKey(root, 5), labelTag("fund"));
    const a = pathStream(20231124, 5, "fund");
    const b = new Stream().seedKey(key);
    for (let i = 0; i < 100; i++) expect(a.next()).toBe(b.next());
    expect(pathKey(20231124, 5)).toEqual(deriveKey(root, 5));
  });

  it("chi-square uniformity: 10⁶ draws of one stream in 1000 bins", () => {
    const rng = pathStream(20231124, 0, "fund");
    const bins = new Float64Array(1000);
    const n = 1_000_000;
    for (let i = 0; i < n; i++) bins[Math.floor(rng.next() * 1000)]! += 1;
    const stat = chi2(bins, n / 1000);
    // χ²(999) upper 0.001 point ≈ 1142.8 (Wilson–Hilferty; scipy: chi2.ppf(0.999, 999) = 1142.85).
    expect(stat, `chi2 ${stat}`).toBeLessThan(chi2Critical(999, ALPHA));
    expect(stat, `chi2 ${stat} is too good to be random`).toBeGreaterThan(chi2Critical(999, 1 - ALPHA));
  });

  it("chi-square uniformity of the first five draws of 40 000 fresh path streams (what short paths use)", () => {
    for (let k = 0; k < 5; k++) {
      const bins = new Float64Array(200);
      const paths = 40_000;
      for (let p = 0; p < paths; p++) {
        const rng = pathStream(7, p, "fund");
        for (let j = 0; j < k; j++) rng.next();
        bins[Math.floor(rng.next() * 200)]! += 1;
      }
      const stat = chi2(bins, paths / 200);
      expect(stat, `draw ${k + 1}: chi2 ${stat}`).toBeLessThan(chi2Critical(199, ALPHA));
    }
  });

  it("no serial correlation: lag 1–5 autocorrelation of 10⁶ draws", () => {
    const n = 1_000_000;
    const rng = pathStream(3, 11, "pool");
    const u = new Float64Array(n + 5);
    for (let i = 0; i < u.length; i++) u[i] = rng.next();
    for (let lag = 1; lag <= 5; lag++) {
      const r = correlation(u.subarray(0, n), u.subarray(lag, n + lag));
      expect(Math.abs(r), `lag ${lag}: r = ${r}`).toBeLessThan(rLimit(n));
    }
  });

  it("serial pair test (Knuth): consecutive non-overlapping pairs uniform on a 32×32 grid", () => {
    const rng = pathStream(5, 0, "macro");
    const cells = new Float64Array(32 * 32);
    const pairs = 500_000;
    for (let i = 0; i < pairs; i++) {
      const a = Math.floor(rng.next() * 32);
      const b = Math.floor(rng.next() * 32);
      cells[a * 32 + b]! += 1;
    }
    const stat = chi2(cells, pairs / 1024);
    expect(stat, `chi2 ${stat}`).toBeLessThan(chi2Critical(1023, ALPHA));
  });

  it("neighbouring paths, neighbouring seeds and a path's two labels give uncorrelated streams", () => {
    const n = 50_000;
    const firstDraws = (stream: (i: number) => ReturnType<typeof pathStream>, k: number) => {
      const x = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const rng = stream(i);
        for (let j = 0; j < k; j++) rng.next();
        x[i] = rng.next();
      }
      return x;
    };
    for (const k of [0, 1, 9]) {
      const pairs: [string, Float64Array, Float64Array][] = [
        [
          "path i vs i+1",
          firstDraws((i) => pathStream(42, i, "fund"), k),
          firstDraws((i) => pathStream(42, i + 1, "fund"), k),
        ],
        [
          "seed s vs s+1",
          firstDraws((i) => pathStream(42, i, "fund"), k),
          firstDraws((i) => pathStream(43, i, "fund"), k),
        ],
        [
          "macro vs vehicle",
          firstDraws((i) => pathStream(42, i, "macro"), k),
          firstDraws((i) => pathStream(42, i, "fund"), k),
        ],
      ];
      for (const [what, x, y] of pairs) {
        const r = correlation(x, y);
        expect(Math.abs(r), `${what}, draw ${k + 1}: r = ${r}`).toBeLessThan(rLimit(n));
      }
    }
    // Whole sequences of adjacent paths: 100 pairs × 10 000 draws, pooled correlations stay at noise level.
    let worst = 0;
    for (let i = 0; i < 100; i++) {
      const a = pathStream(9, i, "fund");
      const b = pathStream(9, i + 1, "fund");
      const x = new Float64Array(10_000);
      const y = new Float64Array(10_000);
      for (let j = 0; j < x.length; j++) {
        x[j] = a.next();
        y[j] = b.next();
      }
      worst = Math.max(worst, Math.abs(correlation(x, y)));
    }
    // The largest of 100 |r| of n = 10 000: P(max > 4.4/√n) ≈ 100 · 1.1e-5 ≈ 0.001.
    expect(worst).toBeLessThan(4.4 / Math.sqrt(10_000));
  });

  it("normals (ziggurat) are standard normal: Kolmogorov–Smirnov on 200 000 draws", () => {
    const rng = pathStream(1, 1, "fund");
    const n = 200_000;
    const u = new Float64Array(n);
    for (let i = 0; i < n; i++) u[i] = normCdf(rng.normal());
    u.sort();
    let d = 0;
    for (let i = 0; i < n; i++) d = Math.max(d, Math.abs(u[i]! - i / n), Math.abs((i + 1) / n - u[i]!));
    // KS critical value at α = 0.001: 1.949 / √n (asymptotic Kolmogorov distribution).
    expect(d, `D = ${d}`).toBeLessThan(1.949 / Math.sqrt(n));
  });
});

describe("company sub-streams (the fund's per-company fates)", () => {
  /** Draws `n` uniforms for deal `deal` of the path with key `key`, alone in slot 0. */
  const K = (hi: number): Key => ({ hi, lo: hi ^ 0x9e3779b9 });
  const alone = (key: Key, deal: number, n: number) => {
    const cs = new CompanyStreams();
    cs.seed(0, key, deal);
    const s = cs.select(0);
    return Array.from({ length: n }, () => s.next());
  };

  it("a company's draws do not depend on other companies' draws in between (the ziggurat's spare bits included)", () => {
    const cs = new CompanyStreams();
    for (let c = 0; c < 300; c++) cs.seed(c, K(0xdeadbeef), c * 7); // grows past the initial capacity
    const got: number[][] = Array.from({ length: 300 }, () => []);
    const rng = makeStream("interleave");
    for (let i = 0; i < 6000; i++) {
      const c = Math.floor(rng.next() * 300);
      const s = cs.select(c);
      got[c]!.push(rng.next() < 0.5 ? s.next() : s.normal());
    }
    for (const c of [0, 17, 255, 256, 299]) {
      const ref = new CompanyStreams();
      ref.seed(0, K(0xdeadbeef), c * 7);
      const s = ref.select(0);
      const rr = makeStream("interleave");
      const want: number[] = [];
      for (let i = 0; i < 6000; i++) {
        const who = Math.floor(rr.next() * 300);
        const kind = rr.next() < 0.5;
        if (who === c) want.push(kind ? s.next() : s.normal());
      }
      expect(got[c], `company ${c}`).toEqual(want);
    }
  });

  it("re-seeding a slot starts afresh: no spare index bits survive from the slot's previous company", () => {
    const cs = new CompanyStreams();
    cs.seed(3, K(1), 1);
    cs.select(3).normal(); // leaves three layer indices in the reservoir
    cs.seed(3, K(2), 5);
    const fresh = new CompanyStreams();
    fresh.seed(0, K(2), 5);
    const a = cs.select(3);
    const b = fresh.select(0);
    for (let i = 0; i < 10; i++) expect(a.normal()).toBe(b.normal());
    // …and a company's stream is the stream of its derived key.
    const direct = new Stream().seedKey(deriveKey(K(2), 5));
    const again = new CompanyStreams();
    again.seed(7, K(2), 5);
    const c = again.select(7);
    for (let i = 0; i < 10; i++) expect(c.next()).toBe(direct.next());
  });

  it("chi-square uniformity of the first three draws of 100 000 deals, and of 10⁶ draws of one company", () => {
    for (let k = 0; k < 3; k++) {
      const bins = new Float64Array(200);
      const deals = 100_000;
      for (let d = 0; d < deals; d++) bins[Math.floor(alone(K(0x12345678), d, k + 1)[k]! * 200)]! += 1;
      const stat = chi2(bins, deals / 200);
      expect(stat, `draw ${k + 1}: chi2 ${stat}`).toBeLessThan(chi2Critical(199, ALPHA));
    }
    const bins = new Float64Array(1000);
    for (const u of alone(K(99), 3, 1_000_000)) bins[Math.floor(u * 1000)]! += 1;
    const stat = chi2(bins, 1000);
    expect(stat).toBeLessThan(chi2Critical(999, ALPHA));
    expect(stat).toBeGreaterThan(chi2Critical(999, 1 - ALPHA));
  });

  it("no serial correlation within a company; neighbouring deals and neighbouring path keys uncorrelated", () => {
    const u = Float64Array.from(alone(K(7), 0, 200_005));
    for (let lag = 1; lag <= 5; lag++) {
      const r = correlation(u.subarray(0, 200_000), u.subarray(lag, 200_000 + lag));
      expect(Math.abs(r), `lag ${lag}`).toBeLessThan(rLimit(200_000));
    }
    // The j-th draw of deal d against the j-th draw of deal d+1 (and of key k against key k+1), over 50 000 pairs.
    for (const j of [0, 1, 5]) {
      const n = 50_000;
      const a = new Float64Array(n);
      const b = new Float64Array(n);
      const c = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        a[i] = alone(K(42), i, j + 1)[j]!;
        b[i] = alone(K(42), i + 1, j + 1)[j]!;
        c[i] = alone(K(43), i, j + 1)[j]!;
      }
      expect(Math.abs(correlation(a, b)), `deals, draw ${j}`).toBeLessThan(rLimit(n));
      expect(Math.abs(correlation(a, c)), `keys, draw ${j}`).toBeLessThan(rLimit(n));
    }
  });
});

describe("key derivation", () => {
  it("no collisions among 10⁶ path keys and their vehicle keys; each 32-bit half collides at the birthday rate", () => {
    const root = rootKey(1);
    const n = 500_000;
    const full = new Set<bigint>();
    const his = new Uint32Array(2 * n);
    const los = new Uint32Array(2 * n);
    let m = 0;
    for (let p = 0; p < n; p++) {
      const k = deriveKey(root, p);
      for (const key of [k, deriveKey(k, labelTag("fund"))]) {
        full.add((BigInt(key.hi) << 32n) | BigInt(key.lo));
        his[m] = key.hi;
        los[m] = key.lo;
        m++;
      }
    }
    expect(full.size).toBe(2 * n);
    // The first word is a bijection of the tag for a fixed parent (every step of its hash is), so siblings never
    // share it: among the n path keys none; between path and vehicle keys (n² pairs) and among vehicle keys (n²/2
    // pairs, different parents) at the random rate 2⁻³² — Poisson with mean n²/2³² + n²/2³³ ≈ 87.3. The second word
    // absorbs the first, so it collides at the random rate among all N = 2n keys: mean N²/2³³ ≈ 116.4.
    const collisions = (a: Uint32Array) => {
      const s = a.slice().sort();
      let c = 0;
      for (let i = 1; i < s.length; i++) if (s[i] === s[i - 1]) c++;
      return c;
    };
    const pathHis = new Uint32Array(n);
    for (let i = 0; i < n; i++) pathHis[i] = his[2 * i]!;
    expect(collisions(pathHis)).toBe(0);
    for (const [what, a, mean] of [
      ["first word", his, n ** 2 / 2 ** 32 + n ** 2 / 2 ** 33],
      ["second word", los, (2 * n) ** 2 / 2 ** 33],
    ] as const) {
      const c = collisions(a);
      expect(Math.abs(c - mean), `${what}: ${c} colliding pairs, expected ${mean.toFixed(1)}`).toBeLessThan(
        3.3 * Math.sqrt(mean),
      );
    }
  });

  it("avalanche: flipping one bit of the parent or the tag flips each output bit with probability ½", () => {
    const rng = makeStream("avalanche");
    const flips = new Float64Array(64);
    const trials = 2000;
    let n = 0;
    for (let t = 0; t < trials; t++) {
      const parent = { hi: rng.u32() >>> 0, lo: rng.u32() >>> 0 };
      const tag = rng.u32() >>> 0;
      const base = deriveKey(parent, tag);
      for (let bit = 0; bit < 96; bit += 7) {
        const p2 =
          bit < 32
            ? { hi: (parent.hi ^ (1 << bit)) >>> 0, lo: parent.lo }
            : bit < 64
              ? { hi: parent.hi, lo: (parent.lo ^ (1 << (bit - 32))) >>> 0 }
              : parent;
        const t2 = bit >= 64 ? (tag ^ (1 << (bit - 64))) >>> 0 : tag;
        const k = deriveKey(p2, t2);
        for (let j = 0; j < 32; j++) {
          flips[j]! += ((base.hi ^ k.hi) >>> j) & 1;
          flips[32 + j]! += ((base.lo ^ k.lo) >>> j) & 1;
        }
        n++;
      }
    }
    // Each rate is Binomial(n, ½)/n: sd 1/(2√n); 64 rates within 4.4 sd (α ≈ 0.001 over all).
    for (let j = 0; j < 64; j++)
      expect(Math.abs(flips[j]! / n - 0.5), `output bit ${j}`).toBeLessThan(4.4 / (2 * Math.sqrt(n)));
  });

  it("distinct tags and labels give distinct keys; a label's tag is fixed", () => {
    const root = rootKey(7);
    const keys = new Set<string>();
    for (let t = 0; t < 100_000; t++) {
      const k = deriveKey(root, t);
      keys.add(`${k.hi}:${k.lo}`);
    }
    expect(keys.size).toBe(100_000);
    expect(labelTag("macro")).not.toBe(labelTag("fund"));
    expect(labelTag("fund")).toBe(labelTag("fund"));
    expect(rootKey(1)).not.toEqual(rootKey(2));
  });
});
