/**
 * How numbers are written in their unit: money in 万元/亿元 (zh) or ¥ M/¥ B (en), ratios, rates and probabilities in
 * percent, multiples with ×. A metric's unit comes from the metric catalogue (`src/run/catalogue.ts`); a name the
 * catalogue does not know (e.g. from an older result file) is written as a plain number.
 */
import type { MetricUnit } from "../engine/metric.ts";
import { metricByName, statUnit } from "../run/catalogue.ts";
import type { Lang } from "./i18n.ts";

export type Unit = MetricUnit | "number";

/** The unit of a metric (or series) by name, from the catalogue. */
export function unitOf(metric: string): Unit {
  return metricByName(metric)?.unit ?? "number";
}

/**
 * Unit of a metric path `<id>.<metric>.<stat>` (targets, sweep columns, comparison rows) or `<id>.<metric>`: the
 * metric's unit, except the share of defined paths (a ratio) and the path count `n`.
 */
export function pathUnit(path: string): Unit {
  const [, metric, stat] = path.split(".");
  const spec = metricByName(metric ?? "");
  return spec ? statUnit(spec.unit, stat) : stat === "defined" ? "ratio" : "number";
}

export interface MoneyScale {
  divisor: number;
  unit: string;
}

/** The money unit for numbers up to `maxAbs` yuan: 亿元 from ¥100M in Chinese, ¥ B from ¥1B in English. */
export function moneyScale(maxAbs: number, lang: Lang): MoneyScale {
  if (lang === "zh") return maxAbs >= 1e8 ? { divisor: 1e8, unit: "亿元" } : { divisor: 1e4, unit: "万元" };
  return maxAbs >= 1e9 ? { divisor: 1e9, unit: "¥ B" } : { divisor: 1e6, unit: "¥ M" };
}

function fixed(x: number, digits: number): string {
  return x.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Digits enough to show about three significant figures of a number of this size (at most `max`). */
function digitsFor(x: number, max: number): number {
  const a = Math.abs(x);
  if (a === 0 || a >= 100) return Math.min(max, 0);
  if (a >= 10) return Math.min(max, 1);
  if (a >= 1) return Math.min(max, 2);
  return max;
}

export function formatMoney(yuan: number, lang: Lang, scale = moneyScale(Math.abs(yuan), lang)): string {
  const x = yuan / scale.divisor;
  const s = fixed(x, Math.max(1, digitsFor(x, 2)));
  if (lang === "zh") return `${s} ${scale.unit}`;
  // The sign before the currency: -¥242.2 M, not ¥-242.2 M.
  return `${s.startsWith("-") ? "-" : ""}¥${s.replace(/^-/, "")} ${scale.unit.replace("¥ ", "")}`;
}

/** Writes a value in its unit; null (undefined on every path) is an em dash. */
export function formatValue(value: number | null | undefined, unit: Unit, lang: Lang, scale?: MoneyScale): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  switch (unit) {
    case "money":
      return formatMoney(value, lang, scale);
    case "multiple":
      return `${fixed(value, 2)}×`;
    case "rate":
    case "ratio":
    case "probability":
      return `${fixed(value * 100, Math.abs(value) < 0.001 && value !== 0 ? 2 : 1)}%`;
    case "count":
      return fixed(value, Math.abs(value) >= 100 ? 0 : 1);
    case "year":
      return fixed(value, 1);
    default:
      return fixed(value, digitsFor(value, 4));
  }
}

/** Decimals that show two significant figures of x (at most `max`). */
function twoSignificant(x: number, max: number): number {
  if (x === 0 || !Number.isFinite(x)) return 0;
  return Math.min(max, Math.max(0, 1 - Math.floor(Math.log10(Math.abs(x)))));
}

/** The standard error in the unit of its metric. */
export function formatSe(se: number | null | undefined, unit: Unit, lang: Lang): string {
  if (se === null || se === undefined || !Number.isFinite(se)) return "—";
  // Its own scale: "¥1.05 B ± ¥1.5 M" says more than "± ¥0.00 B".
  if (unit === "money") return formatMoney(se, lang);
  if (unit === "rate" || unit === "ratio" || unit === "probability")
    return `${fixed(se * 100, twoSignificant(se * 100, 3))}%`;
  if (unit === "multiple") return `${fixed(se, twoSignificant(se, 4))}×`;
  return fixed(se, twoSignificant(se, 4));
}

/** A d3-format string for chart axes and labels of a unit (money is scaled before charting). */
export function d3Format(unit: Unit): string {
  switch (unit) {
    // Enough digits that neighbouring ticks never print alike ("1.5 1.5 1.5"); trailing zeros dropped.
    case "rate":
    case "ratio":
    case "probability":
      return ".2~%";
    case "multiple":
      return ",.3~r";
    case "count":
      return ",.4~r";
    default:
      return ",.4~r";
  }
}
