/** Shared helpers of the angel fund-of-funds tests: a deterministic one-company sub-fund and a probed engine run. */
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { fillMacroPath, macroParams } from "../src/engine/macro.ts";
import { pathStream } from "../src/engine/rng.ts";
import { angelFofEngine } from "../src/engine/vehicles/angel-fof/engine.ts";
import type { SubFundYear } from "../src/engine/vehicles/angel-fof/subfund.ts";
import { type LoadedScenario, validateScenario } from "../src/scenario/load.ts";
import type { AngelFof } from "../src/scenario/vehicles/angel-fof.ts";
import { ROOT } from "./helpers.ts";

export const chengdu = () => parse(readFileSync(`${ROOT}scenarios/chengdu-angel-200m.yaml`, "utf8"));

/**
 * One sub-fund (size 100M, government share 0.3) backing one company with a fixed 10M ticket at stage s1
 * (post-money 20M ⇒ 50% owned). s1 lasts `s1Years`, then the company surely advances to s2 (post-money `s2Value`,
 * round 25% ⇒ 37.5% owned) and stays there past the term; the term sale at year 5 is at NAV. No fees.
 */
export function tinyAngel(
  over: { s1Years?: number; s2Value?: number; horizon?: number; concession?: object; subfunds?: object } = {},
) {
  return {
    name: "tiny-angel",
    horizon_years: over.horizon ?? 6,
    vehicles: [
      {
        id: "angel",
        kind: "angel_fof",
        commitment: 30_000_000,
        subfunds: {
          count: 1,
          size: 100_000_000,
          share: 0.3,
          investment_years: 1,
          term_years: 5,
          companies: 1,
          entry_stage: "s1",
          tickets: { amount: 10_000_000 },
          carry: 0.2,
          hurdle: 0,
          catch_up: false,
          lifecycle: {
            stages: [
              { name: "s1", years: over.s1Years ?? 1, advance: 1, post_money: 20_000_000, round_size: 0.2 },
              {
                name: "s2",
                years: 20,
                advance: 1,
                post_money: over.s2Value ?? 100_000_000,
                round_size: 0.25,
                exit_value: 1e9,
              },
            ],
          },
          ...over.subfunds,
        },
        concession: over.concession ?? { mode: "none" },
      },
    ],
  };
}

export interface ProbeRecord {
  path: number;
  year: number;
  subfund: number;
  y: SubFundYear;
}

/** Simulates `paths` paths of the scenario's angel fund, returning scalars by name per path and every probe call. */
export function simulateAngel(
  loaded: LoadedScenario,
  paths: number,
  seed = 11,
): { scalars: Record<string, number>[]; records: ProbeRecord[] } {
  const H = loaded.scenario.horizon_years;
  const vi = loaded.scenario.vehicles.findIndex((v) => v.kind === "angel_fof");
  const records: ProbeRecord[] = [];
  const engine = angelFofEngine(loaded.byYear[vi] as AngelFof[], loaded.scenario, {
    probe: (path, year, subfund, y) => records.push({ path, year, subfund, y: { ...y } }),
  });
  const macro = macroParams(loaded.scenario.macro, H);
  const z = new Float64Array(H + 1);
  const out = {
    scalars: new Float64Array(engine.scalarNames.length),
    series: new Float64Array(engine.seriesNames.length * H),
  };
  const scalars: Record<string, number>[] = [];
  for (let p = 0; p < paths; p++) {
    fillMacroPath(macro, pathStream(seed, p, "macro"), z);
    out.scalars.fill(Number.NaN);
    engine.simulatePath({ path: p, horizon: H, z, rng: pathStream(seed, p, engine.id) }, out);
    scalars.push(Object.fromEntries(engine.scalarNames.map((n, i) => [n, out.scalars[i]!])));
  }
  return { scalars, records };
}

export const load = (raw: unknown) => validateScenario(raw);
