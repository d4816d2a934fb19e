/**
 * The screening design of a search: a Latin hypercube in the unit cube — each coordinate's range cut into n equal
 * slices with exactly one point in each, so even a small screen covers every variable's whole range — drawn from a
 * seeded generator (the search's own stream, never the paths').
 */
import seedrandom from "seedrandom";

/** A seeded uniform generator on [0, 1) for the search (reproducible from the user's seed). */
export function searchRng(seed: number, label: string): () => number {
  return seedrandom.alea(`gfsim-optimise:${seed}:${label}`);
}

/** n points of a Latin hypercube in [0,1]^d (each point at a random spot inside its cell). */
export function latinHypercube(n: number, d: number, rng: () => number): number[][] {
  const points = Array.from({ length: n }, () => new Array<number>(d).fill(0));
  for (let j = 0; j < d; j++) {
    const perm = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const k = Math.floor(rng() * (i + 1));
      [perm[i], perm[k]] = [perm[k]!, perm[i]!];
    }
    for (let i = 0; i < n; i++) points[i]![j] = (perm[i]! + rng()) / n;
  }
  return points;
}
