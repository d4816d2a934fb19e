/** Regenerates the committed schemas: `npm run gen` writes schema/scenario.schema.json and schema/openapi.json. */
import { writeFileSync } from "node:fs";
import { openApiDocument, openApiText } from "../src/api/openapi.ts";
import { scenarioJsonSchema } from "../src/scenario/json-schema.ts";

writeFileSync(
  new URL("../schema/scenario.schema.json", import.meta.url),
  `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`,
);
writeFileSync(new URL("../schema/openapi.json", import.meta.url), openApiText(await openApiDocument()));
