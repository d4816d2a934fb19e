/**
 * The API for tools: the OpenAPI document is lint-clean under Redocly's recommended rules (operation ids, servers,
 * no unused components, …); the committed TypeScript types are what openapi-typescript generates from it now; and a
 * client built from those types with openapi-fetch runs a job end to end against the app on a loopback port — the
 * result equal to the in-process run of the same scenario, seed and paths.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { createConfig, lintFromString } from "@redocly/openapi-core";
import createClient from "openapi-fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { paths } from "../schema/openapi.d.ts";
import { openApiTypes } from "../scripts/openapi-types.ts";
import { openApiDocument } from "../src/api/openapi.ts";
import { readScenario } from "../src/cli/io.ts";
import type { Result } from "../src/run/result.ts";
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
  let doneId = "";
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
    doneId = id;
  });

  it("serves the run's Parquet report (format=parquet): the tidy rows of the result", async () => {
    const res = await fetch(`${baseUrl}/v1/runs/${doneId}/report?format=parquet`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/vnd.apache.parquet");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe("PAR1");
    const file = join(t.dir, "report.parquet");
    writeFileSync(file, bytes);
    const db = await DuckDBInstance.create(":memory:");
    const connection = await db.connect();
    const rows = (
      await connection.runAndReadAll(
        `select value from read_parquet('${file}') where vehicle = 'vc' and metric = 'tvpi' and statistic = 'mean'`,
      )
    ).getRowObjectsJS();
    connection.closeSync();
    const result = (await fetch(`${baseUrl}/v1/runs/${doneId}/result`).then((r) => r.json())) as Result;
    expect(rows).toEqual([{ value: result.vehicles.vc!.metrics.tvpi!.mean }]);
  });

  it("answers the probes and counts the finished job in /metrics", async () => {
    expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${baseUrl}/readyz`)).json()).toEqual({ status: "ok" });
    const res = await fetch(`${baseUrl}/metrics`);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toMatch(/^gfsim_jobs\{type="run",status="done"\} 1$/m);
    expect(text).toMatch(/^gfsim_queue_depth 0$/m);
    expect(text).toMatch(/^gfsim_paths_simulated_total\{type="run"\} 200$/m);
    expect(text).toMatch(/^gfsim_job_duration_seconds_count\{type="run",status="done"\} 1$/m);
    // A second scrape counts the same job once.
    expect(await (await fetch(`${baseUrl}/metrics`)).text()).toMatch(
      /^gfsim_paths_simulated_total\{type="run"\} 200$/m,
    );
  });

  it("a bad request comes back typed as the one error shape", async () => {
    const client = createClient<paths>({ baseUrl });
    const r = await client.POST("/v1/validate", { body: { scenario: "generic-vc", set: { "vc.reserves": 2 } } });
    expect(r.response.status).toBe(400);
    expect(r.error?.error.code).toBe("INVALID_SCENARIO");
    expect(r.error?.error.issues.map((i) => i.path)).toEqual(["scenario.vehicles[0] (vc).reserves"]);
  });
});
