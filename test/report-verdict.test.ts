/**
 * The verdict at the top of every report: the policy limit (容错, exhaustion, 熔断) is judged whether or not a
 * target names it — by the target when there is one, by "more than half of the paths" when there is none — and a
 * failed limit names what drives it (the stage limits breached most). The targets badge is never green while a
 * verdict fails.
 */
import { describe, expect, it } from "vitest";
import { renderSummary } from "../src/cli/summary.ts";
import { buildReportModel, renderHtml, renderMarkdown } from "../src/report/index.ts";
import type { Result } from "../src/run/result.ts";
import { indicator, normal, SYNTHETIC_SCENARIO, syntheticResult } from "./report-fixture.ts";

/** The synthetic result with the fund's P(breach) set and its stage buckets filled in. */
function withBreach(p: number, targets: Result["targets"] = []): Result {
  const r = syntheticResult();
  Object.assign(r.vehicles.fund!.metrics, {
    tolerance_breach: indicator(p),
    loss_ratio: normal(0.46, 0.05),
    loss_ratio_lab: normal(0.55, 0.05),
    loss_ratio_pilot: normal(0.58, 0.05),
    loss_ratio_growth: normal(0.41, 0.05),
    tolerance_breach_lab: indicator(0.08),
    tolerance_breach_pilot: indicator(0.77),
    tolerance_breach_growth: indicator(0.82),
  });
  r.targets = targets;
  return r;
}

const fundVerdict = (r: Result, lang: "zh" | "en" = "en") =>
  buildReportModel(r, lang, { scenario: SYNTHETIC_SCENARIO }).verdicts.find((v) => v.section === "vehicle-fund")!;

describe("the verdict", () => {
  it("P(breach) above 50% with no target: bad, with the number, its se and the stage limits breached most", () => {
    const v = fundVerdict(withBreach(0.852));
    expect(v.tone).toBe("bad");
    // 0.852 ± sqrt(0.852·0.148/400) = 1.8%
    expect(v.text).toContain("85.2% ± 1.8%");
    expect(v.text).toContain("容错 limit (40.0%)");
    expect(v.text).toContain("more than half of the paths");
    // The two stage limits breached most, worst first, each with its limit (the scenario gives none: practice).
    expect(v.text).toMatch(/Growth \(limit 30\.0%, breached on 82\.0%.*Pilot \(limit 50\.0%, breached on 77\.0%/);
    expect(v.text).not.toContain("Lab result (");
    expect(v.text).toContain("mean loss ratio 46.0% against the fund limit 40.0%");
  });

  it("P(breach) above its target: bad and says the target is not met, in both languages", () => {
    const target = { metric: "fund.tolerance_breach.mean", op: "<=" as const, value: 0.1, actual: 0.3, pass: false };
    const r = withBreach(0.3, [target]);
    const en = fundVerdict(r);
    expect(en.tone).toBe("bad");
    expect(en.text).toContain("target ≤ 10.0% NOT met");
    expect(en.text).toContain("Growth (limit 30.0%");
    const zh = fundVerdict(r, "zh");
    expect(zh.text).toContain("目标 ≤ 10.0% 未达标");
    expect(zh.text).toContain("产业化（上限 30.0%");
  });

  it("a low P(breach) with no target is good and names no driver; between 10% and 50% it warns", () => {
    const low = fundVerdict(withBreach(0.04));
    expect(low.tone).toBe("good");
    expect(low.text).not.toContain("driven by");
    expect(fundVerdict(withBreach(0.2)).tone).toBe("warn");
  });

  it("every target met but P(breach) > 50%: the badge is not green and says why", async () => {
    const target = { metric: "fund.tvpi.p50", op: ">=" as const, value: 1.2, actual: 1.55, pass: true };
    const r = withBreach(0.852, [target]);
    const model = buildReportModel(r, "en", { scenario: SYNTHETIC_SCENARIO });
    expect(model.targets.allPass).toBe(true);
    expect(model.targets.tone).toBe("warn");
    expect(model.targets.summary).toContain("but a policy limit fails");
    const html = await renderHtml(r, "en", { scenario: SYNTHETIC_SCENARIO });
    expect(html).not.toContain('class="badge good"');
    expect(html).toContain('class="badge warn"');
    // The verdict is the first section of the page, coloured by its tone.
    expect(html.indexOf('id="verdict"')).toBeLessThan(html.indexOf('id="facts"'));
    expect(html).toMatch(/<li class="verdict bad" data-section="vehicle-fund">fund: the 容错 limit/);
    expect(renderMarkdown(r, "en")).toMatch(/## Verdict\n\n- ❌ fund: the 容错 limit/);
  });

  it("a pool's exhaustion and 熔断 are judged, and the programme's any-breach when there are several vehicles", () => {
    const r = syntheticResult();
    const model = buildReportModel(r, "en");
    const pool = model.verdicts.find((v) => v.section === "vehicle-pool")!;
    // pool_exhausted 3.1% against its target ≤ 5% (met); 熔断 12% with no target (a warning).
    expect(pool.text).toContain("exhausted) on 3.1% ± 0.87% of paths — target ≤ 5.0% met");
    expect(pool.text).toContain("熔断 (circuit breaker) trips on 12.0% ± 1.6% of paths — no target set");
    expect(pool.tone).toBe("warn");
    const prog = model.verdicts.find((v) => v.section === "programme")!;
    expect(prog.text).toContain("at least one vehicle breaches its 容错 limit on 8.5% ± 1.4%");
    expect(prog.tone).toBe("good");
  });

  it("the terminal summary opens with the verdicts, in the language asked for", () => {
    const r = withBreach(0.852);
    const en = renderSummary(r, { scenario: SYNTHETIC_SCENARIO }).split("\n");
    expect(en[2]).toMatch(/^✗ fund: the 容错 limit \(40\.0%\) is breached on 85\.2% ± 1\.8% of paths/);
    const zh = renderSummary(r, { lang: "zh", scenario: SYNTHETIC_SCENARIO });
    expect(zh).toContain("✗ fund：85.2% ± 1.8% 的路径突破容错上限（40.0%）");
  });
});
