/**
 * The scenario file (MODEL.md §2): top level, macro factor, rule changes, targets and run defaults. Types are
 * inferred from these schemas; the committed JSON Schema (`schema/scenario.schema.json`) is generated from them.
 */
import { z } from "zod";
import { SweepBlock } from "./sweep.ts";
import { Vehicle } from "./vehicles/index.ts";

export const MAX_PATHS = 10_000_000;

export const Macro = z
  .strictObject({
    phi: z.number().min(0).lt(1).default(0).describe("AR(1) persistence of the macro factor"),
    shocks: z
      .record(z.string().regex(/^[1-9]\d*$/, "shock keys are years (1, 2, ...)"), z.number().min(-10).max(10))
      .default({})
      .describe("fixed factor values by year (stress years)"),
  })
  .describe("one standard-normal factor per year shared by every vehicle");

export const Change = z.strictObject({
  year: z.number().int().min(1).max(50),
  set: z.record(z.string(), z.unknown()).describe('"<vehicle id>.<field path>": new value'),
});

export const TARGET_OPS = ["<", "<=", ">", ">=", "==", "!="] as const;
export const Target = z.strictObject({
  metric: z.string().regex(/^[A-Za-z][\w-]*\.[\w]+\.[\w]+$/, "metric paths are <vehicle id>.<metric>.<statistic>"),
  op: z.enum(TARGET_OPS),
  value: z.number(),
});
export type Target = z.infer<typeof Target>;

export const RunDefaults = z
  .strictObject({
    paths: z.number().int().min(1).max(MAX_PATHS).default(10_000),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 53 - 1)
      .default(1),
  })
  .default({ paths: 10_000, seed: 1 });

export const Scenario = z
  .strictObject({
    name: z.string().min(1).max(200),
    description: z.string().max(5000).default(""),
    horizon_years: z.number().int().min(1).max(50),
    macro: Macro.default({ phi: 0, shocks: {} }),
    vehicles: z.array(Vehicle).min(1).max(20),
    changes: z.array(Change).default([]),
    targets: z.array(Target).default([]),
    run: RunDefaults,
    sweep: SweepBlock.optional(),
  })
  .superRefine((s, ctx) => {
    const ids = new Set<string>();
    s.vehicles.forEach((v, i) => {
      if (ids.has(v.id))
        ctx.addIssue({
          code: "custom",
          path: ["vehicles", i, "id"],
          message: `duplicate vehicle id "${v.id}"`,
          input: v.id,
        });
      ids.add(v.id);
    });
    for (const year of Object.keys(s.macro.shocks))
      if (Number(year) > s.horizon_years)
        ctx.addIssue({
          code: "custom",
          path: ["macro", "shocks", year],
          message: `year ${year} is past horizon_years (${s.horizon_years})`,
        });
    s.changes.forEach((c, i) => {
      if (c.year > s.horizon_years)
        ctx.addIssue({
          code: "custom",
          path: ["changes", i, "year"],
          message: `must be ≤ horizon_years (${s.horizon_years})`,
          input: c.year,
        });
    });
    s.targets.forEach((t, i) => {
      const id = t.metric.split(".")[0]!;
      if (id !== "programme" && !ids.has(id))
        ctx.addIssue({
          code: "custom",
          path: ["targets", i, "metric"],
          message: `no vehicle with id "${id}"; ids are ${[...ids].join(", ")}`,
          input: t.metric,
        });
    });
  })
  .describe("gfsim scenario");

export type Scenario = z.infer<typeof Scenario>;
export type ScenarioInput = z.input<typeof Scenario>;
