/**
 * Generated artefacts and docs stay in step: the committed `schema/openapi.json` equals the document generated from
 * the route schemas now; `/docs` serves swagger-ui from node_modules (no CDN); docs/api.md names every error code.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openApiDocument, openApiText } from "../src/api/openapi.ts";
import { ERRORS } from "../src/errors.ts";
import { catalogueJson } from "../src/run/catalogue.ts";
import { ROOT, type TestApp, testApp } from "./api-helpers.ts";

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

it("schema/openapi.json is up to date (regenerate: npm run gen)", async () => {
  const committed = readFileSync(join(ROOT, "schema/openapi.json"), "utf8");
  expect(committed).toBe(openApiText(await openApiDocument()));
});

it("the OpenAPI document covers every endpoint and the error shape", async () => {
  const doc = (await openApiDocument()) as {
    paths: Record<string, Record<string, unknown>>;
    components: { schemas: Record<string, unknown> };
  };
  expect(Object.keys(doc.paths).sort()).toEqual([
    "/v1/calibrations",
    "/v1/compare",
    "/v1/health",
    "/v1/metrics",
    "/v1/optimisations",
    "/v1/runs",
    "/v1/runs/{id}",
    "/v1/runs/{id}/report",
    "/v1/runs/{id}/result",
    "/v1/scenarios",
    "/v1/schema",
    "/v1/size-pool",
    "/v1/sweeps",
    "/v1/validate",
  ]);
  expect(Object.keys(doc.paths["/v1/runs/{id}"]!).sort()).toEqual(["delete", "get"]);
  expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(["Error", "Job", "RunRequestInput"]));
  // The metric catalogue is served as declared.
  const metrics = (await t.app.inject({ url: "/v1/metrics" })).json() as Record<string, { name: string }[]>;
  expect(metrics).toEqual(JSON.parse(JSON.stringify(catalogueJson())));
  // The served document is the same one.
  expect((await t.app.inject({ url: "/docs/json" })).json()).toEqual(doc);
});

it("swagger-ui is served from node_modules, with no external asset", async () => {
  const html = await t.app.inject({ url: "/docs/" });
  expect(html.statusCode).toBe(200);
  const refs = [...html.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
  expect(refs.length).toBeGreaterThan(2);
  for (const ref of refs) expect(ref, ref).not.toMatch(/^(https?:)?\/\//);
  for (const asset of ["swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-ui.css"]) {
    const res = await t.app.inject({ url: `/docs/static/${asset}` });
    expect(res.statusCode, asset).toBe(200);
    expect(res.body.length, asset).toBeGreaterThan(10_000);
  }
});

it("docs/api.md documents every error code of the catalogue", () => {
  const doc = readFileSync(join(ROOT, "docs/api.md"), "utf8");
  for (const code of Object.keys(ERRORS)) expect(doc, code).toContain(`\`${code}\``);
});
