/**
 * Shipped scenarios (`scenarios/*.yaml`) for the API: listing with descriptions, and reading one by name. A name is
 * only ever matched against the directory listing — never joined into a path — so no request can reach another file.
 * Where one name has several files, the first of SCENARIO_EXTENSIONS wins, as on the command line.
 */
import { readdir, readFile } from "node:fs/promises";
import { extname, join } from "node:path";
import { GfsimError } from "../errors.ts";
import { parseText } from "../scenario/load.ts";
import { SCENARIO_EXTENSIONS } from "../scenario/shipped.ts";

export interface ShippedScenario {
  name: string;
  description: string;
}

/** Shipped scenario files by name (file name without extension), in name order. */
async function files(dir: string): Promise<Map<string, string>> {
  let entries: string[];
  try {
    entries = (await readdir(dir)).sort();
  } catch {
    return new Map();
  }
  const present = new Set(entries);
  const out = new Map<string, string>();
  for (const f of entries) {
    const ext = extname(f);
    const name = f.slice(0, -ext.length);
    if (!SCENARIO_EXTENSIONS.includes(ext) || out.has(name)) continue;
    const first = SCENARIO_EXTENSIONS.find((e) => present.has(name + e))!;
    out.set(name, join(dir, name + first));
  }
  return out;
}

/** The file of a shipped scenario by name, or undefined when there is none. */
export async function shippedFile(dir: string, name: string): Promise<string | undefined> {
  return (await files(dir)).get(name);
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
