/**
 * A run's report over HTTP is the CLI's report of the same result and scenario (`gfsim run --report`): the run's
 * scenario reaches the report worker, so the 容错 limit is marked (KPI card, chart rule) and the XLSX Scenario
 * sheet lists the scenario's fields — what a report without the scenario lacks.
 */
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readScenario } from "../src/cli/io.ts";
import { DICTIONARIES, renderHtml, renderXlsx } from "../src/report/index.ts";
import type { Result } from "../src/run/result.ts";
import { injectGetter, type TestApp, testApp, waitForJob } from "./api-helpers.ts";

/** The Scenario sheet's cell values, row by row. */
async function scenarioSheet(xlsx: Uint8Array): Promise<unknown[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(xlsx) as unknown as ArrayBuffer);
  return wb.getWorksheet("Scenario")!.getSheetValues();
}

describe("the report of a run job", () => {
  let t: TestApp;
  let id: string;
  let result: Result;
  const scenario = readScenario("yuhang-2b").scenario;
  beforeAll(async () => {
    t = await testApp();
    const res = await t.app.inject({ method: "POST", url: "/v1/runs", payload: { scenario: "yuhang-2b", paths: 60 } });
    id = res.json().id;
    expect((await waitForJob(injectGetter(t.app), id)).status).toBe("done");
    result = (await t.app.inject({ url: `/v1/runs/${id}/result` })).json() as Result;
  });
  afterAll(() => t.close());

  it("HTML: marks the 容错 limit, byte for byte the CLI's report with the scenario", async () => {
    const res = await t.app.inject({ url: `/v1/runs/${id}/report?format=html&lang=en` });
    expect(res.statusCode).toBe(200);
    const en = DICTIONARIES.en;
    expect(res.body).toContain(`<div class="label">${en["kpi.lossLimit"]}</div>`);
    expect(res.body).not.toContain(en["note.lossLimitUnknown"]);
    // Without the scenario the same result reads differently: the check above would fail.
    expect(await renderHtml(result, "en")).toContain(en["note.lossLimitUnknown"]);
    // vega numbers clip paths with a process-wide counter: the same page drawn twice differs only in those ids.
    const clipIds = (html: string) => html.replace(/clip\d+/g, "clip");
    expect(clipIds(res.body)).toBe(clipIds(await renderHtml(result, "en", { scenario })));
  });

  it("XLSX: the Scenario sheet lists the scenario's fields, as the CLI's does", async () => {
    const res = await t.app.inject({ url: `/v1/runs/${id}/report?format=xlsx&lang=zh` });
    expect(res.statusCode).toBe(200);
    // Named like the CLI's files: scenario, seed and paths.
    expect(res.headers["content-disposition"]).toBe(
      `attachment; filename="yuhang-2b-s${result.seed}-n60.xlsx"; filename*=UTF-8''yuhang-2b-s${result.seed}-n60.xlsx`,
    );
    const api = await scenarioSheet(res.rawPayload);
    expect(api).toEqual(await scenarioSheet(await renderXlsx(result, "zh", scenario)));
    expect(api.length).toBeGreaterThan((await scenarioSheet(await renderXlsx(result, "zh"))).length + 10);
  });
});
