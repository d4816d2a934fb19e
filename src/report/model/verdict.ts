/**
 * The verdict: one sentence per vehicle and for the programme that answers the policy question first — is the
 * 容错 limit breached, does the pool run out, does 熔断 trip — with the probability and its Monte Carlo standard
 * error, judged against the scenario's target when there is one and against "more than half of the paths" when
 * there is none, and, for a failed limit, what drives it (the stage limits breached most, the loss ratio against
 * the limit, the year a pool typically runs out). Reports, the workbench and the terminal summary all show it.
 */
import type { TargetResult } from "../../run/result.ts";
import { formatSe, formatValue, pathUnit } from "../format.ts";
import type { Words } from "../i18n.ts";
import { type Metrics, num } from "./common.ts";
import { lossLimit } from "./parts.ts";
import { stageLimits } from "./portfolio.ts";
import type { Verdict, VerdictTone } from "./types.ts";

export interface VerdictVehicle {
  id: string;
  kind: string;
  metrics: Metrics;
  /** The vehicle's scenario entry, when the report has the scenario (limits by stage, the fund limit). */
  scenarioVehicle: unknown;
  analytic?: Record<string, unknown> | undefined;
}

/** Without a target, a policy event on more than this share of paths is a failure and above WARN a warning. */
const FAIL_SHARE = 0.5;
const WARN_SHARE = 0.1;

const OP_SIGN: Record<string, string> = { "<=": "≤", ">=": "≥" };

interface Judgement {
  tone: VerdictTone;
  clause: string;
}

function worst(tones: VerdictTone[]): VerdictTone {
  return tones.includes("bad") ? "bad" : tones.includes("warn") ? "warn" : "good";
}

/** Judges P(event) against a target on `<path>.mean` (or `<path>.p50`…) when there is one, else against 50%. */
function judge(w: Words, path: string, p: number, targets: readonly TargetResult[]): Judgement {
  const target = targets.find((x) => x.metric.startsWith(`${path}.`));
  if (target) {
    const vars = {
      op: OP_SIGN[target.op] ?? target.op,
      value: formatValue(target.value, pathUnit(target.metric), w.lang),
    };
    if (!target.pass) return { tone: "bad", clause: w.t("verdict.targetFailed", vars) };
    return { tone: p > FAIL_SHARE ? "bad" : "good", clause: w.t("verdict.targetMet", vars) };
  }
  if (p > FAIL_SHARE) return { tone: "bad", clause: w.t("verdict.overHalf") };
  return { tone: p > WARN_SHARE ? "warn" : "good", clause: w.t("verdict.noTarget") };
}

const pct = (w: Words, x: number | null) => formatValue(x, "probability", w.lang);
const pctSe = (w: Words, x: number | null) => formatSe(x, "probability", w.lang);
/** "12.0% ± 1.6%", or "0%" alone when the estimate has no noise (no path had the event, or every path did). */
const pctPm = (w: Words, p: number, se: number | null) =>
  se === null || se === 0 ? formatValue(p, "probability", w.lang) : `${pct(w, p)} ± ${pctSe(w, se)}`;

/** The stage limits breached most (P ≥ 5%), worst first, with their limits and mean loss ratios. */
function stageDrivers(w: Words, v: VerdictVehicle): string | null {
  const limits = stageLimits(v.scenarioVehicle);
  const stages = Object.keys(v.metrics)
    .filter((k) => k.startsWith("tolerance_breach_"))
    .map((k) => ({ stage: k.slice("tolerance_breach_".length), p: num(v.metrics[k]?.mean) ?? 0 }))
    .filter((s) => s.p >= 0.05)
    .sort((a, b) => b.p - a.p)
    .slice(0, 2);
  if (stages.length === 0) return null;
  const list = stages.map((s) =>
    w.t("verdict.driver", {
      stage: w.stage(s.stage),
      limit: formatValue(num(limits[s.stage]), "ratio", w.lang),
      p: pct(w, s.p),
      loss: formatValue(num(v.metrics[`loss_ratio_${s.stage}`]?.mean), "ratio", w.lang),
    }),
  );
  return w.t("verdict.drivers", { list: list.join(w.lang === "zh" ? "、" : ", ") });
}

function sentence(w: Words, parts: (string | null)[]): string {
  return `${parts.filter((x): x is string => !!x).join(w.t("verdict.sep"))}${w.t("verdict.end")}`;
}

