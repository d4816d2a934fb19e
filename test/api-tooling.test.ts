/**
 * The API for tools: the OpenAPI document is lint-clean under Redocly's recommended rules (operation ids, servers,
 * no unused components, …); the committed TypeScript types are what openapi-typescript generates from it now; and a
 * client built from those types with openapi-fetch runs a job end to end against the app on a loopback port — the
 * result equal to the in-process run of the same scenario, seed and paths.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createConfig, lintFromString } from "@redocly/openapi-core";
import createClient from "openapi-fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { paths } from "../schema/openapi.d.ts";
import { openApiTypes } from "../scripts/openapi-types.ts";
import { openApiDocument } from "../src/api/openapi.ts";
import { readScenario } from "../src/cli/io.ts";
import { runScenario } from "../src/run/run.ts";
import { ROOT, type TestApp, testApp } from "./api-helpers.ts";

describe("OpenAPI document", () => {
  it("is lint-clean under Redocly's recommended rules (no error, no warning)", async () => {
    const config = await createConfig({ extends: ["recommended"] });
    const source = readFileSync(join(ROOT, "schema/openapi.json"), "utf8");
    const problems = await lintFromString({ source, absoluteRef: join(ROOT, "schema/openapi.json"), config });
    const shown = problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`);
    expect(shown).toEqual([]);
  });

  it("every operation has a unique operationId", async () => {
    const doc = (await openApiDocument()) as { paths: Record<string, Record<string, { operationId?: string }>> };
    const ids = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((op) => op.operationId));
    expect(
      ids.every((id) => typeof id === "string" && /^[a-z][A-Za-z0-9]+$/.test(id)),
      String(ids),
    ).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("schema/openapi.d.ts is what openapi-typescript generates now (regenerate: npm run gen)", async () => {
    const committed = readFileSync(join(ROOT, "schema/openapi.d.ts"), "utf8");
    expect(committed).toBe(await openApiTypes(await openApiDocument()));
  });
});

describe("a typed client generated from the document", () => {
  let t: TestApp;
  let baseUrl: string;
  beforeAll(async () => {
    t = await testApp();
    baseUrl = await t.app.listen({ port: 0, host: "127.0.0.1" });
  });
  afterAll(() => t.close());

  it("submits a run, polls it and reads the result: the in-process run's result", async () => {
    const client = createClient<paths>({ baseUrl });
    const submitted = await client.POST("/v1/runs", { body: { scenario: "generic-vc", paths: 200, seed: 9 } });
    expect(submitted.response.status).toBe(202);
    const id = submitted.data!.id;

    let status = submitted.data!.status;
    for (let i = 0; i < 1200 && status !== "done" && status !== "failed"; i++) {
      await new Promise((r) => setTimeout(r, 50));
      const job = await client.GET("/v1/runs/{id}", { params: { path: { id } } });
      status = job.data!.status;
    }
    expect(status).toBe("done");

    const result = await client.GET("/v1/runs/{id}/result", { params: { path: { id } } });
    expect(result.response.status).toBe(200);
    const expected = (await runScenario(readScenario("generic-vc"), { paths: 200, seed: 9 })).result;
    expect(result.data).toEqual(JSON.parse(JSON.stringify(expected)));
  });

  it("a bad request comes back typed as the one error shape", async () => {
    const client = createClient<paths>({ baseUrl });
    const r = await client.POST("/v1/validate", { body: { scenario: "generic-vc", set: { "vc.reserves": 2 } } });
    expect(r.response.status).toBe(400);
    expect(r.error?.error.code).toBe("INVALID_SCENARIO");
    expect(r.error?.error.issues.map((i) => i.path)).toEqual(["scenario.vehicles[0] (vc).reserves"]);
  });
});
