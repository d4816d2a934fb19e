/**
 * The human summary of a run: per vehicle, each metric's mean ± standard error and p05/p50/p95, with the policy
 * terms named (容错 breach, 补转投 conversions, 让利, 熔断), then targets pass/fail.
 */
import { unitOf } from "../report/format.ts";
import type { Result } from "../run/result.ts";
import type { MetricSummary } from "../stats/summary.ts";
import { fmtMoney, fmtNum, table } from "./format.ts";

/** Policy-term labels for metrics whose meaning is a Chinese policy rule. */
const LABELS: Record<string, string> = {
  tolerance_breach: "容错 breach (P)",
  loss_ratio: "loss ratio (容错)",
  grants_converted: "补转投 conversions",
  grants_paid: "补转投 grants paid",
  grants_count: "补转投 grants (count)",
  breaker_tripped: "熔断 breaker tripped (P)",
  pool_exhausted: "pool exhausted (P)",
  concession_cost: "让利 cost",
};

/** Money (by the report's units) as ¥k/M/B; every other unit as a plain number, as before. */
function fmt(name: string, x: number | null): string {
  return unitOf(name) === "money" ? fmtMoney(x) : fmtNum(x);
}

function row(name: string, m: MetricSummary): string[] {
  const mean = m.mean === null ? "—" : `${fmt(name, m.mean)} ± ${fmt(name, m.se)}`;
  const defined = m.defined < 1 ? ` (defined ${(m.defined * 100).toFixed(0)}%)` : "";
  return [LABELS[name] ?? name, mean + defined, fmt(name, m.p05), fmt(name, m.p50), fmt(name, m.p95)];
}

export function renderSummary(r: Result): string {
  const out: string[] = [];
  out.push(`gfsim ${r.version} — ${r.scenario.name} (hash ${r.scenario.hash}), seed ${r.seed}, ${r.paths} paths`);
  for (const [id, v] of Object.entries(r.vehicles)) {
    out.push("", `■ ${id} (${v.kind})`);
    out.push(
      table(
        ["metric", "mean ± se", "p05", "p50", "p95"],
        Object.entries(v.metrics).map(([k, m]) => row(k, m)),
      ),
    );
  }
  const pm = Object.entries(r.programme.metrics).filter(([, m]) => m.defined > 0 && m.mean !== 0);
  if (Object.keys(r.vehicles).length > 1 && pm.length > 0) {
    out.push("", "■ programme");
    out.push(
      table(
        ["metric", "mean ± se", "p05", "p50", "p95"],
        pm.map(([k, m]) => row(k, m)),
      ),
    );
  }
  if (r.targets.length > 0) {
    out.push("", "■ targets");
    out.push(
      table(
        ["target", "actual", "result"],
        r.targets.map((t) => [`${t.metric} ${t.op} ${t.value}`, fmtNum(t.actual), t.pass ? "PASS" : "FAIL"]),
      ),
    );
  }
  return `${out.join("\n")}\n`;
}
