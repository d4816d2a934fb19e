/** The 天使投资引导基金 fund of funds as a vehicle kind (MODEL.md §5): labels, metrics and engine. */
import type { AngelFof } from "../../../scenario/vehicles/angel-fof.ts";
import type { VehicleKindDef } from "../kind.ts";
import { angelFofEngine } from "./engine.ts";
import { ANGEL_FOF_METRICS } from "./metrics.ts";

export const ANGEL_FOF_KIND: VehicleKindDef<AngelFof> = {
  label: { en: "Angel fund of funds (天使投资引导基金)", zh: "天使投资引导基金（母基金）" },
  metrics: ANGEL_FOF_METRICS,
  engine: (byYear, scenario) => angelFofEngine(byYear, scenario),
};
