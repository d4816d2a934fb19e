/**
 * The browser workbench served by `gfsim serve` at `/`: its routes (page, vendored libraries, chart views of stored
 * jobs) through `app.inject`, then the page itself in Debian's headless Chromium driven by playwright-core against a
 * real listening app — a keyboard-started run whose KPI cards equal the API's result, an invalid field marked in
 * place with nothing run, the permalink, labels on every control, compare, sweep and pool sizing, all with every
 * request outside the gfsim server blocked. Screenshots go to reports/workbench-*.png.
 */
import { mkdirSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../src/api/app.ts";
import { sweepWithSe } from "../src/api/web/views.ts";
import { formatSe, formatValue, unitOf } from "../src/report/format.ts";
import { buildReportModel, modelSpecs } from "../src/report/index.ts";
import type { Result } from "../src/run/result.ts";
import { parseText } from "../src/scenario/load.ts";
import { ROOT, waitForJob } from "./api-helpers.ts";
import { CHROMIUM, launchChromium, runBrowserTests } from "./browser.ts";

if (!runBrowserTests)
  console.warn(`browser-workbench: browser part skipped — ${CHROMIUM} not found (apt-get install chromium)`);
const maybe = runBrowserTests ? describe : describe.skip;

let app: FastifyInstance;
let dir: string;
let origin: string;
let browser: Browser | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "gfsim-workbench-"));
  app = await buildApp({ dataDir: dir, token: "", threads: 2 });
  await app.listen({ host: "127.0.0.1", port: 0 });
  origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  if (runBrowserTests) browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await rm(dir, { recursive: true, force: true });
});

const getJob = async (id: string) => (await app.inject({ url: `/v1/runs/${id}` })).json();

async function runViaApi(body: Record<string, unknown>): Promise<{ id: string; reused: boolean; result: Result }> {
  const res = await app.inject({ method: "POST", url: "/v1/runs", payload: body });
  expect(res.statusCode, res.body).toBeLessThan(300);
  const { id, reused } = res.json() as { id: string; reused: boolean };
  expect((await waitForJob(getJob, id)).status).toBe("done");
  return { id, reused, result: (await app.inject({ url: `/v1/runs/${id}/result` })).json() as Result };
}

function metricOf(result: Result, path: string): Record<string, number | null> {
  const [owner, name] = path.split(".");
  const metrics = owner === "programme" ? result.programme.metrics : result.vehicles[owner!]!.metrics;
  return metrics[name!] as unknown as Record<string, number | null>;
}

