/**
 * Field paths cannot reach an object's prototype, whichever entry point they come through: `--set`, the API's
 * `set` (object and list form), `changes[].set`, `sweep.vary`, on every POST endpoint. Each hostile form is refused
 * naming the path (exit 2 / 400), nothing global is polluted, and a valid request still answers 200 afterwards.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyOverrides, parseOverride, parseText, validateScenario } from "../src/scenario/load.ts";
import { getAt, parseFieldPath, setAt } from "../src/scenario/paths.ts";
import { varyPathProblem } from "../src/scenario/sweep.ts";
import { expectErrorShape, ROOT, type TestApp, testApp } from "./api-helpers.ts";
import { cli, gfsimError } from "./helpers.ts";

const yuhang = () => parseText(readFileSync(join(ROOT, "scenarios/yuhang-2b.yaml"), "utf8")) as Record<string, unknown>;
const HOSTILE = ["__proto__.polluted", "fund.__proto__.polluted", "constructor.prototype.polluted", "fund.prototype"];

function notPolluted(): void {
  const probe = {} as Record<string, unknown>;
  expect(probe.polluted, "Object.prototype was polluted").toBeUndefined();
  expect(Object.hasOwn(Object.prototype, "polluted")).toBe(false);
}

describe("the path mechanism", () => {
  it.each(HOSTILE)("parseFieldPath refuses %s naming the segment", (path) => {
    const e = gfsimError(() => parseFieldPath(path));
    expect(e.code).toBe("INVALID_OVERRIDE");
    expect(e.exitCode).toBe(2);
    expect(e.problems[0]!.path).toBe(path);
    expect(e.problems[0]!.message).toMatch(/"(__proto__|constructor|prototype)" is not allowed in a field path/);
  });

  it("setAt refuses a prototype segment given as a segment list, and leaves the tree as it was", () => {
    for (const seg of ["__proto__", "constructor", "prototype"]) {
      const root = { fund: { reserves: 0.3 } };
      const e = gfsimError(() => setAt(root, ["fund", seg, "polluted"], "yes"));
      expect(e.problems[0]!.path).toBe(`fund.${seg}`);
      expect(root).toEqual({ fund: { reserves: 0.3 } });
    }
    notPolluted();
  });

  it("setAt walks own properties only: an inherited object is never written through", () => {
    const shared = { x: 1 };
    const root = Object.create({ inherited: shared }) as Record<string, unknown>;
    setAt(root, ["inherited", "y"], 2);
    expect(shared).toEqual({ x: 1 });
    expect(Object.hasOwn(root, "inherited")).toBe(true);
    expect(root.inherited).toEqual({ y: 2 });
  });

  it("getAt reads own properties only", () => {
    expect(getAt({ a: {} }, ["a", "constructor"])).toBeUndefined();
    expect(getAt({ a: [1, 2] }, ["a", 1])).toBe(2);
    expect(getAt({ a: { b: 1 } }, ["a", "__proto__"])).toBeUndefined();
    expect(getAt({ a: { b: 3 } }, ["a", "b"])).toBe(3);
  });

  it("--set, changes[].set and --vary refuse every hostile path", () => {
    for (const path of HOSTILE) {
      expect(gfsimError(() => applyOverrides(yuhang(), [parseOverride(`${path}=yes`)])).code).toBe("INVALID_OVERRIDE");
      expect(varyPathProblem(path)).toMatch(/is not allowed in a field path/);
      const raw = { ...yuhang(), changes: [{ year: 2, set: { [path]: 1 } }] };
      const e = gfsimError(() => validateScenario(raw));
      expect(e.code).toBe("INVALID_SCENARIO");
      expect(e.problems.map((p) => p.message).join("\n")).toMatch(/is not allowed in a field path/);
    }
    notPolluted();
  });
});

let t: TestApp;
beforeAll(async () => {
  t = await testApp({ threads: 1, maxPaths: 50 });
});
afterAll(() => t.close());

const post = (url: string, body: unknown) =>
  t.app.inject({ method: "POST", url, payload: JSON.stringify(body), headers: { "content-type": "application/json" } });

describe("through the API", () => {
  const scenarioWithChange = (path: string) => ({ ...yuhang(), changes: [{ year: 2, set: { [path]: 1 } }] });
  const forms = (path: string): [string, unknown][] => [
    ["/v1/validate", { scenario: "yuhang-2b", set: { [path]: "yes" } }],
    ["/v1/validate", { scenario: "yuhang-2b", set: [`${path}=yes`] }],
    ["/v1/validate", { scenario: scenarioWithChange(path) }],
    ["/v1/validate", { scenario: "yuhang-2b", set: { changes: [{ year: 2, set: { [path]: 1 } }] } }],
    ["/v1/runs", { scenario: "yuhang-2b", paths: 10, set: { [path]: "yes" } }],
    ["/v1/runs", { scenario: "yuhang-2b", paths: 10, set: [`${path}=yes`] }],
    ["/v1/runs", { scenario: scenarioWithChange(path), paths: 10 }],
    ["/v1/sweeps", { scenario: "yuhang-2b", paths: 10, sweep: { vary: { [path]: [1, 2] } } }],
    [
      "/v1/sweeps",
      { scenario: "yuhang-2b", paths: 10, set: [`${path}=1`], sweep: { vary: { "fund.reserves": [0.2] } } },
    ],
    ["/v1/compare", { a: "yuhang-2b", paths: 10, set: { [path]: "yes" } }],
    ["/v1/compare", { a: "yuhang-2b", b: scenarioWithChange(path), paths: 10 }],
    ["/v1/size-pool", { scenario: "yuhang-2b", paths: 10, set: [`${path}=yes`] }],
  ];

  it("every hostile form on every POST endpoint answers 400 naming the path; nothing is polluted", async () => {
    let n = 0;
    for (const path of HOSTILE)
      for (const [url, body] of forms(path)) {
        const res = await post(url, body);
        const where = `${url} ${JSON.stringify(body).slice(0, 200)} → ${res.body.slice(0, 300)}`;
        expect(res.statusCode, where).toBe(400);
        const e = expectErrorShape(res.json());
        expect(["INVALID_OVERRIDE", "INVALID_SCENARIO", "INVALID_REQUEST", "INVALID_ARGUMENT"]).toContain(e.code);
        const segment = path.split(".").find((x) => ["__proto__", "constructor", "prototype"].includes(x))!;
        expect(JSON.stringify(e.issues), where).toContain(`\\"${segment}\\" is not allowed in a field path`);
        expect(e.issues[0]!.path, where).toMatch(/^(set|sweep\.vary|scenario\.changes|b\.changes)/);
        notPolluted();
        n++;
      }
    expect(n).toBe(HOSTILE.length * 12);
    const ok = await post("/v1/validate", { scenario: "yuhang-2b", paths: 10, set: { "fund.reserves": 0.3 } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().valid).toBe(true);
    const run = await post("/v1/runs", { scenario: "yuhang-2b", paths: 10, seed: 1 });
    expect(run.statusCode, run.body).toBe(202);
  });
});

describe("through the CLI", () => {
  it("--set __proto__.x=1 exits 2 naming the path, and the run still validates without it", () => {
    const r = cli(["validate", "yuhang-2b", "--set", "__proto__.x=1"]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain("__proto__.x");
    expect(r.stderr).toContain("not allowed in a field path");
  });
});
