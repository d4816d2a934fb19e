/**
 * Command-line conventions: every command's `--help` has examples and the program's lists every exit code of the
 * error catalogue; `--version` prints the package version; `validate --json` gives the problems as data.
 */
import { readFileSync } from "node:fs";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../src/cli/commands/index.ts";
import { addExamples, EXAMPLES, PROGRAM_HELP } from "../src/cli/examples.ts";
import { ERRORS } from "../src/errors.ts";
import { cli, ROOT } from "./helpers.ts";

function helpOf(command: Command): string {
  let out = "";
  command.configureOutput({ writeOut: (s) => (out += s) });
  command.outputHelp();
  return out;
}

describe("CLI conventions", () => {
  it("every command's --help ends with examples that call that command", () => {
    const program = new Command("gfsim");
    for (const register of COMMANDS) register(program);
    addExamples(program);
    expect(program.commands.length).toBeGreaterThan(5);
    for (const command of program.commands) {
      const name = command.name();
      expect(EXAMPLES[name], `examples for ${name}`).toBeDefined();
      const help = helpOf(command);
      expect(help, name).toContain("\nExamples:\n");
      expect(help, name).toContain(`gfsim ${name} `);
    }
  });

  it("the program's help lists every exit code of the catalogue, and so does the README", () => {
    const readme = readFileSync(`${ROOT}/README.md`, "utf8");
    const codes = [...new Set([0, 1, ...Object.values(ERRORS).map((e) => e.exit)])];
    for (const code of codes) {
      expect(PROGRAM_HELP, `exit ${code}`).toMatch(new RegExp(`\\n  ${code} +\\S`));
      expect(readme, `README exit ${code}`).toMatch(new RegExp(`\\| \`${code}\` \\|`));
    }
  });

  it("--version prints the package version; validate --json gives problems as data and exits 2", () => {
    const pkg = JSON.parse(readFileSync(`${ROOT}/package.json`, "utf8")) as { version: string };
    const v = cli(["--version"]);
    expect(v.status).toBe(0);
    expect(v.stdout.trim()).toBe(pkg.version);

    const bad = cli(["validate", "generic-vc", "--json", "--set", "vc.reserves=2", "--set", "vc.size=-1"]);
    expect(bad.status).toBe(2);
    const verdict = JSON.parse(bad.stdout) as {
      valid: boolean;
      error: { code: string; issues: { path: string; value?: unknown }[] };
    };
    expect(verdict.valid).toBe(false);
    expect(verdict.error.code).toBe("INVALID_SCENARIO");
    expect(verdict.error.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: "vehicles[0] (vc).reserves", value: 2 }),
        expect.objectContaining({ path: "vehicles[0] (vc).size", value: -1 }),
      ]),
    );

    const good = cli(["validate", "generic-vc", "--json"]);
    expect(good.status).toBe(0);
    expect(JSON.parse(good.stdout)).toMatchObject({ valid: true, name: "generic-vc", vehicles: [{ id: "vc" }] });
  });
});
