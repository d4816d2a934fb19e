/**
 * IRR (MODEL.md §4): the rate at which the NPV falls through zero as the rate rises, found on flows that change sign
 * more than once. Reference values from an independent root finder — the eigenvalue roots of the NPV polynomial in
 * x = 1/(1 + r) (numpy.roots), keeping positive real roots where the NPV falls as r rises and taking the largest:
 *
 *   python3 -c "import numpy as np; f=[-11,29,-1]; c=list(reversed(f))+[0.0]; \
 *     print(max(1/x.real-1 for x in np.roots(c) if abs(x.imag)<1e-9 and x.real>0 \
 *     and sum((i+1)*v*x.real**i for i,v in enumerate(f))>0))"
 *
 * (the same one-liner for each row of GOLDEN).
 */
import { describe, expect, it } from "vitest";
import { irr } from "../src/stats/irr.ts";

const GOLDEN: [number[], number][] = [
  [[-11, 29, -1], 1.6014176557721003],
  [[-100, 0, 0, 0, 250], 0.25743342968293503],
  [[-50, -50, 10, 20, 30, 40, 80, -5], 0.14093492871527746],
  [[-1, 3, -3, 1.5], 0.7937005259840983],
  [[-10, -10, -10, 5, 5, 40, -2, -1], 0.13203629245708481],
  [[-100, 230, -132], 0.2],
  [[-1000, 200, 200, 200, 200, 200, -10], -0.0033748787306510097],
  [[-5, 1, 1, 1, 1, 1, 1, 1, 1, 1, -0.5], 0.12912240446665302],
  [[-20, 5, 60, -50, 10], 0.30582736636415886],
  [[-1, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, -0.1], 0.16611418119673815],
  [[-3, 1, 1, 0.5, -0.2, 0.1], -0.11722211237367086],
  [[-1, 0.9], -0.1],
];

describe("irr", () => {
  it("a fee after the exit (−11M, +29M, −1M) has the IRR 160.1%, not null", () => {
    expect(irr([-11e6, 29e6, -1e6])).toBeCloseTo(1.6014176557721003, 9);
  });

  it.each(GOLDEN)("matches the independent root finder on %j", (flows, expected) => {
    const got = irr(flows);
    expect(Math.abs(got - expected), `flows ${flows}: expected ${expected}, got ${got}`).toBeLessThan(1e-9);
  });

  it("is undefined only where the NPV never falls through zero", () => {
    expect(irr([-1, -2])).toBeNaN();
    expect(irr([3, 1])).toBeNaN();
    expect(irr([10, -11])).toBeNaN(); // a loan: the NPV rises through zero
    expect(irr([0, 0])).toBeNaN();
  });

  it("reads only the first `count` flows, and leading or trailing zeros do not move it", () => {
    expect(irr([-100, 0, 0, 0, 250, 99], 5)).toBeCloseTo(0.25743342968293503, 10);
    expect(irr([0, -100, 0, 0, 0, 250, 0])).toBeCloseTo(0.25743342968293503, 10);
  });

  it("agrees with NPV = 0 at the root on long irregular fund flows", () => {
    const flows = [-40, -30, -20, 5, -10, 15, 30, 60, 10, -3, 45, -2, 1, 0, -0.5];
    const r = irr(flows);
    const npv = flows.reduce((s, f, i) => s + f / (1 + r) ** (i + 1), 0);
    expect(Math.abs(npv)).toBeLessThan(1e-9);
  });
});
