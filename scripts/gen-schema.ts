/**
 * Regenerates the committed schemas: `npm run gen` writes schema/scenario.schema.json, schema/openapi.json and the
 * API's TypeScript types schema/openapi.d.ts (for typed clients).
 */
import { writeFileSync } from "node:fs";
import { openApiDocument, openApiText } from "../src/api/openapi.ts";
import { scenarioJsonSchema } from "../src/scenario/json-schema.ts";
import { openApiTypes } from "./openapi-types.ts";

writeFileSync(
  new URL("../schema/scenario.schema.json", import.meta.url),
  `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`,
);
const doc = await openApiDocument();
writeFileSync(new URL("../schema/openapi.json", import.meta.url), openApiText(doc));
writeFileSync(new URL("../schema/openapi.d.ts", import.meta.url), await openApiTypes(doc));
