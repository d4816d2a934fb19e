/** The 科技成果转化基金 as a vehicle kind (MODEL.md §4): labels, metrics and engine. */
import type { TransformationFund } from "../../../scenario/vehicles/transformation-fund.ts";
import type { VehicleKindDef } from "../kind.ts";
import { transformationFundEngine } from "./engine.ts";
import { TRANSFORMATION_FUND_METRICS } from "./metrics.ts";

export const TRANSFORMATION_FUND_KIND: VehicleKindDef<TransformationFund> = {
  label: { en: "Transformation fund (科技成果转化基金)", zh: "科技成果转化基金" },
  metrics: TRANSFORMATION_FUND_METRICS,
  engine: (byYear, scenario) => transformationFundEngine(byYear, scenario),
};
