/**
 * A JSON body parser that refuses deep nesting before parsing. Scenarios are a few levels deep; a body of a million
 * brackets would otherwise reach recursive code (cloning, hashing, error messages) and overflow the stack. It is
 * the only body parser: anything but application/json is answered 415.
 */
import type { FastifyInstance } from "fastify";
import { GfsimError } from "../errors.ts";

export const MAX_JSON_DEPTH = 64;

/** Deepest nesting of objects and arrays in JSON text (strings skipped); linear, no recursion. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) max = Math.max(max, ++depth);
    else if (c === 125 || c === 93) depth--;
  }
  return max;
}

export function installJsonParser(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser("error", "ignore");
  // JSON only: a text/plain body is answered 415, not parsed as a string.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("application/json", { parseAs: "string" }, (request, body, done) => {
    if (jsonDepth(body as string) > MAX_JSON_DEPTH) {
      done(
        new GfsimError("INVALID_REQUEST", `the request body is nested more than ${MAX_JSON_DEPTH} levels deep`, [
          { path: "", message: `at most ${MAX_JSON_DEPTH} levels of objects and lists` },
        ]),
        undefined,
      );
      return;
    }
    parse(request, body as string, done);
  });
}
