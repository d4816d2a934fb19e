/**
 * The HTML report in a real browser (Debian's headless Chromium driven by playwright-core): it loads with no
 * console error or network request, every chart is there and draws marks, it prints (nav hidden, charts kept), and
 * screenshots are saved to reports/report-screenshot.png (first screen) and reports/report-screenshot-full.png for
 * people to look at. Skipped only when Chromium is absent outside CI.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, readScenario, SCENARIOS_DIR } from "../src/cli/io.ts";
import { renderHtml } from "../src/report/index.ts";
import { runScenario } from "../src/run/run.ts";
import { CHROMIUM, launchChromium, runBrowserTests } from "./browser.ts";
import {
  SYNTHETIC_SCENARIO,
  syntheticCompare,
  syntheticResult,
  syntheticSizing,
  syntheticSweep,
} from "./report-fixture.ts";

if (!runBrowserTests)
  console.warn(
    `browser-report: skipped — ${CHROMIUM} not found (apt-get install chromium); in CI this test runs and fails instead`,
  );
const maybe = runBrowserTests ? describe : describe.skip;

const tmp = mkdtempSync(join(tmpdir(), "gfsim-browser-"));
let browser: Browser;

beforeAll(async () => {
  if (!runBrowserTests) return;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  rmSync(tmp, { recursive: true, force: true });
});

interface ChartCheck {
  id: string;
  width: number;
  height: number;
  marks: number;
}

/** Opens an HTML file, collecting console errors, page errors and any network request. */
async function open(html: string, name: string): Promise<{ page: Page; errors: string[]; requests: string[] }> {
  const file = join(tmp, name);
  writeFileSync(file, html);
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("request", (r) => {
    if (!r.url().startsWith("file:")) requests.push(r.url());
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
  return { page, errors, requests };
}

/** Size and number of drawn data marks (not axes or legends) of every chart. */
function charts(page: Page): Promise<ChartCheck[]> {
  return page.$$eval("figure.chart", (figs) =>
    figs.map((f) => {
      const svg = f.querySelector("svg");
      const box = svg?.getBoundingClientRect();
      const marks = [...f.querySelectorAll("g.role-mark > path, g.role-mark > line, g.role-mark > text")].filter(
        (el) => {
          const b = (el as unknown as { getBBox(): { width: number; height: number } }).getBBox();
          return b.width > 0 || b.height > 0;
        },
      ).length;
      return { id: f.getAttribute("data-chart-id") ?? "", width: box?.width ?? 0, height: box?.height ?? 0, marks };
    }),
  );
}

async function specIds(page: Page): Promise<string[]> {
  return page.$eval("#vega-lite-specs", (el) => Object.keys(JSON.parse(el.textContent ?? "{}")));
}

maybe("HTML report in headless Chromium", () => {
  it("a real run of every vehicle kind (programme.yaml, zh): no errors, every chart drawn, printable; screenshot", async () => {
    const loaded = readScenario(join(SCENARIOS_DIR, "programme.yaml"));
    const { result } = await runScenario(loaded, { paths: 200 });
    const { page, errors, requests } = await open(
      await renderHtml(result, "zh", { scenario: loaded.scenario }),
      "programme.html",
    );
    const found = await charts(page);
    expect(found.map((c) => c.id)).toEqual(await specIds(page));
    expect(found.length).toBeGreaterThanOrEqual(15);
    for (const c of found) {
      expect(c.width, c.id).toBeGreaterThan(200);
      expect(c.height, c.id).toBeGreaterThan(60);
      expect(c.marks, c.id).toBeGreaterThan(0);
    }
    expect(await page.textContent("body")).not.toMatch(/NaN|undefined/);
    mkdirSync(join(ROOT, "reports"), { recursive: true });
    // The first screen (title, facts, headline KPIs, targets) and the whole page.
    await page.screenshot({ path: join(ROOT, "reports/report-screenshot.png") });
    await page.screenshot({ path: join(ROOT, "reports/report-screenshot-full.png"), fullPage: true });

    await page.emulateMedia({ media: "print" });
    expect(await page.locator("header nav").isVisible()).toBe(false);
    const printed = await charts(page);
    for (const c of printed) expect(c.width, `print ${c.id}`).toBeGreaterThan(100);
    const pdf = await page.pdf({ format: "A4" });
    expect(pdf.byteLength).toBeGreaterThan(50_000);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it("the synthetic result with a sweep, a comparison and a sizing curve (en): every chart kind draws", async () => {
    const html = await renderHtml(syntheticResult(), "en", {
      scenario: SYNTHETIC_SCENARIO,
      sweep: syntheticSweep(),
      compare: syntheticCompare(),
      sizing: syntheticSizing(),
    });
    const { page, errors, requests } = await open(html, "synthetic.html");
    const found = await charts(page);
    expect(found.map((c) => c.id)).toEqual(await specIds(page));
    for (const id of ["sweep-0", "compare", "sizing"]) expect(found.map((c) => c.id)).toContain(id);
    for (const c of found) expect(c.marks, c.id).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });
});
