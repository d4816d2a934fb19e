/** `gfsim schema`: the scenario JSON Schema generated from the zod schemas. */
import type { Command } from "commander";
import { scenarioJsonSchema } from "../../scenario/json-schema.ts";

export function registerSchema(program: Command): void {
  program
    .command("schema")
    .description("print the scenario JSON Schema (for editors and validators)")
    .action(() => {
      process.stdout.write(`${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
    });
}
