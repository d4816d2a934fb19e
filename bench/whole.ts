/**
 * Whole-process timings for `npm run bench`: commands run under `/usr/bin/time` (wall, user + system CPU, peak
 * RSS), two contenders alternated run by run so that a change in the machine's load hits both alike. Used for gfsim
 * against the NumPy peer, `validate` against `node -e 0`, 1 against 2 threads, and gfsim against an older checkout.
 */
import { spawnSync } from "node:child_process";
import { loadavg } from "node:os";

export interface ProcessRun {
  wall: number;
  cpu: number;
  peakRssBytes: number;
}

export interface Duel {
  a: string;
  b: string;
  runsA: ProcessRun[];
  runsB: ProcessRun[];
  /** Median wall of b ÷ median wall of a (> 1: a is faster). */
  wallRatio: number;
  /** Median CPU of b ÷ median CPU of a. */
  cpuRatio: number;
  loadAverage: number[];
}

/** Runs `cmd` once under /usr/bin/time; throws on exit codes other than 0 and 1 (a failed target). */
export function timeProcess(cmd: string[], cwd: string): ProcessRun {
  const r = spawnSync("/usr/bin/time", ["-f", "TIME %e %U %S %M", ...cmd], {
    cwd,
    encoding: "utf8",
    maxBuffer: 1 << 28,
    env: { ...process.env, NODE_NO_WARNINGS: "1" },
  });
  const line = r.stderr
    .trim()
    .split("\n")
    .reverse()
    .find((l) => l.startsWith("TIME "));
  if ((r.status !== 0 && r.status !== 1) || !line) throw new Error(`${cmd.join(" ")} failed:\n${r.stderr}`);
  const [wall, user, sys, kb] = line.slice(5).split(" ").map(Number) as [number, number, number, number];
  return { wall, cpu: user + sys, peakRssBytes: kb * 1024 };
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** `times` runs of each command, alternated (a, b, a, b, …). */
export function duel(opts: { a: string[]; b: string[]; times: number; cwd: string }): Duel {
  const runsA: ProcessRun[] = [];
  const runsB: ProcessRun[] = [];
  for (let i = 0; i < opts.times; i++) {
    runsA.push(timeProcess(opts.a, opts.cwd));
    runsB.push(timeProcess(opts.b, opts.cwd));
  }
  return {
    a: opts.a.join(" "),
    b: opts.b.join(" "),
    runsA,
    runsB,
    wallRatio: median(runsB.map((r) => r.wall)) / median(runsA.map((r) => r.wall)),
    cpuRatio: median(runsB.map((r) => r.cpu)) / median(runsA.map((r) => r.cpu)),
    loadAverage: loadavg(),
  };
}
