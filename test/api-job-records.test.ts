/**
 * Job files in the data directory are checked against a schema when the server starts: a file that is JSON but
 * not a job record (hand edit, older version, disk fault), or a done job without its result, is skipped — logged
 * once, listed nowhere, its routes 404 — instead of turning `GET /v1/runs` and its own routes into 500s. Temporary
 * files left by a killed writer are removed; the good jobs are served as before.
 */
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { buildApp } from "../src/api/app.ts";
import { JobStore, type SkippedJob } from "../src/api/store.ts";
import { expectErrorShape, injectGetter, tempDir, waitForJob } from "./api-helpers.ts";

const GOOD = "11111111-1111-4111-8111-111111111111";
const WRONG_FIELDS = "22222222-2222-4222-8222-222222222222";
const NOT_JSON = "33333333-3333-4333-8333-333333333333";
const DONE_NO_RESULT = "44444444-4444-4444-8444-444444444444";
const WRONG_ID = "55555555-5555-4555-8555-555555555555";
const DEAD_PID = 2 ** 22 + 12345; // above Linux's default pid_max: no such process

let dir: string;
let remove: () => Promise<void>;

const record = (id: string, over: Record<string, unknown> = {}) => ({
  id,
  type: "run",
  status: "failed",
  key: `key-${id}`,
  created_at: "2026-01-01T00:00:00.000Z",
  started_at: null,
  finished_at: "2026-01-01T00:00:01.000Z",
  summary: { scenario: { name: "x", hash: "abc" }, seed: 1, paths: 10 },
  payload: { scenario: {}, paths: 10, seed: 1, targets: [] },
  error: { code: "RUN_FAILED", message: "failed", issues: [] },
  ...over,
});

async function put(id: string, text: string, extra: Record<string, string> = {}): Promise<void> {
  const d = join(dir, "runs", id);
  await mkdir(d, { recursive: true });
  await writeFile(join(d, "job.json"), text);
  for (const [name, body] of Object.entries(extra)) await writeFile(join(d, name), body);
}

beforeAll(async () => {
  ({ dir, remove } = await tempDir());
  await put(GOOD, JSON.stringify(record(GOOD)), { [`job.json.${DEAD_PID}.abc123.tmp`]: "{half" });
  await put(WRONG_FIELDS, JSON.stringify({ ...record(WRONG_FIELDS), created_at: 42, summary: "nope" }));
  await put(NOT_JSON, "{this is not json");
  await put(DONE_NO_RESULT, JSON.stringify(record(DONE_NO_RESULT, { status: "done", error: null })));
  await put(WRONG_ID, JSON.stringify(record(GOOD)));
});
afterAll(() => remove());

it("the store skips malformed records with a reason, once each, and removes stale temporaries", async () => {
  const skipped: SkippedJob[] = [];
  const jobs = await new JobStore(dir).recover((s) => skipped.push(s));
  expect(jobs.map((j) => j.id)).toEqual([GOOD]);
  const reasons = Object.fromEntries(skipped.map((s) => [s.file.split("/").at(-2), s.reason]));
  expect(Object.keys(reasons).sort()).toEqual([WRONG_FIELDS, NOT_JSON, DONE_NO_RESULT, WRONG_ID].sort());
  expect(reasons[WRONG_FIELDS]).toMatch(/not a job record/);
  expect(reasons[NOT_JSON]).toBe("not valid JSON");
  expect(reasons[DONE_NO_RESULT]).toMatch(/result\.json is missing/);
  expect(reasons[WRONG_ID]).toMatch(/not its directory's name/);
  expect(await readdir(join(dir, "runs", GOOD))).toEqual(["job.json"]);
});

it("the API lists only good jobs, a skipped job's routes are 404, and new runs still work", async () => {
  const app = await buildApp({ dataDir: dir, token: "", threads: 1 });
  try {
    const list = await app.inject({ url: "/v1/runs" });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().runs.map((r: { id: string }) => r.id)).toEqual([GOOD]);
    for (const id of [WRONG_FIELDS, NOT_JSON, DONE_NO_RESULT])
      for (const url of [`/v1/runs/${id}`, `/v1/runs/${id}/result`, `/v1/runs/${id}/report`]) {
        const res = await app.inject({ url });
        expect(res.statusCode, `${url}: ${res.body}`).toBe(404);
        expectErrorShape(res.json());
      }
    expect((await app.inject({ url: `/v1/runs/${GOOD}` })).statusCode).toBe(200);
    const run = await app.inject({
      method: "POST",
      url: "/v1/runs",
      payload: { scenario: "yuhang-2b", paths: 10, seed: 1 },
    });
    expect(run.statusCode, run.body).toBe(202);
    const job = await waitForJob(injectGetter(app), run.json().id);
    expect(job.status).toBe("done");
    // The malformed files are left as they were, for a person to look at.
    expect(await readFile(join(dir, "runs", NOT_JSON, "job.json"), "utf8")).toBe("{this is not json");
  } finally {
    await app.close();
  }
});
