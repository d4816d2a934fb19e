/**
 * The registry of vehicle kinds: each kind's labels, metric catalogue and engine factory, keyed by the kind union of
 * the scenario schema (`src/scenario/vehicles/index.ts`), so a kind without a definition is a compile error. Adding a
 * kind is its schema in the union, its folder `src/engine/vehicles/<kind>/` with a `kind.ts`, its line here, and its
 * report section (`src/report/vehicles/index.ts`); see docs/architecture.md.
 */
import type { Scenario } from "../../scenario/schema.ts";
import type { Vehicle } from "../../scenario/vehicles/index.ts";
import type { VehicleEngine } from "../vehicle.ts";
import { ANGEL_FOF_KIND } from "./angel-fof/kind.ts";
import type { KindRegistry, VehicleKindDef } from "./kind.ts";
import { RISK_POOL_KIND } from "./risk-pool/kind.ts";
import { TRANSFORMATION_FUND_KIND } from "./transformation-fund/kind.ts";

export const KINDS: KindRegistry<Vehicle> = {
  transformation_fund: TRANSFORMATION_FUND_KIND,
  angel_fof: ANGEL_FOF_KIND,
  risk_pool: RISK_POOL_KIND,
};

/** The definition of a kind named by a string (undefined for an unknown kind, e.g. in an old result file). */
export function kindDef(kind: string): VehicleKindDef<Vehicle> | undefined {
  return Object.hasOwn(KINDS, kind) ? (KINDS[kind as Vehicle["kind"]] as VehicleKindDef<Vehicle>) : undefined;
}

export function buildEngine(byYear: Vehicle[], scenario: Scenario): VehicleEngine {
  return kindDef(byYear[0]!.kind)!.engine(byYear, scenario);
}
