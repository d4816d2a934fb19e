/**
 * Shipped scenarios by name in the API follow the command line's extension order (SCENARIO_EXTENSIONS: .yaml, then
 * .yml, then .json) when one name has several files — listing, reading and the workbench's file lookup alike.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listScenarios, readShipped, shippedFile } from "../src/api/scenarios.ts";
import { SCENARIO_EXTENSIONS } from "../src/scenario/shipped.ts";

describe("shipped scenario look-up", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "gfsim-shipped-"));
    // "a.json" sorts before "a.yaml" and "a.yml": the order of the listing must not decide.
    await writeFile(join(dir, "a.json"), JSON.stringify({ description: "json" }));
    await writeFile(join(dir, "a.yml"), "description: yml\n");
    await writeFile(join(dir, "a.yaml"), "description: yaml\n");
    await writeFile(join(dir, "b.json"), JSON.stringify({ description: "json only" }));
    await writeFile(join(dir, "b.yml"), "description: yml\n");
    await writeFile(join(dir, "c.txt"), "not a scenario");
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("takes the first of SCENARIO_EXTENSIONS present", async () => {
    expect(SCENARIO_EXTENSIONS).toEqual([".yaml", ".yml", ".json"]);
    expect(await shippedFile(dir, "a")).toBe(join(dir, "a.yaml"));
    expect(await shippedFile(dir, "b")).toBe(join(dir, "b.yml"));
    expect(await shippedFile(dir, "c")).toBeUndefined();
    expect(await readShipped(dir, "a")).toEqual({ description: "yaml" });
    expect(await listScenarios(dir)).toEqual([
      { name: "a", description: "yaml" },
      { name: "b", description: "yml" },
    ]);
  });
});
