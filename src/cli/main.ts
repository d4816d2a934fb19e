/**
 * gfsim command line. Each command lives in `src/cli/commands/` and registers itself on the program; this file only
 * wires them and maps errors to exit codes (0 ok, 1 a target failed, 2 bad input, 3 a run failed, 70 internal).
 */
import { Command, CommanderError } from "commander";
import { VERSION } from "../version.ts";
import { COMMANDS } from "./commands/index.ts";
import { addExamples } from "./examples.ts";
import { reportError } from "./io.ts";

export function buildProgram(): Command {
  const program = new Command("gfsim")
    .description(
      "Monte Carlo simulator for technology-transfer guidance funds, angel funds of funds and loan risk pools",
    )
    .version(VERSION)
    .showHelpAfterError()
    .exitOverride();
  for (const register of COMMANDS) register(program);
  addExamples(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version exit 0; usage errors are bad input.
      return e.exitCode === 0 ? 0 : 2;
    }
    return reportError(e);
  }
}

const code = await main(process.argv.slice(2));
process.exitCode = code;
