/**
 * `gfsim validate <scenario>`: every problem at once, nothing run. `--json` prints the verdict as data — the problems
 * with field path, message and offending value, in the API's error shape — for editors and CI scripts.
 */
import type { Command } from "commander";
import { GfsimError, type Problem } from "../../errors.ts";
import { buildEngines } from "../../run/simulate.ts";
import { readScenario } from "../io.ts";

interface ValidateFlags {
  set: string[];
  json?: boolean;
}

/** A problem as JSON: the value kept when it can be written as JSON (it came from a YAML or JSON file). */
function issue(p: Problem): Problem {
  if (!("value" in p) || p.value === undefined) return { path: p.path, message: p.message };
  try {
    return { path: p.path, message: p.message, value: JSON.parse(JSON.stringify(p.value)) };
  } catch {
    return { path: p.path, message: p.message };
  }
}

export function registerValidate(program: Command): void {
  program
    .command("validate")
    .description("check a scenario file and list every problem with its field path")
    .argument("<scenario>", "scenario file (YAML or JSON) or shipped scenario name")
    .option("--set <path=value...>", "override fields before validating", [])
    .option("--json", "print {valid, …} or {valid: false, error: {code, message, issues}} as JSON (exit 0 or 2)")
    .action((file: string, opts: ValidateFlags) => {
      try {
        const loaded = readScenario(file, opts.set);
        // Engines check what only a vehicle kind knows (e.g. a pool's initial balance cannot change later).
        buildEngines(loaded);
        const { scenario } = loaded;
        if (opts.json) {
          const vehicles = scenario.vehicles.map((v) => ({ id: v.id, kind: v.kind }));
          const verdict = { valid: true, file, name: scenario.name, hash: loaded.hash, vehicles };
          process.stdout.write(`${JSON.stringify(verdict, null, 2)}\n`);
        } else process.stdout.write(`${file}: valid (${scenario.vehicles.length} vehicle(s), hash ${loaded.hash})\n`);
      } catch (e) {
        if (!opts.json || !(e instanceof GfsimError)) throw e;
        const error = { code: e.code, message: e.message, issues: e.problems.map(issue) };
        process.stdout.write(`${JSON.stringify({ valid: false, file, error }, null, 2)}\n`);
        process.exitCode = e.exitCode;
      }
    });
}
