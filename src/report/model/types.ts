/**
 * The report model: everything a document shows, as plain localized data (strings for people, chart inputs for
 * the spec builders). Built once from a result; the HTML and Markdown renderers only lay it out.
 */
import type { ChartInput } from "../charts/index.ts";
import type { Lang } from "../i18n.ts";

export interface Kpi {
  label: string;
  value: string;
  /** One Monte Carlo standard error, already formatted. */
  se?: string;
  /** A second line (median, a limit). */
  sub?: string;
  tone?: "good" | "bad";
}

export interface Table {
  head: string[];
  rows: string[][];
  /** Columns from this index on are numbers (right-aligned). */
  numericFrom: number;
  /** A column of field names, shown in monospace. */
  codeColumn?: number;
  /** Per-row tone, e.g. a failed target. */
  tones?: ("good" | "bad" | undefined)[];
}

export interface Section {
  id: string;
  title: string;
  subtitle?: string;
  kpis: Kpi[];
  notes: string[];
  charts: ChartInput[];
  /** `open`: shown unfolded in the workbench (the answer, not a reference table). */
  tables: { title: string; table: Table; open?: boolean }[];
  /** "tables": the tables come before the charts (a comparison's real-unit differences lead). */
  lead?: "tables";
}

export interface ReportModel {
  lang: Lang;
  title: string;
  subtitle: string;
  facts: Table;
  /** What was run beyond the facts: the description and the inputs changed from the shipped scenario. */
  run: {
    description: string | null;
    /** true/false against the shipped scenario of the run's name; null when there is none or no scenario. */
    modified: boolean | null;
    note: string;
    changes: Table | null;
  };
  /** One sentence per vehicle (and the programme) on its policy limits, worst tone first in importance. */
  verdicts: Verdict[];
  headline: Kpi[];
  /** `tone` is never "good" while a verdict is bad, even when every target passes. */
  targets: { summary: string; table: Table | null; allPass: boolean; tone: "good" | "warn" | "bad" };
  sections: Section[];
  footer: string;
}

export type VerdictTone = "good" | "warn" | "bad";

export interface Verdict {
  /** `vehicle-<id>` or `programme`: the section it sums up. */
  section: string;
  tone: VerdictTone;
  text: string;
  /** The policy metrics judged, as `<id>.<metric>`, with their probabilities. */
  judged: { metric: string; p: number; se: number | null; tone: VerdictTone }[];
}
