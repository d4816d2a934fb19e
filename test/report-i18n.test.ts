/**
 * The report's dictionaries and number formats: Chinese and English have the same keys and placeholders, the
 * policy terms appear in both, and money is written in 万元/亿元 or ¥ M/¥ B with the digits worked out by hand.
 */
import { describe, expect, it } from "vitest";
import { formatMoney, formatSe, formatValue, moneyScale, unitOf } from "../src/report/format.ts";
import { DICTIONARIES, metricLabel, t } from "../src/report/i18n.ts";

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("dictionaries", () => {
  it("zh and en have the same keys, none empty, with the same placeholders", () => {
    const zh = DICTIONARIES.zh;
    const en = DICTIONARIES.en;
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(en[key].trim(), key).not.toBe("");
      expect(zh[key].trim(), key).not.toBe("");
      expect(placeholders(zh[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it("keep the policy terms 容错, 补转投, 让利 and 熔断 in both languages", () => {
    for (const lang of ["zh", "en"] as const) {
      const all = Object.values(DICTIONARIES[lang]).join("\n");
      for (const term of ["容错", "补转投", "让利", "熔断"]) expect(all, `${lang} ${term}`).toContain(term);
    }
    expect(metricLabel("en", "tolerance_breach")).toBe("P(breach of 容错)");
    expect(metricLabel("en", "breaker_tripped")).toBe("P(熔断 tripped)");
  });

  it("fill placeholders and label unknown or staged metrics", () => {
    expect(t("en", "target.summary", { pass: 2, total: 3 })).toBe("2 of 3 targets met");
    expect(t("zh", "target.summary", { pass: 2, total: 3 })).toBe("3 个目标中 2 个达标");
    expect(metricLabel("zh", "reached_poc")).toBe("到达概念验证");
    expect(metricLabel("en", "loss_ratio_pilot")).toBe("Loss ratio, Pilot entries");
    expect(metricLabel("en", "a_metric_nobody_named")).toBe("a_metric_nobody_named");
  });
});

describe("number formats", () => {
  it("write money in 万元/亿元 (zh) and ¥ M/¥ B (en)", () => {
    // 2e9 yuan = 20 亿元 = ¥2 B; 3.1e6 yuan = 310 万元 = ¥3.1 M.
    expect(formatMoney(2e9, "zh")).toBe("20.0 亿元");
    expect(formatMoney(2e9, "en")).toBe("¥2.00 B");
    expect(formatMoney(3.1e6, "zh")).toBe("310.0 万元");
    expect(formatMoney(3.1e6, "en")).toBe("¥3.10 M");
    expect(formatMoney(-4.2e8, "zh")).toBe("-4.20 亿元");
    expect(moneyScale(9.99e7, "zh")).toEqual({ divisor: 1e4, unit: "万元" });
    expect(moneyScale(1e8, "zh")).toEqual({ divisor: 1e8, unit: "亿元" });
    expect(moneyScale(9.99e8, "en")).toEqual({ divisor: 1e6, unit: "¥ M" });
  });

  it("write rates, probabilities, multiples, counts and undefined values", () => {
    expect(formatValue(0.0831, "rate", "en")).toBe("8.3%");
    expect(formatValue(0.0004, "probability", "zh")).toBe("0.04%");
    expect(formatValue(1.6666, "multiple", "en")).toBe("1.67×");
    expect(formatValue(1234.5, "count", "en")).toBe("1,235");
    expect(formatValue(null, "money", "zh")).toBe("—");
    // Two significant figures for standard errors: 0.00123 → 0.0012; 0.0312% → 0.031%.
    expect(formatSe(0.00123, "multiple", "en")).toBe("0.0012×");
    expect(formatSe(0.000312, "probability", "en")).toBe("0.031%");
    // A money se has its own scale: ¥2 B ± ¥12 M, not ± ¥0.01 B.
    expect(formatSe(1.2e7, "money", "en")).toBe("¥12.0 M");
    expect(formatSe(1.2e7, "money", "zh")).toBe("1,200.0 万元");
  });

  it("takes units from the metric catalogue; an unknown name is a plain number", () => {
    const cases: [string, string][] = [
      ["tvpi", "multiple"],
      ["gov_irr_no_concession", "rate"],
      ["loss_ratio_pilot", "ratio"],
      ["tolerance_breach_lab", "probability"],
      ["bank_breaker_tripped", "probability"],
      ["grants_paid", "money"],
      ["grants_count", "count"],
      ["compensation_by_year", "money"],
      ["defaults_by_year", "count"],
      ["breach_year", "year"],
      ["fiscal_peak_exposure", "money"],
      ["mobilised_per_fiscal_yuan", "multiple"],
      ["follow_ons_skipped", "count"],
      ["something_new_ratio", "number"],
    ];
    for (const [name, unit] of cases) expect(unitOf(name), name).toBe(unit);
  });
});
