/**
 * Every user-caused CLI failure exits 2 naming the file, flag or field: a YAML alias bomb, output paths that cannot
 * be written (under a file, in /proc — at once, never a hang), a stray field inside a distribution, NaN and Infinity
 * named as such. The in-process checks come first; three subprocesses check the exit codes.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkOutputPath, writeFileAtomic } from "../src/atomic.ts";
import { formatProblems, showValue } from "../src/errors.ts";
import { loadScenarioText, parseOverride, parseText } from "../src/scenario/load.ts";
import { gfsimError, ROOT } from "./helpers.ts";

const YUHANG = readFileSync(join(ROOT, "scenarios/yuhang-2b.yaml"), "utf8");
const BOMB = [
  'a: &a ["x","x","x","x","x","x","x","x","x"]',
  "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]",
  "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]",
  "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]",
  "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]",
  "f: [*e,*e,*e,*e,*e,*e,*e,*e,*e]",
  "",
].join("\n");
const tmp = mkdtempSync(join(tmpdir(), "gfsim-cli-hostile-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const withSet = (...sets: string[]) =>
  gfsimError(() => loadScenarioText(YUHANG, { overrides: sets.map(parseOverride) }));

describe("in process", () => {
  it("an alias bomb is a PARSE_ERROR naming the file", () => {
    const e = gfsimError(() => parseText(BOMB, "bomb.yaml"));
    expect(e.code).toBe("PARSE_ERROR");
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain("bomb.yaml");
    expect(e.message).toMatch(/alias/i);
    expect(gfsimError(() => parseOverride(`fund.x=${BOMB.replaceAll("\n", " ")}`)).exitCode).toBe(2);
  });

  it("NaN and ±Infinity are named as such, with the field", () => {
    for (const [text, shown] of [
      [".nan", "NaN"],
      [".inf", "Infinity"],
      ["-.inf", "-Infinity"],
    ]) {
      const e = withSet(`fund.reserves=${text}`);
      expect(e.code).toBe("INVALID_SCENARIO");
      const out = formatProblems(e.problems);
      expect(out).toContain("fund).reserves");
      expect(out).toContain(`${shown} is not a finite number`);
      expect(out).not.toContain("got number");
      expect(out).not.toContain("(got null)");
    }
    expect(showValue(Number.NaN)).toBe("NaN");
    expect(showValue(Number.NEGATIVE_INFINITY)).toBe("-Infinity");
  });

  it("a stray field inside a distribution is refused naming it (lognormal median/sigma with mean)", () => {
    const e = withSet("fund.lifecycle.stages[0].post_money={dist: lognormal, median: 1e7, sigma: 0.5, mean: 3}");
    expect(e.problems).toHaveLength(1);
    expect(e.problems[0]!.path).toMatch(/stages\[0\]\.post_money\.mean$/);
    expect(e.problems[0]!.message).toContain("stray field");
    // Each pair alone still loads.
    expect(() =>
      loadScenarioText(YUHANG, {
        overrides: [parseOverride("fund.lifecycle.stages[0].post_money={dist: lognormal, mean: 1e7, sd: 2e6}")],
      }),
    ).not.toThrow();
  });

  it("unwritable output paths fail at once naming the flag and the errno", () => {
    writeFileSync(join(tmp, "a-file"), "x");
    for (const [path, code] of [
      ["/dev/null/x", "ENOTDIR"],
      [join(tmp, "a-file", "sub", "out.xml"), "ENOTDIR"],
      ["/proc/1/nope/y.xml", "ENOENT"],
      ["/proc/x/y.xml", "ENOENT"],
    ]) {
      const e = gfsimError(() => checkOutputPath(path!, "--junit"));
      expect(e.exitCode, path).toBe(2);
      expect(e.message).toContain(`--junit "${path}" (${code})`);
      expect(gfsimError(() => writeFileAtomic(path!, "x")).exitCode, path).toBe(2);
    }
    expect(gfsimError(() => checkOutputPath(tmp, "--summary")).message).toContain("EISDIR");
    checkOutputPath(join(tmp, "new", "deeper"), "--out", "dir");
    writeFileAtomic(join(tmp, "x", "y", "z.txt"), "ok");
    expect(readFileSync(join(tmp, "x", "y", "z.txt"), "utf8")).toBe("ok");
  });
});

function cli(args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, NODE_NO_WARNINGS: "1" },
  });
  return { status: r.status, signal: r.signal, stderr: r.stderr };
}

describe("the CLI exits 2", () => {
  it("on an alias bomb, naming the file", () => {
    const file = join(tmp, "bomb.yaml");
    writeFileSync(file, BOMB);
    const r = cli(["validate", file]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain("bomb.yaml");
  });

  it("run --out /dev/null/x, before simulating", () => {
    const r = cli(["run", "yuhang-2b", "--paths", "1000000", "--out", "/dev/null/x"]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain('--out "/dev/null/x" (ENOTDIR)');
  });

  it("sweep --junit /proc/x/y.xml, at once (no hang)", () => {
    const r = cli([
      "sweep",
      "yuhang-2b",
      "--paths",
      "100000",
      "--vary",
      "fund.reserves=0.2,0.3",
      "--junit",
      "/proc/x/y.xml",
    ]);
    expect(r.signal, "killed by the timeout: the command hung").toBeNull();
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain('--junit "/proc/x/y.xml"');
  });
});
