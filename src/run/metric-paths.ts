/**
 * Checking metric paths `<vehicle id|programme>.<metric>.<statistic>` — target metrics and sweep columns — against
 * the metrics a scenario's engines will produce, before any path is simulated. One checker for `run`, `sweep` and
 * `compare`, so a path one of them accepts the others accept too (a vehicle's run-level metrics included, e.g. a
 * risk pool's `compensation_es95`).
 */
import type { Problem } from "../errors.ts";
import type { Target } from "../scenario/schema.ts";
import { STATISTICS } from "../stats/summary.ts";
import { PROGRAMME_METRICS } from "./programme-metrics.ts";

/** What a vehicle's engine says about its metrics (a `VehicleEngine` has these). */
export interface MetricNames {
  id: string;
  scalarNames: readonly string[];
  extraMetricNames?: readonly string[];
}

/** Problems with `paths` for vehicles `vehicles`; problem i is at `${where}[i]${suffix}`. */
export function metricPathProblems(
  paths: readonly string[],
  vehicles: readonly MetricNames[],
  where: string,
  suffix = "",
): Problem[] {
  return paths.flatMap((p, i) => {
    const at = `${where}[${i}]${suffix}`;
    const problem = (message: string): Problem[] => [{ path: at, message, value: p }];
    const [id, metric, stat, extra] = p.split(".");
    if (!id || !metric || !stat || extra !== undefined)
      return problem("metric paths are <vehicle id>.<metric>.<statistic>, e.g. fund.tvpi.mean");
    if (!(STATISTICS as readonly string[]).includes(stat))
      return problem(`unknown statistic "${stat}"; use one of ${STATISTICS.join(", ")}`);
    if (id === "programme")
      return (PROGRAMME_METRICS as readonly string[]).includes(metric)
        ? []
        : problem(`the programme has no metric "${metric}"; it has ${PROGRAMME_METRICS.join(", ")}`);
    const v = vehicles.find((x) => x.id === id);
    if (!v) return problem(`no vehicle "${id}"; ids are ${[...vehicles.map((x) => x.id), "programme"].join(", ")}`);
    const names = [...v.scalarNames, ...(v.extraMetricNames ?? [])];
    return names.includes(metric)
      ? []
      : problem(`vehicle "${id}" has no metric "${metric}"; it has ${names.join(", ")}`);
  });
}

/** Problems with targets' metric paths; problem i is at `${where}[i].metric`. */
export function targetProblems(targets: readonly Target[], vehicles: readonly MetricNames[], where: string): Problem[] {
  return metricPathProblems(
    targets.map((t) => t.metric),
    vehicles,
    where,
    ".metric",
  );
}
