/**
 * Engine factories by vehicle kind. Adding a kind is adding its module here and its schema in
 * `src/scenario/vehicles/index.ts`; the mapped type makes a missing engine a compile error.
 */
import type { Scenario } from "../../scenario/schema.ts";
import type { Vehicle, VehicleKind } from "../../scenario/vehicles/index.ts";
import type { VehicleEngine } from "../vehicle.ts";
import { angelFofEngine } from "./angel-fof/engine.ts";
import { riskPoolEngine } from "./risk-pool/engine.ts";
import { transformationFundEngine } from "./transformation-fund/engine.ts";

type Factories = {
  [K in VehicleKind]: (byYear: Extract<Vehicle, { kind: K }>[], scenario: Scenario) => VehicleEngine;
};

const FACTORIES: Factories = {
  transformation_fund: transformationFundEngine,
  angel_fof: angelFofEngine,
  risk_pool: riskPoolEngine,
};

export function buildEngine(byYear: Vehicle[], scenario: Scenario): VehicleEngine {
  const kind = byYear[0]!.kind;
  const factory = FACTORIES[kind] as (v: Vehicle[], s: Scenario) => VehicleEngine;
  return factory(byYear, scenario);
}
