/**
 * The parts of the scenario format the engine needs at run time, free of zod and yaml: worker threads import this
 * instead of the schemas, so a worker starts without loading the validation libraries (~0.2 s a worker).
 */
import type { RiskPool } from "./vehicles/risk-pool.ts";

/** JSON with object keys sorted and undefined members dropped, so a content hash does not depend on key order. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  const keys = Object.keys(v as object)
    .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`).join(",")}}`;
}

/** Default stage limits from practice (lab/poc 0.7, pilot 0.5, growth 0.3). */
export const DEFAULT_STAGE_TOLERANCE: Record<string, number> = { lab: 0.7, poc: 0.7, pilot: 0.5, growth: 0.3 };

/** Funding keys of a risk pool that are not fiscal money; every other key is a government party. */
export const NON_FISCAL_FUNDERS = ["bank", "guarantor"] as const;

/** Share of the initial pool paid by the given kind of funder: government (fiscal) or not (bank, guarantor). */
export function fundingShare(p: Pick<RiskPool, "funding">, fiscal: boolean): number {
  let s = 0;
  for (const [k, v] of Object.entries(p.funding))
    if ((NON_FISCAL_FUNDERS as readonly string[]).includes(k) !== fiscal) s += v;
  return s;
}
