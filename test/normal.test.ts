/** Φ and Φ⁻¹ against reference values (scipy.stats.norm.cdf / .ppf, printed to 16 digits). */
import { describe, expect, it } from "vitest";
import { conditionalProbability, normCdf, normInv } from "../src/engine/normal.ts";
import { near } from "./helpers.ts";

const CDF: [number, number][] = [
  [0, 0.5],
  [1, 0.8413447460685429],
  [-1.96, 0.024997895148220435],
  [1.959963984540054, 0.975],
  [-3, 0.0013498980316300946],
  [-6, 9.865876450376946e-10],
  [3.5, 0.9997673709209645],
];

describe("standard normal", () => {
  it.each(CDF)("Φ(%s) = %s", (x, p) => {
    near(normCdf(x), p, Math.max(1e-14, p * 1e-12), `Φ(${x})`);
  });
  it.each(CDF)("Φ⁻¹(Φ(%s)) round-trips", (x, p) => {
    near(normInv(p), x, 1e-9 * Math.max(1, Math.abs(x)), `Φ⁻¹(${p})`);
  });
  it("Φ⁻¹ edge values", () => {
    expect(normInv(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normInv(1)).toBe(Number.POSITIVE_INFINITY);
    expect(normInv(1.5)).toBeNaN();
    near(normInv(0.025), -1.959963984540054, 1e-12, "Φ⁻¹(0.025)");
  });
  it("Vasicek conditional probability: p(Z) = Φ((Φ⁻¹(p) − √ρ Z)/√(1−ρ))", () => {
    // p = 0.02, ρ = 0.15, Z = −2: Φ((−2.0537489 + 0.7745967)/0.9219544); python: 0.5*erfc(-x/sqrt(2)).
    near(conditionalProbability(normInv(0.02), 0.15, -2), 0.08265451736067382, 1e-13, "p(Z=-2)");
    near(conditionalProbability(normInv(0.02), 0, 1.3), 0.02, 1e-15, "ρ = 0 ⇒ p");
  });
});
