/**
 * `gfsim scenarios`: the shipped scenarios, each with its vehicles and description, so a user can find a name to run
 * without reading the package's folders (`--json` for scripts).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { parseText } from "../../scenario/load.ts";
import { SCENARIO_EXTENSIONS, SHIPPED_SCENARIOS_DIR } from "../../scenario/shipped.ts";
import { table } from "../format.ts";
import { shippedScenarioNames } from "../io.ts";

interface Listed {
  name: string;
  vehicles: string[];
  description: string;
}

function describe(name: string): Listed {
  for (const ext of SCENARIO_EXTENSIONS) {
    try {
      const raw = parseText(readFileSync(join(SHIPPED_SCENARIOS_DIR, `${name}${ext}`), "utf8"), name) as {
        description?: unknown;
        vehicles?: { id?: unknown; kind?: unknown }[];
      };
      return {
        name,
        vehicles: (raw.vehicles ?? []).map((v) => `${String(v.id)} (${String(v.kind)})`),
        description: typeof raw.description === "string" ? raw.description.trim() : "",
      };
    } catch {}
  }
  return { name, vehicles: [], description: "(could not be read)" };
}

export function registerScenarios(program: Command): void {
  program
    .command("scenarios")
    .description("list the shipped scenarios (run one with: gfsim run <name>)")
    .option("--json", "print the list as JSON")
    .action((flags: { json?: boolean }) => {
      const list = shippedScenarioNames().map(describe);
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
        return;
      }
      const rows = list.map((s) => [s.name, s.vehicles.join(", "), s.description]);
      process.stdout.write(`${table(["scenario", "vehicles", "description"], rows, 3)}\n`);
    });
}
