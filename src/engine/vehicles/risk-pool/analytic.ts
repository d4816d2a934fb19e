/**
 * The analytic block of a risk pool's result: Vasicek's large-pool distribution (src/engine/vasicek.ts) for a pool
 * with one bank, one segment of 1-year loans and unchanged terms — the case where one year's compensation ÷ lending
 * is pool share × the default fraction L. Rules the formula ignores are listed so a reader knows what may differ.
 */
import type { RiskPool } from "../../../scenario/vehicles/risk-pool.ts";
import { vasicekSummary } from "../../vasicek.ts";
import type { PoolTerms } from "./terms.ts";

export function poolAnalytic(terms: PoolTerms, first: RiskPool): Record<string, unknown> | undefined {
  if (terms.nBanks !== 1 || terms.nSegments !== 1) return undefined;
  const st = terms.years[0]!.segments[0]!;
  if (st.tenor !== 1 || terms.years.some((y) => y.segments[0] !== st)) return undefined;
  const c = first.compensation;
  const ignores = [
    c.per_loan_cap !== undefined && "per_loan_cap",
    c.per_bank_year_cap !== undefined && "per_bank_year_cap",
    c.corridor !== undefined && "corridor",
    first.leverage !== undefined && "leverage",
    first.circuit_breaker !== undefined && "circuit_breaker",
  ].filter((x): x is string => typeof x === "string");
  const p = { pd: st.pd, rho: st.rho };
  return {
    model: "vasicek_large_pool",
    note:
      "one year's loans in the limit of many small loans: default fraction L; compensation ÷ lending = pool share × L; " +
      "pool net loss ÷ lending = pool share × mean lgd × L (a pool too small to pay is not modelled here)",
    pd: st.pd,
    rho: st.rho,
    pool_share: st.poolShare,
    lgd_mean: st.lgd.mean,
    loans_per_year_mean: st.perYear.mean,
    ignores,
    default_fraction: vasicekSummary(p),
    compensation_per_lending: vasicekSummary(p, st.poolShare),
    net_loss_per_lending: vasicekSummary(p, st.poolShare * st.lgd.mean),
  };
}