function fundVerdict(w: Words, v: VerdictVehicle, targets: readonly TargetResult[]): Verdict | null {
  const m = v.metrics.tolerance_breach;
  const p = num(m?.mean);
  if (p === null) return null;
  const se = num(m?.se);
  const limit = lossLimit(v.scenarioVehicle, v.analytic);
  const loss = num(v.metrics.loss_ratio?.mean);
  // A scenario with no 容错 limit cannot breach one: say so rather than report a reassuring 0%.
  if (limit === null && v.scenarioVehicle !== undefined && p === 0)
    return {
      section: `vehicle-${v.id}`,
      tone: "warn",
      text: sentence(w, [w.t("verdict.noLimit", { subject: v.id, loss: formatValue(loss, "ratio", w.lang) })]),
      judged: [{ metric: `${v.id}.tolerance_breach`, p, se, tone: "warn" }],
    };
  const j = judge(w, `${v.id}.tolerance_breach`, p, targets);
  const why =
    j.tone === "good"
      ? []
      : [
          limit !== null && loss !== null
            ? w.t("verdict.lossVsLimit", {
                loss: formatValue(loss, "ratio", w.lang),
                limit: formatValue(limit, "ratio", w.lang),
              })
            : null,
          stageDrivers(w, v),
        ];
  const head = w.t("verdict.breach", {
    subject: v.id,
    limit: limit === null ? "" : w.t("verdict.limit", { value: formatValue(limit, "ratio", w.lang) }),
    p: pctPm(w, p, se),
  });
  return {
    section: `vehicle-${v.id}`,
    tone: j.tone,
    text: sentence(w, [`${head} — ${j.clause}`, ...why]),
    judged: [{ metric: `${v.id}.tolerance_breach`, p, se, tone: j.tone }],
  };
}

function poolVerdict(w: Words, v: VerdictVehicle, targets: readonly TargetResult[]): Verdict | null {
  const parts: string[] = [];
  const judged: Verdict["judged"] = [];
  const ex = v.metrics.pool_exhausted;
  const pEx = num(ex?.mean);
  if (pEx !== null) {
    const j = judge(w, `${v.id}.pool_exhausted`, pEx, targets);
    const head = w.t("verdict.exhausted", { subject: v.id, p: pctPm(w, pEx, num(ex?.se)) });
    parts.push(`${head} — ${j.clause}`);
    const year = num(v.metrics.exhaustion_year?.p50);
    if (j.tone !== "good" && year !== null) parts.push(w.t("verdict.exhaustionYear", { year: Math.round(year) }));
    judged.push({ metric: `${v.id}.pool_exhausted`, p: pEx, se: num(ex?.se), tone: j.tone });
  }
  const br = v.metrics.breaker_tripped;
  const pBr = num(br?.mean);
  if (pBr !== null) {
    const j = judge(w, `${v.id}.breaker_tripped`, pBr, targets);
    const head = w.t("verdict.breaker", { p: pctPm(w, pBr, num(br?.se)) });
    parts.push(`${pEx === null ? `${v.id}: ` : ""}${head} — ${j.clause}`);
    judged.push({ metric: `${v.id}.breaker_tripped`, p: pBr, se: num(br?.se), tone: j.tone });
  }
  if (judged.length === 0) return null;
  return {
    section: `vehicle-${v.id}`,
    tone: worst(judged.map((x) => x.tone)),
    text: sentence(w, parts),
    judged,
  };
}

function programmeVerdict(w: Words, metrics: Metrics, targets: readonly TargetResult[]): Verdict | null {
  const parts: string[] = [];
  const judged: Verdict["judged"] = [];
  const subject = w.t("section.programme");
  for (const [name, key] of [
    ["any_tolerance_breach", "verdict.anyBreach"],
    ["any_breach_or_pool_exhausted", "verdict.anyBreachOrExhausted"],
  ] as const) {
    const m = metrics[name];
    const p = num(m?.mean);
    if (p === null) continue;
    const j = judge(w, `programme.${name}`, p, targets);
    const text = w.t(key, { subject, p: pctPm(w, p, num(m?.se)) });
    parts.push(`${parts.length === 0 && key !== "verdict.anyBreach" ? `${subject}: ` : ""}${text} — ${j.clause}`);
    judged.push({ metric: `programme.${name}`, p, se: num(m?.se), tone: j.tone });
  }
  if (judged.length === 0) return null;
  return { section: "programme", tone: worst(judged.map((x) => x.tone)), text: sentence(w, parts), judged };
}

/**
 * The verdicts of a run: one per vehicle whose kind has a policy limit, then the programme's when the run has more
 * than one vehicle (with one, the programme repeats the vehicle).
 */
export function verdicts(
  w: Words,
  vehicles: readonly VerdictVehicle[],
  programme: Metrics | undefined,
  targets: readonly TargetResult[],
): Verdict[] {
  const out: Verdict[] = [];
  for (const v of vehicles) {
    const verdict = v.kind === "risk_pool" ? poolVerdict(w, v, targets) : fundVerdict(w, v, targets);
    if (verdict) out.push(verdict);
  }
  if (vehicles.length > 1 && programme) {
    const p = programmeVerdict(w, programme, targets);
    if (p) out.push(p);
  }
  return out;
}
