/**
 * The vehicle kinds a scenario may hold. Adding a kind is adding its schema module here and its engine module in
 * `src/engine/vehicles/index.ts`.
 */
import { z } from "zod";
import { AngelFof } from "./angel-fof.ts";
import { RiskPool } from "./risk-pool.ts";
import { TransformationFund } from "./transformation-fund.ts";

export const Vehicle = z.discriminatedUnion("kind", [TransformationFund, RiskPool, AngelFof]);
export type Vehicle = z.infer<typeof Vehicle>;
export type VehicleKind = Vehicle["kind"];
