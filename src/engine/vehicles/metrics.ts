/**
 * The metric catalogue of every vehicle kind, keyed by the kind union so a kind without its metrics is a compile
 * error. Light on purpose (declarations only, no engine code), so the report, the CLI and the API can read it.
 */
import type { VehicleKind } from "../../scenario/vehicles/index.ts";
import type { KindMetrics } from "../metric.ts";
import { ANGEL_FOF_METRICS } from "./angel-fof/metrics.ts";
import { RISK_POOL_METRICS } from "./risk-pool/metrics.ts";
import { TRANSFORMATION_FUND_METRICS } from "./transformation-fund/metrics.ts";

export const KIND_METRICS: { readonly [K in VehicleKind]: KindMetrics } = {
  transformation_fund: TRANSFORMATION_FUND_METRICS,
  angel_fof: ANGEL_FOF_METRICS,
  risk_pool: RISK_POOL_METRICS,
};
