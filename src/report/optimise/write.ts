/** Writing an optimisation's documents: `--report html,md,json` into `--out` (csv and xlsx have no optimise form). */
import { join } from "node:path";
import { writeFileAtomic } from "../../atomic.ts";
import type { OptimiseResult } from "../../run/optimise/index.ts";
import type { ReportFormat } from "../formats.ts";
import type { Lang } from "../i18n.ts";
import { buildOptimiseModel, optimiseHtml, optimiseMarkdown } from "./render.ts";

export interface OptimiseReportPlan {
  formats: ReportFormat[];
  lang: Lang;
  outDir: string;
  /** File name without extension (already safe). */
  baseName: string;
}

/** Writes the planned documents; returns their paths. */
export async function writeOptimiseReports(r: OptimiseResult, plan: OptimiseReportPlan): Promise<string[]> {
  const base = join(plan.outDir, plan.baseName);
  const model = buildOptimiseModel(r, plan.lang);
  const written: string[] = [];
  if (plan.formats.includes("html")) {
    writeFileAtomic(`${base}.html`, await optimiseHtml(model));
    written.push(`${base}.html`);
  }
  if (plan.formats.includes("md")) {
    writeFileAtomic(`${base}.md`, optimiseMarkdown(model));
    written.push(`${base}.md`);
  }
  if (plan.formats.includes("json")) {
    writeFileAtomic(`${base}.json`, `${JSON.stringify(r, null, 2)}\n`);
    written.push(`${base}.json`);
  }
  return written;
}