describe("workbench routes", () => {
  it("the page and everything it loads come from this server (no CDN), with a CSP keeping it there", async () => {
    const page = await app.inject({ url: "/" });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toMatch(/^text\/html/);
    expect(String(page.headers["content-security-policy"])).toContain("connect-src 'self'");
    const refs = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(refs).toEqual(expect.arrayContaining(["/workbench/vendor/vega-embed.min.js", "/workbench/app.js"]));
    for (const ref of refs.filter((r) => !r.startsWith("#"))) {
      expect(ref, ref).toMatch(/^\/workbench\//);
      const res = await app.inject({ url: ref });
      expect(res.statusCode, ref).toBe(200);
      expect(res.headers["x-content-type-options"]).toBe("nosniff");
    }
    const yaml = await app.inject({ url: "/workbench/vendor/yaml/index.js" });
    expect(yaml.headers["content-type"]).toMatch(/^text\/javascript/);
    expect(yaml.body).toContain("parseDocument");
    // Only listed files: no traversal, no server source.
    for (const url of ["/workbench/../workbench.ts", "/workbench/%2e%2e/app.ts", "/workbench/views.ts", "/workbench/"])
      expect((await app.inject({ url })).statusCode, url).toBe(404);
  });

  it("GET /v1/scenarios/:name: the file's text with its comments and the parsed scenario", async () => {
    const res = await app.inject({ url: "/v1/scenarios/yuhang-2b" });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { text: string; scenario: unknown; format: string };
    const file = await readFile(join(ROOT, "scenarios/yuhang-2b.yaml"), "utf8");
    expect(body.text).toBe(file);
    expect(body.scenario).toEqual(parseText(file));
    expect(body.format).toBe("yaml");
    expect((await app.inject({ url: "/v1/scenarios/nope" })).statusCode).toBe(404);
    expect((await app.inject({ url: "/v1/scenarios/..%2Fpackage" })).statusCode).toBe(400);
  });

  it("charts of a run: KPI cards hold the result's numbers, the chart specs are the HTML report's", async () => {
    const { id, result } = await runViaApi({ scenario: "yuhang-2b", paths: 60, seed: 3 });
    const view = (await app.inject({ url: `/v1/runs/${id}/charts?lang=zh` })).json() as {
      kpis: { metric: string; mean: number; se: number; p05: number; p95: number; text: { mean: string } }[];
      sections: { charts: { id: string; spec: unknown }[] }[];
    };
    expect(view.kpis.map((k) => k.metric)).toEqual(expect.arrayContaining(["fund.tvpi", "fund.tolerance_breach"]));
    for (const k of view.kpis) {
      const m = metricOf(result, k.metric);
      expect([k.mean, k.se, k.p05, k.p95], k.metric).toEqual([m.mean, m.se, m.p05, m.p95]);
      expect(k.text.mean).toBe(formatValue(m.mean, unitOf(k.metric.split(".")[1]!), "zh"));
    }
    const { scenario } = (await app.inject({ url: `/v1/runs/${id}/scenario` })).json() as { scenario: unknown };
    expect(scenario).toEqual(parseText(await readFile(join(ROOT, "scenarios/yuhang-2b.yaml"), "utf8")));
    const report = modelSpecs(buildReportModel(result, "zh", { scenario }));
    expect(view.sections.flatMap((s) => s.charts.map((c) => [c.id, c.spec]))).toEqual(
      JSON.parse(JSON.stringify(report)),
    );
    const list = (await app.inject({ url: "/v1/runs" })).json() as { runs: { id: string; status: string }[] };
    expect(list.runs.map((r) => r.id)).toContain(id);
    const missing = "00000000-0000-4000-8000-000000000000";
    expect((await app.inject({ url: `/v1/runs/${missing}/charts` })).statusCode).toBe(404);
    expect((await app.inject({ url: "/v1/runs/not-an-id/charts" })).statusCode).toBe(400);
  });

  it("a sweep job asked for a mean and its se draws the se as the mean's band, not as a column", () => {
    const row = (x: number, m: number, se: number) => ({
      params: { "fund.reserves": x },
      values: { "fund.tvpi.mean": m, "fund.tvpi.se": se, "fund.irr.p50": 0.1 },
    });
    const out = sweepWithSe({
      params: ["fund.reserves"],
      metrics: ["fund.tvpi.mean", "fund.tvpi.se", "fund.irr.p50"],
      rows: [row(0.2, 1.5, 0.1), row(0.3, 1.6, 0.2)],
    });
    expect(out.metrics).toEqual(["fund.tvpi.mean", "fund.irr.p50"]);
    expect(out.rows[1]).toEqual({
      params: { "fund.reserves": 0.3 },
      values: { "fund.tvpi.mean": 1.6, "fund.irr.p50": 0.1 },
      se: { "fund.tvpi.mean": 0.2 },
    });
  });
});

interface Opened {
  page: Page;
  errors: string[];
  foreign: string[];
  posts: string[];
}

/** A page with every request outside the gfsim server aborted and recorded. */
async function open(locale: string, hash = ""): Promise<Opened> {
  const context = await browser!.newContext({ locale, viewport: { width: 1440, height: 1000 } });
  const out: Opened = { page: await context.newPage(), errors: [], foreign: [], posts: [] };
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`)) return route.continue();
    out.foreign.push(url);
    return route.abort();
  });
  out.page.on("console", (m) => {
    if (m.type() === "error") out.errors.push(m.text());
  });
  out.page.on("pageerror", (e) => out.errors.push(String(e)));
  out.page.on("request", (r) => {
    if (r.method() === "POST") out.posts.push(new URL(r.url()).pathname);
  });
  await out.page.goto(`${origin}/${hash}`);
  await out.page.waitForSelector("body[data-ready]", { state: "attached", timeout: 20_000 });
  return out;
}

const field = (path: string) => `[data-path="${path}"]`;

/** Chooses a shipped scenario and waits until the form shows it (edits made while it loads would be replaced). */
async function selectScenario(page: Page, name: string): Promise<void> {
  await page.selectOption("#scenario-select", name);
  await page.waitForSelector("body:not([data-loading])", { state: "attached" });
}
const RESERVES = field("vehicles[0].reserves");

async function runInPage(page: Page): Promise<string> {
  const before = await page.getAttribute("#results", "data-run");
  await page.focus("#run-button");
  await page.keyboard.press("Enter");
  await page.waitForSelector(`#results[data-run][data-charts]${before ? `:not([data-run="${before}"])` : ""}`, {
    state: "attached",
  });
  return (await page.getAttribute("#results", "data-run"))!;
}

