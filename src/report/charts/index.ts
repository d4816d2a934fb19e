/**
 * Chart inputs as tagged plain data, and the one dispatcher from an input to its vega-lite spec. The report model
 * holds `ChartInput`s; only this module knows which builder draws which kind.
 */
import type { TopLevelSpec } from "vega-lite";
import { type BarInput, barChart, type YearLinesInput, yearLinesChart } from "./bars.ts";
import {
  type CompareInput,
  compareChart,
  type SizingInput,
  type SweepInput,
  sizingChart,
  sweepChart,
} from "./extras.ts";
import { type FanInput, fanChart } from "./fan.ts";
import { type QuantileInput, quantileChart } from "./quantiles.ts";

export type ChartInput =
  | { id: string; type: "fan"; input: FanInput }
  | { id: string; type: "quantiles"; input: QuantileInput }
  | { id: string; type: "bars"; input: BarInput }
  | { id: string; type: "yearLines"; input: YearLinesInput }
  | { id: string; type: "sweep"; input: SweepInput }
  | { id: string; type: "compare"; input: CompareInput }
  | { id: string; type: "sizing"; input: SizingInput };

export function chartSpec(chart: ChartInput): TopLevelSpec {
  switch (chart.type) {
    case "fan":
      return fanChart(chart.input);
    case "quantiles":
      return quantileChart(chart.input);
    case "bars":
      return barChart(chart.input);
    case "yearLines":
      return yearLinesChart(chart.input);
    case "sweep":
      return sweepChart(chart.input);
    case "compare":
      return compareChart(chart.input);
    case "sizing":
      return sizingChart(chart.input);
  }
}

export type { BarInput, CompareInput, FanInput, QuantileInput, SizingInput, SweepInput, YearLinesInput };
