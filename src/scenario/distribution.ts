/**
 * Distributions accepted wherever a number is (MODEL.md §3): a bare number means fixed, `{dist: NAME, ...}` one of
 * the library below. The schema is data only (no transforms) so the JSON Schema generated from it stays exact.
 */
import { z } from "zod";

const pos = z.number().positive();
const nonneg = z.number().nonnegative();

/** Pareto tail grafted on a lognormal body above a quantile (the power law of venture outcomes). */
export const Tail = z
  .strictObject({
    quantile: z.number().gt(0).lt(1).describe("body quantile above which the Pareto tail takes over"),
    alpha: z.number().gt(1).describe("Pareto tail index (> 1 so the mean exists)"),
  })
  .describe("Pareto tail above a quantile of the body");

const Fixed = z.strictObject({ dist: z.literal("fixed"), value: z.number() });
const Uniform = z
  .strictObject({ dist: z.literal("uniform"), min: z.number(), max: z.number() })
  .refine((d) => d.max >= d.min, { message: "max must be ≥ min", path: ["max"] });
const UniformInt = z
  .strictObject({ dist: z.literal("uniform_int"), min: z.number().int(), max: z.number().int() })
  .refine((d) => d.max >= d.min, { message: "max must be ≥ min", path: ["max"] });
const Normal = z.strictObject({
  dist: z.literal("normal"),
  mean: z.number(),
  sd: nonneg,
  min: z.number().optional().describe("truncate below (redraw)"),
  max: z.number().optional().describe("truncate above (redraw)"),
});
const Lognormal = z
  .strictObject({
    dist: z.literal("lognormal"),
    median: pos.optional(),
    sigma: nonneg.optional(),
    mean: pos.optional(),
    sd: nonneg.optional(),
    tail: Tail.optional(),
  })
  .superRefine((d, ctx) => {
    // Exactly one parameter pair: a field of the other pair beside a complete one would be silently ignored.
    const byMedian = d.median !== undefined && d.sigma !== undefined;
    const byMean = d.mean !== undefined && d.sd !== undefined;
    if (byMedian === byMean) {
      ctx.addIssue({ code: "custom", message: "give either median and sigma, or mean and sd", input: d });
      return;
    }
    const [pair, other] = byMedian ? ["median and sigma", ["mean", "sd"]] : ["mean and sd", ["median", "sigma"]];
    for (const k of other as ("mean" | "sd" | "median" | "sigma")[])
      if (d[k] !== undefined)
        ctx.addIssue({
          code: "custom",
          path: [k],
          message: `stray field: this lognormal is given by ${pair}; remove ${k}`,
          input: d[k],
        });
  });
const Beta = z
  .strictObject({ dist: z.literal("beta"), mean: z.number().gt(0).lt(1), sd: pos })
  .refine((d) => d.sd * d.sd < d.mean * (1 - d.mean), {
    message: "sd² must be < mean·(1 − mean) for a beta distribution",
    path: ["sd"],
  });
const Pareto = z.strictObject({ dist: z.literal("pareto"), scale: pos, alpha: pos });
const Poisson = z.strictObject({ dist: z.literal("poisson"), mean: nonneg });
const Empirical = z
  .strictObject({
    dist: z.literal("empirical"),
    values: z.array(z.number()).min(1),
    weights: z.array(nonneg).optional(),
  })
  .refine((d) => d.weights === undefined || d.weights.length === d.values.length, {
    message: "weights must have as many entries as values",
    path: ["weights"],
  })
  .refine((d) => d.weights === undefined || d.weights.some((w) => w > 0), {
    message: "weights must not all be 0",
    path: ["weights"],
  });

export const DistObject = z.discriminatedUnion("dist", [
  Fixed,
  Uniform,
  UniformInt,
  Normal,
  Lognormal,
  Beta,
  Pareto,
  Poisson,
  Empirical,
]);
export type DistObject = z.infer<typeof DistObject>;

/** A number or a distribution. */
export const Dist = z.union([z.number(), DistObject]).meta({
  id: "Distribution",
  description:
    "a number (fixed) or {dist: fixed|uniform|uniform_int|normal|lognormal|beta|pareto|poisson|empirical, ...}",
});
export type Dist = z.infer<typeof Dist>;

/** Support of a distribution: [lo, hi] (used for range checks of sampled parameters). */
export function distSupport(d: Dist): [number, number] {
  if (typeof d === "number") return [d, d];
  switch (d.dist) {
    case "fixed":
      return [d.value, d.value];
    case "uniform":
    case "uniform_int":
      return [d.min, d.max];
    case "normal":
      return [d.min ?? Number.NEGATIVE_INFINITY, d.max ?? Number.POSITIVE_INFINITY];
    case "lognormal":
      return [Number.MIN_VALUE, Number.POSITIVE_INFINITY];
    case "beta":
      return [0, 1];
    case "pareto":
      return [d.scale, Number.POSITIVE_INFINITY];
    case "poisson":
      return [0, Number.POSITIVE_INFINITY];
    case "empirical":
      return [Math.min(...d.values), Math.max(...d.values)];
  }
}

/**
 * A distribution whose support is within [lo, hi] — the schema-level check for fields like probabilities, money
 * and years. `integer` additionally requires whole-number values.
 */
export function boundedDist(opts: { lo: number; hi?: number; integer?: boolean; loOpen?: boolean; what: string }) {
  const hi = opts.hi ?? Number.POSITIVE_INFINITY;
  return Dist.superRefine((d, ctx) => {
    const [a, b] = distSupport(d);
    const loOk = opts.loOpen ? a > opts.lo : a >= opts.lo;
    // Unbounded families (Poisson counts, lognormal sizes) are checked by their centre against a finite upper bound.
    const centre =
      typeof d === "object" && (d.dist === "poisson" || d.dist === "lognormal")
        ? d.dist === "poisson"
          ? d.mean
          : (d.median ?? d.mean ?? 0)
        : b;
    if (!loOk || (Number.isFinite(b) ? b : centre) > hi) {
      const range = `${opts.loOpen ? "(" : "["}${opts.lo}, ${Number.isFinite(hi) ? hi : "∞"}]`;
      ctx.addIssue({
        code: "custom",
        message: `${opts.what} must lie in ${range}; this ${typeof d === "number" ? "value" : `${d.dist} distribution`} reaches [${a}, ${b}]`,
        input: d,
      });
    }
    if (opts.integer) {
      const ok =
        typeof d === "number"
          ? Number.isInteger(d)
          : d.dist === "fixed"
            ? Number.isInteger(d.value)
            : d.dist === "uniform_int" ||
              d.dist === "poisson" ||
              (d.dist === "empirical" && d.values.every(Number.isInteger));
      if (!ok)
        ctx.addIssue({
          code: "custom",
          message: `${opts.what} must be a whole number (or an integer distribution)`,
          input: d,
        });
    }
  });
}
