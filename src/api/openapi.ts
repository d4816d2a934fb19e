/**
 * The OpenAPI document of the API, generated from the route schemas (committed as `schema/openapi.json`; a test
 * regenerates and diffs it). Built on a throw-away data directory so generating it touches nothing.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildApp } from "./app.ts";

export async function openApiDocument(): Promise<Record<string, unknown>> {
  const dir = await mkdtemp(join(tmpdir(), "gfsim-openapi-"));
  try {
    const app = await buildApp({ dataDir: dir, token: "", threads: 1 });
    try {
      return app.swagger() as unknown as Record<string, unknown>;
    } finally {
      await app.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function openApiText(doc: Record<string, unknown>): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}
