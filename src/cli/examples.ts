/**
 * Examples shown under each command's `--help`, and the exit codes and environment under the program's: one table,
 * so every command has examples (a test checks that each registered command appears here).
 */
import type { Command } from "commander";

export const EXAMPLES: Record<string, string[]> = {
  run: [
    "gfsim run yuhang-2b --paths 20000 --seed 1",
    "gfsim run scenarios/generic-vc.yaml --set vc.reserves=0.5 --json > result.json",
    "gfsim run yuhang-2b --out reports --report html,md,csv,parquet --lang zh",
    "gfsim run chengdu-pool-100m --target 'pool.pool_exhausted.mean<=0.05' --junit gate.xml",
  ],
  validate: ["gfsim validate my-scenario.yaml", "gfsim validate my-scenario.yaml --set fund.reserves=0.4 --json"],
  schema: ["gfsim schema > scenario.schema.json"],
  serve: [
    "gfsim serve --port 8080 --data ./data",
    "PORT=9000 HOST=0.0.0.0 GFSIM_DATA=/var/lib/gfsim GFSIM_API_TOKEN=secret gfsim serve",
    "gfsim serve --print-openapi > openapi.json",
  ],
  sweep: [
    "gfsim sweep yuhang-2b --vary fund.reserves=0.2,0.3,0.4 --paths 5000",
    "gfsim sweep yuhang-2b --vary fund.reserves=0.2:0.5:0.1 --metrics fund.tvpi.mean --csv sweep.csv --junit gate.xml",
  ],
  compare: [
    "gfsim compare yuhang-2b --set fund.reserves=0.4",
    "gfsim compare generic-vc my-variant.yaml --significant --json",
  ],
  report: [
    "gfsim report reports/yuhang-2b-s20231124-n10000.json --report html,xlsx --lang zh",
    "gfsim report result.json --report parquet,csv --out analysis",
  ],
  "size-pool": ["gfsim size-pool chengdu-pool-100m --vehicle pool --alpha 0.05 --paths 5000"],
  "max-leverage": ["gfsim max-leverage chengdu-pool-100m --vehicle pool --alpha 0.05"],
  scenarios: ["gfsim scenarios", "gfsim run $(gfsim scenarios | head -1 | cut -d' ' -f1)"],
  calibrate: ["gfsim calibrate generic-vc --match 'vc.tvpi.p50=1.67' --paths 5000"],
  optimise: [
    "gfsim optimise yuhang-2b --decide 'fund.reserves=0.1..0.5' --maximise 'fund.tvpi.p50' \\",
    "    --subject-to 'fund.tolerance_breach.mean <= 0.1' --paths 2000",
  ],
  worker: ["gfsim worker --queue redis://127.0.0.1:6379 --concurrency 2"],
};

export const PROGRAM_HELP = `
Examples:
  gfsim run yuhang-2b                         run a shipped scenario and print its summary
  gfsim run my.yaml --out reports --report html,md
  gfsim <command> --help                      options and examples of a command

Exit codes:
  0   ok
  1   a target failed (run, sweep, compare; --no-fail reports it and exits 0)
  2   bad input: the message names the field, the value and the allowed range
  3   a run failed or timed out after it was accepted
  70  internal error (a fault of gfsim; GFSIM_DEBUG=1 prints the stack)
  130 cancelled (Ctrl-C)

Environment:
  LC_ALL, LC_MESSAGES, LANG   default --lang (zh for a zh_* locale, else en)
  PORT, HOST, GFSIM_DATA, GFSIM_LOG_LEVEL, GFSIM_API_TOKEN, GFSIM_QUEUE   defaults of gfsim serve
  GFSIM_DEBUG                 print the stack of an internal error
`;

/** Adds the examples to every command's help and the exit codes to the program's. */
export function addExamples(program: Command): void {
  program.addHelpText("after", PROGRAM_HELP);
  for (const command of program.commands) {
    const lines = EXAMPLES[command.name()];
    if (lines) command.addHelpText("after", `\nExamples:\n${lines.map((l) => `  ${l}`).join("\n")}\n`);
  }
}
