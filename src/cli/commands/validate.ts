/** `gfsim validate <scenario>`: every problem at once, nothing run. */
import type { Command } from "commander";
import { buildEngines } from "../../run/simulate.ts";
import { readScenario } from "../io.ts";

export function registerValidate(program: Command): void {
  program
    .command("validate")
    .description("check a scenario file and list every problem with its field path")
    .argument("<scenario>", "scenario file (YAML or JSON) or shipped scenario name")
    .option("--set <path=value...>", "override fields before validating", [])
    .action((file: string, opts: { set: string[] }) => {
      const loaded = readScenario(file, opts.set);
      // Engines check what only a vehicle kind knows (e.g. a pool's initial balance cannot change later).
      buildEngines(loaded);
      process.stdout.write(`${file}: valid (${loaded.scenario.vehicles.length} vehicle(s), hash ${loaded.hash})\n`);
    });
}
