/**
 * TypeScript types of the API generated from the OpenAPI document by openapi-typescript (committed as
 * `schema/openapi.d.ts`, for typed clients such as openapi-fetch: `createClient<paths>()`); a test regenerates and
 * diffs it and drives a job end to end through such a client. Used by `npm run gen` and the tests only.
 */
import openapiTS, { astToString } from "openapi-typescript";

export async function openApiTypes(doc: Record<string, unknown>): Promise<string> {
  const ast = await openapiTS(doc as unknown as Parameters<typeof openapiTS>[0]);
  const header =
    "/**\n * Types of the gfsim HTTP API, generated from schema/openapi.json by openapi-typescript (npm run gen).\n */\n\n";
  return header + astToString(ast);
}
