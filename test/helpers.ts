/** Shared test helpers: build scenarios from plain objects, run them, read metrics. */
import { spawnSync } from "node:child_process";
import { GfsimError } from "../src/errors.ts";
import type { Result } from "../src/run/result.ts";
import { runScenario } from "../src/run/run.ts";
import { type LoadedScenario, validateScenario } from "../src/scenario/load.ts";

export const ROOT = new URL("..", import.meta.url).pathname;

export function load(raw: unknown): LoadedScenario {
  return validateScenario(raw);
}

export async function run(raw: unknown, paths: number, seed = 1): Promise<Awaited<ReturnType<typeof runScenario>>> {
  return runScenario(load(raw), { paths, seed });
}

export function metric(
  r: Result,
  id: string,
  name: string,
  stat: "mean" | "p50" | "sd" | "se" | "p05" | "p95" = "mean",
): number {
  const m = r.vehicles[id]?.metrics[name];
  if (!m) throw new Error(`no metric ${id}.${name}; have ${Object.keys(r.vehicles[id]?.metrics ?? {}).join(", ")}`);
  return m[stat] as number;
}

/** Runs the CLI in a child process (as a user would). */
export function cli(args: string[], opts: { input?: string } = {}): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    input: opts.input,
    env: { ...process.env, NODE_NO_WARNINGS: "1" },
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A two-stage ladder with fixed values: stage `s1` (10M post-money) → `s2` (50M, round 25%) → exit at 100M. */
export function fixedLadder(over: { s1?: object; s2?: object } = {}) {
  return {
    stages: [
      { name: "s1", years: 1, advance: 1, exit: 0, post_money: 10_000_000, round_size: 0.2, ...over.s1 },
      {
        name: "s2",
        years: 1,
        advance: 1,
        exit: 0,
        post_money: 50_000_000,
        round_size: 0.25,
        exit_value: 100_000_000,
        ...over.s2,
      },
    ],
  };
}

/** A small deterministic fund: one 1M deal in year 1 at stage s1, no fees, term 5. */
export function tinyFund(over: Record<string, unknown> = {}, scenarioOver: Record<string, unknown> = {}) {
  return {
    name: "tiny",
    horizon_years: 6,
    ...scenarioOver,
    vehicles: [
      {
        id: "fund",
        kind: "transformation_fund",
        size: 100_000_000,
        government_share: 0.5,
        investment_years: 1,
        term_years: 5,
        deal_flow: { per_year: 1, entry_mix: { s1: 1 } },
        tickets: { s1: { amount: 1_000_000, instrument: "equity" } },
        lifecycle: fixedLadder(),
        ...over,
      },
    ],
  };
}

/** |actual − expected| ≤ tol, with a message that prints everything. */
export function near(actual: number, expected: number, tol: number, what = "value"): void {
  if (!(Math.abs(actual - expected) <= tol))
    throw new Error(`${what}: expected ${expected} ± ${tol}, got ${actual} (error ${actual - expected})`);
}

/** A UTC timestamp as `Date.prototype.toISOString` writes it (what the API stores in created_at etc.). */
export const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The GfsimError `fn` throws; fails the test with a clear message when it throws nothing or something else. */
export function gfsimError(fn: () => unknown): GfsimError {
  try {
    fn();
  } catch (e) {
    if (e instanceof GfsimError) return e;
    throw new Error(`expected a GfsimError, got ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  }
  throw new Error("expected a GfsimError, but nothing was thrown");
}
