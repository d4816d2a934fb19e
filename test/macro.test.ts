/**
 * The macro factor of MODEL.md §2.1: Z_t = φ·Z_t−1 + √(1−φ²)·e_t from Z_0 = 0, so Var(Z_t) = 1 − φ^(2t) (standard
 * normal as t grows, and exactly from year 1 when φ = 0); lag-1 covariance φ·Var(Z_t−1); fixed stress years.
 */
import { describe, expect, it } from "vitest";
import { fillMacroPath, macroParams } from "../src/engine/macro.ts";
import { pathStream } from "../src/engine/rng.ts";

describe("macro factor", () => {
  const H = 6;
  const paths = 20_000;
  const sample = (phi: number, shocks: Record<string, number> = {}) => {
    const p = macroParams({ phi, shocks }, H);
    const z = new Float64Array(H + 1);
    const out: Float64Array[] = [];
    for (let i = 0; i < paths; i++) {
      fillMacroPath(p, pathStream(3, i, "macro"), z);
      out.push(z.slice());
    }
    return out;
  };

  it("Z_t ~ N(0, 1 − φ^(2t)) and cov(Z_t, Z_t−1) = φ·Var(Z_t−1)", () => {
    const zs = sample(0.6);
    for (const t of [1, 3, 6]) {
      const col = zs.map((z) => z[t]!);
      const mean = col.reduce((a, b) => a + b, 0) / paths;
      const v = col.reduce((a, b) => a + (b - mean) ** 2, 0) / (paths - 1);
      expect(Math.abs(mean), `mean year ${t}`).toBeLessThan(4 / Math.sqrt(paths));
      const expected = 1 - 0.6 ** (2 * t);
      expect(Math.abs(v - expected), `variance year ${t}: ${v} vs ${expected}`).toBeLessThan(
        4 * expected * Math.sqrt(2 / paths),
      );
    }
    const c = zs.reduce((a, z) => a + z[4]! * z[5]!, 0) / paths;
    // E[Z_4·Z_5] = φ·Var(Z_4); the product's sd is below 1.2, so 4 standard errors are < 5/√n.
    expect(Math.abs(c - 0.6 * (1 - 0.6 ** 8))).toBeLessThan(5 / Math.sqrt(paths));
    const z0 = sample(0).map((z) => z[1]!);
    const v0 = z0.reduce((a, b) => a + b * b, 0) / paths;
    expect(Math.abs(v0 - 1), "φ = 0: standard normal from year 1").toBeLessThan(4 * Math.sqrt(2 / paths));
  });

  it("a shock fixes its year and the recursion continues from it", () => {
    const zs = sample(0.5, { 3: -2 });
    for (const z of zs.slice(0, 100)) expect(z[3]).toBe(-2);
    // E[Z_4 | Z_3 = −2] = φ·(−2) = −1, sd √(1 − φ²).
    const m4 = zs.reduce((a, z) => a + z[4]!, 0) / paths;
    expect(Math.abs(m4 + 1)).toBeLessThan((4 * Math.sqrt(0.75)) / Math.sqrt(paths));
  });
});
