/** JSON Schema of the scenario format, generated from the zod schemas (committed as `schema/scenario.schema.json`). */
import { z } from "zod";
import { Scenario } from "./schema.ts";

export function scenarioJsonSchema(): Record<string, unknown> {
  return {
    $id: "https://gfsim.dev/schema/scenario.schema.json",
    ...z.toJSONSchema(Scenario, { io: "input", unrepresentable: "any", target: "draft-2020-12" }),
  };
}
