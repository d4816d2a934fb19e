/**
 * One registry of vehicle kinds: every kind of the scenario's union has its engine definition (labels, metrics,
 * engine), its report section and its metric catalogue. A toy kind written into a temporary folder shows that the
 * compiler names each missing piece: the kind in the engine registry, a piece of its definition (its metrics), and
 * its report section.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { KINDS, kindDef } from "../src/engine/vehicles/index.ts";
import { kindLabel } from "../src/report/i18n.ts";
import { sectionBuilder } from "../src/report/vehicles/index.ts";
import { CATALOGUE } from "../src/run/catalogue.ts";
import { Vehicle } from "../src/scenario/vehicles/index.ts";
import { ROOT } from "./helpers.ts";

/** The kinds of the scenario's vehicle union, read from the schema at run time. */
const UNION_KINDS = Vehicle.options.map((o) => o.shape.kind.value as string);

/** The pieces a kind lacks, each named by where it goes. */
function missingPieces(kind: string): string[] {
  const def = kindDef(kind);
  return [
    ...(def ? [] : ["engine registry (src/engine/vehicles/index.ts)"]),
    ...(def && !def.metrics ? ["metrics (src/engine/vehicles/<kind>/metrics.ts)"] : []),
    ...(sectionBuilder(kind) ? [] : ["report section (src/report/vehicles/index.ts)"]),
    ...(Object.hasOwn(CATALOGUE, kind) ? [] : ["metric catalogue (src/run/catalogue.ts)"]),
  ];
}

describe("the kind registry", () => {
  it("every kind of the scenario union has every piece, and nothing else is registered", () => {
    expect(UNION_KINDS.length).toBeGreaterThan(2);
    for (const kind of UNION_KINDS) expect(missingPieces(kind), kind).toEqual([]);
    expect(Object.keys(KINDS).sort()).toEqual([...UNION_KINDS].sort());
    expect(
      Object.keys(CATALOGUE)
        .filter((k) => k !== "programme")
        .sort(),
    ).toEqual([...UNION_KINDS].sort());
  });

  it("labels come from the registry in both languages; an unknown kind is named as such", () => {
    expect(kindLabel("zh", "risk_pool")).toBe(KINDS.risk_pool.label.zh);
    expect(kindLabel("en", "angel_fof")).toBe(KINDS.angel_fof.label.en);
    expect(kindLabel("en", "toy")).toBe("Vehicle (toy)");
  });

  it("names each piece an unregistered kind lacks", () => {
    expect(missingPieces("toy")).toEqual([
      "engine registry (src/engine/vehicles/index.ts)",
      "report section (src/report/vehicles/index.ts)",
      "metric catalogue (src/run/catalogue.ts)",
    ]);
  });
});

describe("a toy kind in a temporary folder", () => {
  const dir = mkdtempSync(join(ROOT, "test", ".toy-kind-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const src = (p: string) => relative(dir, join(ROOT, "src", p)).replaceAll("\\", "/");

  // The toy kind's folder: a schema type, a one-metric catalogue and an engine, as docs/architecture.md describes.
  writeFileSync(
    join(dir, "toy.ts"),
    `import type { KindMetrics } from "${src("engine/metric.ts")}";
import type { VehicleEngine } from "${src("engine/vehicle.ts")}";
export type Toy = { kind: "toy"; id: string; size: number };
export const TOY_METRICS = {
  scalars: { size: { unit: "money", better: "neither", about: "The toy's size", en: "Size", zh: "规模" } },
  series: {},
} as const satisfies KindMetrics;
export function toyEngine(byYear: Toy[]): VehicleEngine {
  const size = byYear[0]!.size;
  return {
    id: byYear[0]!.id,
    kind: "toy",
    scalarNames: ["size"],
    seriesNames: [],
    simulatePath: (_ctx, out) => { out.scalars[0] = size; },
  };
}
`,
  );
  // The registries with the toy added to the kind union; each declaration lacks one piece but the last.
  writeFileSync(
    join(dir, "registries.ts"),
    `import { KINDS } from "${src("engine/vehicles/index.ts")}";
import type { KindRegistry } from "${src("engine/vehicles/kind.ts")}";
import { SECTIONS } from "${src("report/vehicles/index.ts")}";
import type { SectionRegistry } from "${src("report/vehicles/types.ts")}";
import type { Vehicle } from "${src("scenario/vehicles/index.ts")}";
import { type Toy, TOY_METRICS, toyEngine } from "./toy.ts";
type WithToy = Vehicle | Toy;
const label = { en: "Toy", zh: "玩具" };
export const noEngineEntry: KindRegistry<WithToy> = { ...KINDS };
export const noMetrics: KindRegistry<WithToy> = { ...KINDS, toy: { label, engine: toyEngine } };
export const noSection: SectionRegistry<WithToy["kind"]> = { ...SECTIONS };
export const complete: KindRegistry<WithToy> = { ...KINDS, toy: { label, metrics: TOY_METRICS, engine: toyEngine } };
export const completeSections: SectionRegistry<WithToy["kind"]> = {
  ...SECTIONS,
  toy: () => ({ kpis: [], notes: [], charts: [] }),
};
`,
  );

  it("the compiler names each missing piece, and the complete toy compiles", () => {
    const config = ts.getParsedCommandLineOfConfigFile(
      join(ROOT, "tsconfig.json"),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
        },
      },
    );
    const file = join(dir, "registries.ts");
    const program = ts.createProgram({ rootNames: [file], options: config!.options });
    // Only the two new files are checked (the rest of the project is checked by tsc itself): fast.
    const errors = [join(dir, "toy.ts"), file]
      .flatMap((f) => ts.getPreEmitDiagnostics(program, program.getSourceFile(f)))
      .filter((d) => d.category === ts.DiagnosticCategory.Error)
      .map((d) => {
        const { line } = d.file!.getLineAndCharacterOfPosition(d.start!);
        return {
          file: d.file!.fileName,
          line: d.file!.text.split("\n")[line]!,
          text: ts.flattenDiagnosticMessageText(d.messageText, " "),
        };
      });
    // Only the registries file has errors (the toy folder itself compiles), one per incomplete declaration.
    expect(errors.map((e) => e.file)).toEqual([file, file, file]);
    const [engine, metrics, section] = errors;
    expect(engine!.line).toContain("noEngineEntry");
    expect(engine!.text).toMatch(/Property 'toy' is missing/);
    expect(metrics!.line).toContain("noMetrics");
    expect(metrics!.text).toMatch(/Property 'metrics' is missing/);
    expect(section!.line).toContain("noSection");
    expect(section!.text).toMatch(/Property 'toy' is missing/);
  });
});
