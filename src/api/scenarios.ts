/**
 * Shipped scenarios (`scenarios/*.yaml`) for the API: listing with descriptions, and reading one by name. A name is
 * only ever matched against the directory listing — never joined into a path — so no request can reach another file.
 */
import { readdir, readFile } from "node:fs/promises";
import { dirname, extname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { GfsimError } from "../errors.ts";
import { parseText } from "../scenario/load.ts";

export const SHIPPED_SCENARIOS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../scenarios");

const EXTENSIONS = [".yaml", ".yml", ".json"];

export interface ShippedScenario {
  name: string;
  description: string;
}

/** Shipped scenario files by name (file name without extension). */
async function files(dir: string): Promise<Map<string, string>> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    return new Map();
  }
  const out = new Map<string, string>();
  for (const f of entries.sort()) {
    const ext = extname(f);
    if (EXTENSIONS.includes(ext) && !out.has(f.slice(0, -ext.length))) out.set(f.slice(0, -ext.length), join(dir, f));
  }
  return out;
}

export async function listScenarios(dir: string): Promise<ShippedScenario[]> {
  const out: ShippedScenario[] = [];
  for (const [name, file] of await files(dir)) {
    let description = "";
    try {
      const raw = parseText(await readFile(file, "utf8"), name) as { description?: unknown };
      if (typeof raw?.description === "string") description = raw.description;
    } catch {
      description = "(could not be parsed)";
    }
    out.push({ name, description });
  }
  return out;
}

/** The raw (unvalidated) object of a shipped scenario; SCENARIO_NOT_FOUND when no file has that name. */
export async function readShipped(dir: string, name: string): Promise<unknown> {
  const all = await files(dir);
  const file = all.get(name);
  if (!file)
    throw new GfsimError("SCENARIO_NOT_FOUND", `no shipped scenario "${name}"`, [
      {
        path: "scenario",
        message: `not a shipped scenario; GET /v1/scenarios lists them (${[...all.keys()].join(", ")})`,
      },
    ]);
  return parseText(await readFile(file, "utf8"), `scenario ${name}`);
}
