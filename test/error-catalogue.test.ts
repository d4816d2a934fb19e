/**
 * The error catalogue is a contract: codes, HTTP statuses and exit codes are pinned here, so adding, removing or
 * renumbering one is a visible decision (and docs/api.md lists every code: test/api-openapi.test.ts).
 */
import { expect, it } from "vitest";
import { ERRORS } from "../src/errors.ts";

it("the catalogue: every code with its HTTP status and CLI exit code", () => {
  const table = Object.fromEntries(Object.entries(ERRORS).map(([code, e]) => [code, [e.status, e.exit]]));
  expect(table).toEqual({
    INVALID_SCENARIO: [400, 2],
    PARSE_ERROR: [400, 2],
    SCENARIO_NOT_FOUND: [404, 2],
    INVALID_OVERRIDE: [400, 2],
    INVALID_ARGUMENT: [400, 2],
    INVALID_REQUEST: [400, 2],
    UNAUTHORIZED: [401, 2],
    FORBIDDEN: [403, 2],
    NOT_FOUND: [404, 2],
    REQUEST_TIMEOUT: [408, 2],
    CONFLICT: [409, 2],
    CANCELLED: [409, 130],
    PAYLOAD_TOO_LARGE: [413, 2],
    UNSUPPORTED_MEDIA_TYPE: [415, 2],
    RANGE_NOT_SATISFIABLE: [416, 2],
    QUEUE_FULL: [429, 2],
    HEADERS_TOO_LARGE: [431, 2],
    SHUTTING_DOWN: [503, 3],
    NOT_READY: [503, 3],
    QUEUE_UNAVAILABLE: [503, 2],
    RUN_FAILED: [500, 3],
    TIMEOUT: [504, 3],
    INTERRUPTED: [503, 3],
    NOT_IMPLEMENTED: [501, 3],
    INTERNAL: [500, 70],
  });
});

it("user errors are 4xx and exit 2; only faults of ours and job outcomes are 5xx", () => {
  for (const [code, e] of Object.entries(ERRORS)) {
    if (e.status < 500) expect(e.exit === 2 || code === "CANCELLED", code).toBe(true);
    // An unreachable Redis the user pointed the command at is their setting to fix: exit 2.
    else if (code !== "QUEUE_UNAVAILABLE") expect(e.exit, code).toBeGreaterThanOrEqual(3);
    expect(e.message.length, code).toBeGreaterThan(0);
  }
});
