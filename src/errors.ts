/**
 * The error catalogue: every error a user can cause has a stable code, a message, an HTTP status and a CLI exit
 * code. Adapters (CLI, API) render `GfsimError`s; anything else reaching them is an internal fault.
 */

/** One problem found in user input: where, what was there, and what is allowed. */
export interface Problem {
  /** Field path as in the file, e.g. `vehicles[0].lifecycle.stages[1].advance`. */
  path: string;
  message: string;
  /** The offending value, when there is one. */
  value?: unknown;
}

export const ERRORS = {
  INVALID_SCENARIO: { status: 400, exit: 2, message: "The scenario is not valid" },
  PARSE_ERROR: { status: 400, exit: 2, message: "The file could not be parsed" },
  SCENARIO_NOT_FOUND: { status: 404, exit: 2, message: "Scenario not found" },
  INVALID_OVERRIDE: { status: 400, exit: 2, message: "An override (--set) is not valid" },
  INVALID_ARGUMENT: { status: 400, exit: 2, message: "An argument is not valid" },
  INVALID_REQUEST: { status: 400, exit: 2, message: "The request is not valid" },
  UNAUTHORIZED: { status: 401, exit: 2, message: "A valid bearer token is required" },
  FORBIDDEN: { status: 403, exit: 2, message: "This request is not allowed" },
  NOT_FOUND: { status: 404, exit: 2, message: "Not found" },
  REQUEST_TIMEOUT: { status: 408, exit: 2, message: "The request did not arrive in time" },
  CONFLICT: { status: 409, exit: 2, message: "The resource is not in a state that allows this" },
  CANCELLED: { status: 409, exit: 130, message: "The run was cancelled" },
  PAYLOAD_TOO_LARGE: { status: 413, exit: 2, message: "The request body is too large" },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, exit: 2, message: "The request body must be application/json" },
  RANGE_NOT_SATISFIABLE: { status: 416, exit: 2, message: "The requested range is not satisfiable" },
  QUEUE_FULL: { status: 429, exit: 2, message: "The run queue is full; retry later" },
  HEADERS_TOO_LARGE: { status: 431, exit: 2, message: "The request line or headers are too large" },
  SHUTTING_DOWN: { status: 503, exit: 3, message: "The server is shutting down" },
  QUEUE_UNAVAILABLE: { status: 503, exit: 2, message: "The job queue (Redis) cannot be reached" },
  RUN_FAILED: { status: 500, exit: 3, message: "The run failed" },
  TIMEOUT: { status: 504, exit: 3, message: "The run exceeded its time limit" },
  INTERRUPTED: { status: 503, exit: 3, message: "interrupted by server restart" },
  NOT_IMPLEMENTED: { status: 501, exit: 3, message: "Not implemented in this build" },
  INTERNAL: { status: 500, exit: 70, message: "Internal error" },
} as const;

export type ErrorCode = keyof typeof ERRORS;

export class GfsimError extends Error {
  readonly code: ErrorCode;
  readonly problems: Problem[];
  constructor(code: ErrorCode, message?: string, problems: Problem[] = []) {
    super(message ?? ERRORS[code].message);
    this.name = "GfsimError";
    this.code = code;
    this.problems = problems;
  }
  get status(): number {
    return ERRORS[this.code].status;
  }
  get exitCode(): number {
    return ERRORS[this.code].exit;
  }
}

/** Short, single-line rendering of a value for messages. */
export function showValue(v: unknown): string {
  if (v === undefined) return "(missing)";
  if (typeof v === "string") return JSON.stringify(v);
  // JSON would write NaN and ±Infinity as null.
  if (typeof v === "number" && !Number.isFinite(v)) return String(v);
  try {
    const s = JSON.stringify(v);
    return s.length > 80 ? `${s.slice(0, 77)}...` : s;
  } catch {
    return String(v);
  }
}

/** Human rendering of a problem list, one per line. */
export function formatProblems(problems: Problem[]): string {
  return problems
    .map((p) => `  - ${p.path || "(top level)"}: ${p.message}${"value" in p ? ` (got ${showValue(p.value)})` : ""}`)
    .join("\n");
}
