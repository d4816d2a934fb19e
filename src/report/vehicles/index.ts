/**
 * The report-section registry: each vehicle kind's section builder, keyed by the kind union like the engine's kind
 * registry (`src/engine/vehicles/index.ts`), so a kind without its report section is a compile error.
 */
import type { VehicleKind } from "../../scenario/vehicles/index.ts";
import { angelContent } from "./angel-fof.ts";
import { poolContent } from "./risk-pool.ts";
import { transformationFundContent } from "./transformation-fund.ts";
import type { SectionBuilder, SectionRegistry } from "./types.ts";

export const SECTIONS: SectionRegistry<VehicleKind> = {
  transformation_fund: transformationFundContent,
  angel_fof: angelContent,
  risk_pool: poolContent,
};

/** The section builder of a kind named by a string (undefined for a kind this version does not know). */
export function sectionBuilder(kind: string): SectionBuilder | undefined {
  return Object.hasOwn(SECTIONS, kind) ? SECTIONS[kind as VehicleKind] : undefined;
}
