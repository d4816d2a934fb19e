/**
 * What a vehicle kind is to the core: its name in both languages, its metric catalogue and its engine factory.
 * `KindRegistry` maps every member of a vehicle union to its definition, so a kind added to the scenario's union
 * without a definition — or a definition missing a piece — is a compile error.
 */
import type { Scenario } from "../../scenario/schema.ts";
import type { KindMetrics } from "../metric.ts";
import type { VehicleEngine } from "../vehicle.ts";

export interface VehicleKindDef<V> {
  /** Display names (the policy term in Chinese, with it in the English name). */
  label: { en: string; zh: string };
  /** Every metric the engine emits, in output order (see `src/engine/metric.ts`). */
  metrics: KindMetrics;
  /** Compiles the vehicle (one parsed version per year when rule changes apply) into its Monte Carlo engine. */
  engine: (byYear: V[], scenario: Scenario) => VehicleEngine;
}

/** One definition per kind of the vehicle union `V`. */
export type KindRegistry<V extends { kind: string }> = {
  readonly [K in V["kind"]]: VehicleKindDef<Extract<V, { kind: K }>>;
};
