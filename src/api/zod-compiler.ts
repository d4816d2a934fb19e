/**
 * Fastify validator compiler for zod schemas that words problems the way the rest of gfsim does (`zodProblems`:
 * field path, allowed range, the value that was there) instead of zod's default messages. Serialisation and the
 * OpenAPI transform come from fastify-type-provider-zod unchanged.
 */
import type { FastifySchemaCompiler } from "fastify";
import { safeParse, type z } from "zod";
import type { Problem } from "../errors.ts";
import { formatPath, getAt, zodProblems } from "../scenario/issues.ts";

export class RequestValidationError extends Error {
  /** Marks this as a validation error for the error handler (fastify's own convention). */
  readonly validation: unknown[] = [];
  readonly problems: Problem[];
  constructor(problems: Problem[]) {
    super("the request is not valid");
    this.problems = problems;
  }
}

type Issue = z.core.$ZodIssue;

/** A union none of whose branches accepts the input's type at all (e.g. `scenario: 42`). */
function isTypeMismatchUnion(issue: Issue): issue is z.core.$ZodIssueInvalidUnion {
  return (
    issue.code === "invalid_union" &&
    issue.errors.length > 0 &&
    issue.errors.every((b) => b.length === 1 && b[0]!.code === "invalid_type" && b[0]!.path.length === 0)
  );
}

const TYPE_NAMES: Record<string, string> = { record: "object" };

/** Problems of a request part; unions of types are worded here (zodProblems' wording is for distributions). */
export function requestProblems(error: z.core.$ZodError, data: unknown): Problem[] {
  const own: Problem[] = [];
  const rest: Issue[] = [];
  for (const issue of error.issues) {
    if (!isTypeMismatchUnion(issue)) {
      rest.push(issue);
      continue;
    }
    const expected = issue.errors.map((b) => {
      const t = String((b[0] as { expected?: unknown }).expected);
      return TYPE_NAMES[t] ?? t;
    });
    const value = getAt(data, issue.path);
    own.push(
      value === undefined
        ? { path: formatPath(issue.path), message: `required field is missing (expected ${expected.join(" or ")})` }
        : { path: formatPath(issue.path), message: `expected ${expected.join(" or ")}`, value },
    );
  }
  return [...own, ...zodProblems({ issues: rest } as z.core.$ZodError, data)];
}

export const validatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema }) =>
  (data: unknown) => {
    const r = safeParse(schema, data, { reportInput: true });
    if (r.success) return { value: r.data };
    return { error: new RequestValidationError(requestProblems(r.error, data)) };
  };
