/** Shared helpers of the risk-pool tests: small scenarios built in code, and direct engine runs with options. */
import { type PoolLedgerEntry, type RiskPoolEngine, riskPoolEngine } from "../src/engine/vehicles/risk-pool/engine.ts";
import { simulateBlock } from "../src/run/simulate.ts";
import { type LoadedScenario, validateScenario } from "../src/scenario/load.ts";
import type { RiskPool } from "../src/scenario/vehicles/risk-pool.ts";

export type Raw = Record<string, unknown>;

/** One 1-year segment of `n` fixed loans of `amount`, lgd 1: the simplest lending programme. */
export function segment(over: Raw = {}): Raw {
  return { per_year: 100, amount: 1_000_000, tenor_years: 1, pd: 0.02, rho: 0.15, lgd: 1, ...over };
}

/** A pool vehicle with one bank; fields of `over` replace the defaults. */
export function poolVehicle(over: Raw = {}): Raw {
  return {
    id: "pool",
    kind: "risk_pool",
    pool: 1e12,
    funding: { city: 0.5, district: 0.3, bank: 0.2 },
    banks: [{ id: "bank_a", loans: [segment()] }],
    compensation: { pool_share: 1 },
    ...over,
  };
}

export function poolScenario(vehicle: Raw, over: Raw = {}): Raw {
  return { name: "pool-test", horizon_years: 1, vehicles: [vehicle], ...over };
}

export interface EngineRun {
  engine: RiskPoolEngine;
  paths: number;
  horizon: number;
  scalar(name: string): Float64Array;
  /** Path-major: path i, year t (1-based) at `i * horizon + t - 1`. */
  series(name: string): Float64Array;
  ledger: PoolLedgerEntry[];
}

/** Runs the pool engine of a scenario directly (first vehicle), with engine options. */
export function runPool(
  raw: Raw | LoadedScenario,
  opts: { paths: number; seed?: number; sampler?: "fast" | "per_loan"; keepLedger?: boolean },
): EngineRun {
  const loaded = "byYear" in raw ? (raw as LoadedScenario) : validateScenario(raw);
  const ledger: PoolLedgerEntry[] = [];
  const engine = riskPoolEngine(loaded.byYear[0] as RiskPool[], loaded.scenario, {
    sampler: opts.sampler ?? "fast",
    ...(opts.keepLedger ? { ledger: (e: PoolLedgerEntry) => ledger.push(e) } : {}),
  });
  const n = opts.paths;
  const H = loaded.scenario.horizon_years;
  const block = simulateBlock(loaded, opts.seed ?? 1, 0, n, [engine]);
  const b = block.vehicles[0]!;
  return {
    engine,
    paths: n,
    horizon: H,
    ledger,
    scalar: (name) => {
      const m = engine.scalarNames.indexOf(name as never);
      if (m < 0) throw new Error(`no scalar ${name}`);
      return b.scalars.subarray(m * n, (m + 1) * n);
    },
    series: (name) => {
      const s = engine.seriesNames.indexOf(name as never);
      if (s < 0) throw new Error(`no series ${name}`);
      return b.series.subarray(s * n * H, (s + 1) * n * H);
    },
  };
}

/** Type-7 quantile (as the summaries use). */
export function quantile(values: ArrayLike<number>, q: number): number {
  const s = Float64Array.from(values).sort();
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(s.length - 1, lo + 1);
  return s[lo]! + (h - lo) * (s[hi]! - s[lo]!);
}

export function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]!;
  return s / values.length;
}

export function sd(values: ArrayLike<number>): number {
  const m = mean(values);
  let s = 0;
  for (let i = 0; i < values.length; i++) s += (values[i]! - m) ** 2;
  return Math.sqrt(s / (values.length - 1));
}
