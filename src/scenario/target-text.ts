/**
 * Targets written as text — `pool.pool_exhausted.mean<=0.05` — as the CLI's `--target` and the library API take
 * them; the schema refuses a value that is not a finite number.
 */
import { GfsimError } from "../errors.ts";
import { Target } from "./schema.ts";

/** Parses `pool.pool_exhausted.mean<=0.05` into a target. */
export function parseTarget(text: string): Target {
  const m = /^\s*([\w.-]+)\s*(<=|>=|==|!=|<|>)\s*(-?[\d.eE+-]+)\s*$/.exec(text);
  const parsed = m ? Target.safeParse({ metric: m[1], op: m[2], value: Number(m[3]) }) : undefined;
  if (!parsed?.success)
    throw new GfsimError(
      "INVALID_ARGUMENT",
      `--target expects <vehicle>.<metric>.<statistic><op><number>, e.g. 'pool.pool_exhausted.mean<=0.05'; got "${text}"`,
      [{ path: "--target", message: "bad target syntax", value: text }],
    );
  return parsed.data;
}
