/**
 * Turns zod issues into `Problem`s that name the field path, the bad value and the allowed range — the one place
 * validation messages are worded (MODEL.md, non-negotiable 3).
 */
import type { z } from "zod";
import type { Problem } from "../errors.ts";
import { getAt } from "./paths.ts";

type Path = readonly PropertyKey[];

export function formatPath(path: Path): string {
  let out = "";
  for (const k of path) {
    if (typeof k === "number") out += `[${k}]`;
    else if (typeof k === "string" && /^[A-Za-z_][\w]*$/.test(k)) out += out ? `.${k}` : k;
    else out += `[${JSON.stringify(String(k))}]`;
  }
  return out;
}

export { getAt };

function describeType(v: unknown): string {
  if (v === null) return "null";
  if (typeof v === "number" && !Number.isFinite(v)) return String(v);
  if (Array.isArray(v)) return "list";
  return typeof v;
}

/** The allowed range of a zod issue, as a phrase. */
function allowed(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "too_big": {
      const max = Number(issue.maximum);
      const what = issue.origin === "array" ? "entries" : issue.origin === "string" ? "characters" : "";
      return `must be ${issue.inclusive ? "≤" : "<"} ${max}${what ? ` ${what}` : ""}`;
    }
    case "too_small": {
      const min = Number(issue.minimum);
      const what = issue.origin === "array" ? "entries" : issue.origin === "string" ? "characters" : "";
      return `must be ${issue.inclusive ? "≥" : ">"} ${min}${what ? ` ${what}` : ""}`;
    }
    case "invalid_type":
      return `expected ${issue.expected}`;
    case "invalid_value":
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "not_multiple_of":
      return `must be a multiple of ${issue.divisor}`;
    default:
      return issue.message;
  }
}

/** Converts one zod error into problems, digging into unions to the branch that matches the input's shape. */
export function zodProblems(error: z.core.$ZodError, input: unknown, prefix: Path = []): Problem[] {
  const out: Problem[] = [];
  const visit = (issues: readonly z.core.$ZodIssue[], base: Path) => {
    for (const issue of issues) {
      const path = [...base, ...issue.path];
      const value = getAt(input, path);
      if (issue.code === "invalid_union" && issue.errors.length > 0) {
        // Pick the branch whose issues are fewest among those that are not a plain type mismatch at the root.
        const branches = issue.errors.filter(
          (b) => !(b.length === 1 && b[0]!.code === "invalid_type" && b[0]!.path.length === 0),
        );
        if (branches.length > 0) {
          const best = branches.reduce((a, b) => (b.length < a.length ? b : a));
          visit(best, path);
          continue;
        }
        out.push({
          path: formatPath([...prefix, ...path]),
          message: `${describeType(value)} is not accepted here — expected a number or {dist: ...}`,
          value,
        });
        continue;
      }
      if (issue.code === "unrecognized_keys") {
        for (const key of issue.keys) {
          out.push({
            path: formatPath([...prefix, ...path, key]),
            message: "unknown field",
            value: getAt(input, [...path, key]),
          });
        }
        continue;
      }
      if (issue.code === "invalid_type" && value === undefined) {
        out.push({ path: formatPath([...prefix, ...path]), message: `required field is missing (${allowed(issue)})` });
        continue;
      }
      if (issue.code === "invalid_union" && "discriminator" in issue) {
        out.push({ path: formatPath([...prefix, ...path]), message: issue.message, value });
        continue;
      }
      const nonFinite = typeof value === "number" && !Number.isFinite(value);
      const detail = nonFinite
        ? `${describeType(value)} is not a finite number (expected a finite number)`
        : issue.code === "invalid_type"
          ? `got ${describeType(value)}, ${allowed(issue)}`
          : allowed(issue);
      out.push({ path: formatPath([...prefix, ...path]), message: detail, value });
    }
  };
  visit(error.issues, []);
  return out;
}
