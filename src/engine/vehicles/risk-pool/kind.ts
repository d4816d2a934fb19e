/** The 风险补偿资金池 loan risk-compensation pool as a vehicle kind (MODEL.md §6): labels, metrics and engine. */
import type { RiskPool } from "../../../scenario/vehicles/risk-pool.ts";
import type { VehicleKindDef } from "../kind.ts";
import { riskPoolEngine } from "./engine.ts";
import { RISK_POOL_METRICS } from "./metrics.ts";

export const RISK_POOL_KIND: VehicleKindDef<RiskPool> = {
  label: { en: "Loan risk-compensation pool (风险补偿资金池)", zh: "科技企业债权融资风险补偿资金池" },
  metrics: RISK_POOL_METRICS,
  engine: (byYear, scenario) => riskPoolEngine(byYear, scenario),
};