maybe("workbench in headless Chromium", () => {
  let runId = "";

  it("yuhang-2b with a changed reserve ratio, run from the keyboard: KPI cards equal the API's result", async () => {
    const { page, errors, foreign } = await open("en-US");
    expect(await page.getAttribute("html", "lang")).toBe("en");
    await selectScenario(page, "yuhang-2b");
    await page.waitForSelector(`${RESERVES}`);
    expect(await page.inputValue(RESERVES)).toBe("0.3");
    await page.fill(RESERVES, "0.35");
    await page.fill("#paths", "200");
    await page.fill("#seed", "7");
    runId = await runInPage(page);

    // The same request to the API is the same job: the page sent this scenario, seed and paths.
    const api = await runViaApi({ scenario: "yuhang-2b", set: { "fund.reserves": 0.35 }, paths: 200, seed: 7 });
    expect(api.id).toBe(runId);
    expect(api.reused).toBe(true);
    const cards = await page.$$eval(".kpi[data-metric]", (els) =>
      els.map((e) => ({
        metric: e.getAttribute("data-metric")!,
        mean: Number(e.getAttribute("data-mean")),
        text: e.querySelector(".mean")?.textContent ?? "",
      })),
    );
    expect(cards.map((c) => c.metric)).toEqual(expect.arrayContaining(["fund.tvpi", "fund.irr", "fund.loss_ratio"]));
    for (const c of cards) {
      const m = metricOf(api.result, c.metric);
      expect(c.mean, c.metric).toBe(m.mean);
      expect(c.text, c.metric).toBe(formatValue(m.mean, unitOf(c.metric.split(".")[1]!), "en"));
    }
    // Every chart of the HTML report is drawn, with marks.
    const specIds = modelSpecs(buildReportModel(api.result, "en")).map(([id]) => id);
    const drawn = await page.$$eval("#results figure.chart", (figs) =>
      figs.map((f) => ({ id: f.getAttribute("data-chart-id")!, marks: f.querySelectorAll("g.role-mark *").length })),
    );
    expect(drawn.map((d) => d.id)).toEqual(specIds);
    for (const d of drawn) expect(d.marks, d.id).toBeGreaterThan(0);
    // The text view followed the form and kept the file's comments.
    await page.click("#text-editor > summary");
    const text = await page.inputValue("#scenario-text");
    expect(text).toMatch(/^ {4}reserves: 0\.35 +# assumption: 30% held for follow-ons$/m);
    expect(await page.getAttribute("#dl-json", "href")).toBe(`/v1/runs/${runId}/result`);

    mkdirSync(join(ROOT, "reports"), { recursive: true });
    await page.click("#text-editor > summary");
    await page.$eval("#scenario-panel", (panel) => panel.scrollTo(0, 0));
    await page.screenshot({ path: join(ROOT, "reports/workbench-screenshot.png") });
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
    await page.context().close();
  });

  it("an invalid probability is marked next to its field (zh) and nothing is run", async () => {
    const { page, errors, foreign, posts } = await open("zh-CN");
    expect(await page.getAttribute("html", "lang")).toBe("zh-CN");
    expect(await page.textContent("h1")).toBe("gfsim 工作台");
    const count = async () => ((await app.inject({ url: "/v1/runs" })).json() as { runs: unknown[] }).runs.length;
    const before = await count();
    await selectScenario(page, "yuhang-2b");
    const advance = field("vehicles[0].lifecycle.stages[0].advance");
    await page.click('details[data-group-path="vehicles[0].lifecycle"] > summary');
    await page.fill(advance, "1.5");
    await page.click("#run-button");
    const id = await page.getAttribute(advance, "id");
    await page.waitForSelector(`#${id}-err:not(:empty)`);
    const marked = await page.$eval(advance, (input) => ({
      error: input.closest(".field")?.querySelector(".field-error")?.textContent ?? "",
      invalid: input.getAttribute("aria-invalid"),
      described: input.getAttribute("aria-describedby") ?? "",
    }));
    expect(marked.error).toContain("must be ≤ 1 (got 1.5)");
    expect(marked.invalid).toBe("true");
    expect(marked.described).toContain(`${id}-err`);
    expect(await page.textContent("#status")).toContain("未运行");
    expect(await page.evaluate("document.activeElement?.getAttribute('data-path')")).toMatch(/^vehicles\[0\]/);
    expect(posts.filter((p) => p === "/v1/runs")).toEqual([]);
    expect(posts).toContain("/v1/validate");
    expect(await count()).toBe(before);
    await page.screenshot({ path: join(ROOT, "reports/workbench-invalid.png") });
    // Chromium logs every 4xx response on the console; the validation's 400 is the expected answer here.
    expect(errors.filter((e) => !/status of 400 \(Bad Request\)/.test(e))).toEqual([]);
    expect(foreign).toEqual([]);
    await page.context().close();
  });

  it("the permalink reloads the run and its scenario; every control has a label", async () => {
    expect(runId).not.toBe("");
    const { page, errors, foreign } = await open("en-US", `#run=${runId}`);
    await page.waitForSelector(`#results[data-run="${runId}"][data-charts]`);
    expect(await page.inputValue(RESERVES)).toBe("0.35");
    expect(await page.inputValue("#paths")).toBe("200");
    expect(await page.inputValue("#seed")).toBe("7");
    await page.click("#tab-runs");
    await page.waitForSelector("#runs-list table");
    const unlabeled = await page.$$eval("input, select, textarea", (els) =>
      els
        .filter((e) => e.getAttribute("type") !== "hidden")
        .filter((e) => {
          const labels = (e as unknown as { labels?: ArrayLike<unknown> }).labels;
          return !(labels && labels.length > 0) && !e.getAttribute("aria-label") && !e.getAttribute("aria-labelledby");
        })
        .map((e) => e.outerHTML.slice(0, 120)),
    );
    expect(unlabeled).toEqual([]);
    expect(await page.locator("input, select, textarea").count()).toBeGreaterThan(40);
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
    await page.context().close();
  });

  it("a scenario file, edited as JSON text, downloaded as YAML; Chinese on the fly; a run cancelled", async () => {
    const { page, errors, foreign } = await open("en-US");
    const raw = parseText(await readFile(join(ROOT, "scenarios/chengdu-pool-100m.yaml"), "utf8")) as {
      vehicles: Record<string, unknown>[];
    };
    raw.vehicles[0]!.pool = 123456789;
    const buffer = Buffer.from(JSON.stringify(raw));
    await page.setInputFiles("#scenario-file", { name: "pool.json", mimeType: "application/json", buffer });
    await expect.poll(() => page.inputValue(field("vehicles[0].pool"))).toBe("123456789");
    expect(await page.$eval("#scenario-select", (s) => s.querySelector("option:checked")?.textContent)).toBe(
      "(file pool.json)",
    );

    await page.click("#text-editor > summary");
    await page.selectOption("#text-format", "json");
    const json = JSON.parse(await page.inputValue("#scenario-text"));
    expect(json.vehicles[0].pool).toBe(123456789);
    json.vehicles[0].leverage = 12;
    await page.fill("#scenario-text", JSON.stringify(json, null, 2));
    await expect.poll(() => page.inputValue(field("vehicles[0].leverage"))).toBe("12");
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download-yaml")]);
    expect(download.suggestedFilename()).toBe("chengdu-pool-100m.yaml");
    const yaml = await readFile((await download.path())!, "utf8");
    expect(parseText(yaml)).toEqual(json);

    await page.selectOption("#lang", "zh");
    expect(await page.textContent("h1")).toBe("gfsim 工作台");
    expect(await page.textContent(`label[for="${await page.getAttribute(field("vehicles[0].pool"), "id")}"]`)).toBe(
      "资金池初始规模（元）",
    );

    await page.fill("#paths", "1000000");
    await page.click("#run-button");
    await page.waitForSelector("#cancel-button:not([disabled])");
    await page.click("#cancel-button");
    await expect.poll(() => page.textContent("#status"), { timeout: 10_000 }).toBe("已取消");
    const list = (await app.inject({ url: "/v1/runs" })).json() as { runs: { status: string; paths: number }[] };
    expect(list.runs.find((r) => r.paths === 1_000_000)?.status).toBe("cancelled");
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
    await page.context().close();
  });

  it("compare two runs, sweep the reserve ratio, size a pool: each draws its chart", async () => {
    const { page, errors, foreign, posts } = await open("en-US", `#run=${runId}`);
    await page.waitForSelector(`#results[data-run="${runId}"][data-charts]`);
    await page.fill(RESERVES, "0.3");
    const other = await runInPage(page);
    await page.click("#tab-runs");
    await page.check(`input[name="pick-a"][value="${runId}"]`);
    await page.check(`input[name="pick-b"][value="${other}"]`);
    await page.click("#tab-compare");
    await page.click("#compare-go");
    await page.waitForSelector('#compare-out figure[data-chart-id="compare"] svg', { timeout: 30_000 });
    expect(await page.locator("#compare-out .side .kpi").count()).toBeGreaterThan(4);

    await page.click("#tab-sweep");
    await page.selectOption("#sweep-param", "fund.reserves");
    await page.fill("#sweep-from", "0.3");
    await page.fill("#sweep-to", "0.4");
    await page.fill("#sweep-steps", "3");
    await page.selectOption("#sweep-metric", "fund.tvpi");
    await page.click("#sweep-go");
    await page.waitForSelector('#sweep-out figure[data-chart-id="sweep-0"] svg', { timeout: 30_000 });
    // The sweep's row at 0.3 is the run at 0.3 (same seed and paths: common random numbers).
    const list = (await app.inject({ url: "/v1/runs" })).json() as { runs: { id: string; type: string }[] };
    const sweepId = list.runs.find((r) => r.type === "sweep")!.id;
    const sweep = (await app.inject({ url: `/v1/runs/${sweepId}/result` })).json() as {
      rows: { values: Record<string, number>; metrics: Record<string, number> }[];
    };
    const single = (await app.inject({ url: `/v1/runs/${other}/result` })).json() as Result;
    expect(sweep.rows.map((r) => r.values["fund.reserves"])).toEqual([0.3, 0.35, 0.4]);
    expect(sweep.rows[0]!.metrics["fund.tvpi.mean"]).toBe(metricOf(single, "fund.tvpi").mean);

    await selectScenario(page, "chengdu-pool-100m");
    await page.waitForSelector(field("vehicles[0].pool"));
    await page.fill("#paths", "200");
    await page.click("#tab-pool");
    await page.fill("#pool-alpha", "0.05");
    await page.click("#pool-go");
    await page.waitForSelector('#pool-out figure[data-chart-id="sizing"] svg', { timeout: 40_000 });
    expect(posts).toEqual(expect.arrayContaining(["/v1/compare", "/v1/sweeps", "/v1/size-pool"]));
    await page.screenshot({ path: join(ROOT, "reports/workbench-pool.png"), fullPage: true });
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
    await page.context().close();
  }, 150_000);
});

maybe("workbench: scenario builder, stale results, compare flow", () => {
  it("zh: a two-stage fund built from the blank template, with 20亿 and 40% typed, runs; an edit marks it stale", async () => {
    const { page, errors, foreign } = await open("zh-CN");
    await page.selectOption("#new-kind", "transformation_fund");
    const size = field("vehicles[0].size");
    await page.waitForSelector(size);
    expect(await page.$eval("#scenario-select", (s) => s.querySelector("option:checked")?.textContent)).toBe(
      "（新建 科技成果转化基金）",
    );
    // Amounts as people type them, read back at once next to the field.
    await page.fill(size, "20亿");
    const sizeId = await page.getAttribute(size, "id");
    await expect.poll(() => page.textContent(`#${sizeId}-echo`)).toBe("= 2,000,000,000 (≈ 20.00 亿元)");
    const share = field("vehicles[0].government_share");
    await page.fill(share, "40%");
    const shareId = await page.getAttribute(share, "id");
    await expect.poll(() => page.textContent(`#${shareId}-echo`)).toBe("= 0.4 (40%)");
    // Choices in Chinese.
    const instrument = field("vehicles[0].tickets.seed.instrument");
    expect(
      await page.$eval(instrument, (s) =>
        [...(s as unknown as { options: { text: string }[] }).options].map((o) => o.text),
      ),
    ).toEqual(["股权", "拨款（补）"]);
    // A second stage, copied from the first with a fresh name; the stage mix total is shown.
    await page.click('details[data-group-path="vehicles[0].lifecycle"] > summary');
    await page.click('button[data-action="add"][data-path="vehicles[0].lifecycle.stages"]');
    await page.waitForSelector(field("vehicles[0].lifecycle.stages[1].advance"));
    expect(await page.textContent('[data-mix-total="vehicles[0].deal_flow.entry_mix"]')).toBe("阶段结构合计：100% ✓");
    await page.fill(field("vehicles[0].lifecycle.stages[0].advance"), "45%");
    await page.fill("#paths", "200");
    await page.fill("#seed", "11");
    const id = await runInPage(page);

    // The run is the scenario the form built: two stages, ¥2B, 40% government, 0.45 advance.
    const { scenario } = (await app.inject({ url: `/v1/runs/${id}/scenario` })).json() as {
      scenario: { vehicles: Record<string, unknown>[] };
    };
    const v = scenario.vehicles[0] as {
      size: number;
      government_share: number;
      lifecycle: { stages: { name: string; advance: number }[] };
    };
    expect(v.size).toBe(2e9);
    expect(v.government_share).toBe(0.4);
    expect(v.lifecycle.stages.map((s) => [s.name, s.advance])).toEqual([
      ["seed", 0.45],
      ["seed_2", 0.3],
    ]);
    const result = (await app.inject({ url: `/v1/runs/${id}/result` })).json() as Result;
    expect(Object.keys(result.vehicles.fund!.metrics)).toEqual(
      expect.arrayContaining(["reached_seed", "reached_seed_2"]),
    );
    // The verdict leads the results, in Chinese.
    const verdict = await page.textContent('#verdicts li[data-section="vehicle-fund"]');
    // The blank template sets no 容错 limit: the verdict says so instead of a reassuring 0%.
    expect(verdict).toMatch(/^fund：未设容错上限，因此无从突破（平均损失率 [\d.]+%）。$/);
    expect(await page.isHidden("#stale")).toBe(true);
    await page.$eval("#scenario-panel", (panel) => panel.scrollTo(0, 0));
    await page.screenshot({ path: join(ROOT, "reports/workbench-builder.png") });

    // An edit after the run: the results are marked out of date; undoing the edit clears the mark.
    await page.fill(field("vehicles[0].lifecycle.stages[0].advance"), "0.5");
    await page.waitForSelector("#stale:not([hidden])");
    expect(await page.textContent("#stale")).toContain("结果已过期");
    expect(await page.getAttribute("#results", "class")).toContain("stale");
    await page.screenshot({ path: join(ROOT, "reports/workbench-stale.png") });
    await page.fill(field("vehicles[0].lifecycle.stages[0].advance"), "45%");
    await page.waitForSelector("#stale[hidden]", { state: "attached" });
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
    await page.context().close();
  }, 120_000);

  it("two strategies compared: duplicate as B, edit, run; the real-unit difference table leads", async () => {
    const { page, errors, foreign } = await open("en-US");
    await selectScenario(page, "yuhang-2b");
    await page.waitForSelector(RESERVES);
    await page.fill("#paths", "150");
    await page.fill("#seed", "21");
    await page.fill("#run-name", "strategy A");
    const a = await runInPage(page);
    await page.click("#dup-b");
    await page.fill(RESERVES, "0.45");
    await page.fill("#run-name", "strategy B");
    const b = await runInPage(page);
    expect(b).not.toBe(a);
    // The comparison opens by itself, table first.
    await page.waitForSelector('#compare-out figure[data-chart-id="compare"] svg', { timeout: 60_000 });
    const heading = await page.textContent("#compare-out > h4");
    expect(heading).toBe(`A: strategy A (${a.slice(0, 8)}) → B: strategy B (${b.slice(0, 8)})`);
    const tables = await page.$$eval("#compare-diffs details.tables", (ds) =>
      ds.map((d) => ({
        open: (d as unknown as { open: boolean }).open,
        head: [...d.querySelectorAll("th")].map((th) => th.textContent),
        rows: [...d.querySelectorAll("tbody tr")].map((tr) =>
          [...tr.querySelectorAll("td")].map((td) => td.textContent),
        ),
      })),
    );
    expect(tables[0]!.open).toBe(true);
    expect(tables[0]!.head).toEqual([
      "Metric",
      "A: yuhang-2b (A)",
      "B: yuhang-2b (B)",
      "B − A",
      "Paired s.e.",
      "Significant",
    ]);
    // The first table comes before the chart in the page.
    const order = await page.$eval("#compare-diffs section", (sec) =>
      [...sec.children].map((c) => c.tagName.toLowerCase() + (c.className ? `.${c.className}` : "")),
    );
    expect(order.indexOf("details.tables")).toBeLessThan(order.indexOf("div.charts"));
    // The difference in real units equals the comparison job's paired difference.
    const list = (await app.inject({ url: "/v1/runs" })).json() as { runs: { id: string; type: string }[] };
    const cmpId = list.runs.find((r) => r.type === "compare")!.id;
    const cmp = (await app.inject({ url: `/v1/runs/${cmpId}/result` })).json() as {
      seed: number;
      paths: number;
      metrics: { metric: string; a: number; b: number; diff: number; se: number }[];
    };
    expect([cmp.seed, cmp.paths]).toEqual([21, 150]);
    const paid = cmp.metrics.find((m) => m.metric === "fund.paid_in")!;
    const row = tables[0]!.rows.find((r) => r[0] === "fund · Paid-in capital")!;
    const sign = paid.diff > 0 ? "+" : "";
    expect(row.slice(1, 5)).toEqual([
      formatValue(paid.a, "money", "en"),
      formatValue(paid.b, "money", "en"),
      `${sign}${formatValue(paid.diff, "money", "en")}`,
      formatSe(paid.se, "money", "en"),
    ]);
    // The inputs that differ, beside it.
    expect(tables[1]!.rows).toEqual([["fund.reserves", "0.3", "0.45"]]);
    await page.$eval("#compare-out", (e) => e.scrollIntoView());
    await page.screenshot({ path: join(ROOT, "reports/workbench-compare.png"), fullPage: false });
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
    await page.context().close();
  }, 120_000);
});
