/**
 * The API's one error shape, `{error: {code, message, issues: [{path, message}]}}`, and the mapping of everything
 * that can go wrong in a request — our `GfsimError`s, fastify's body/URL errors, schema validation — onto codes of
 * the catalogue in `src/errors.ts`. Only a fault of ours answers 500.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { ERRORS, type ErrorCode, GfsimError, type Problem, showValue } from "../errors.ts";

export interface Issue {
  path: string;
  message: string;
}

export interface ErrorDetail {
  code: ErrorCode;
  message: string;
  issues: Issue[];
}

export interface ErrorBody {
  error: ErrorDetail;
}

/** Problems as API issues; the offending value goes into the message as on the terminal. */
export function toIssues(problems: readonly Problem[]): Issue[] {
  return problems.map((p) => ({
    path: p.path,
    message: "value" in p && p.value !== undefined ? `${p.message} (got ${safeShow(p.value)})` : p.message,
  }));
}

/** `showValue` that cannot throw (its fallback stringifies recursively too). */
function safeShow(v: unknown): string {
  try {
    return showValue(v);
  } catch {
    return Array.isArray(v) ? "a list" : `a value of type ${typeof v}`;
  }
}

export function errorDetail(e: GfsimError): ErrorDetail {
  return { code: e.code, message: e.message, issues: toIssues(e.problems) };
}

/** Rewrites problem paths to name where they sit in the request (`scenario.vehicles[0].reserves`). */
export function withPrefix(e: GfsimError, prefix: string): GfsimError {
  const problems = e.problems.map((p) => ({ ...p, path: p.path ? `${prefix}.${p.path}` : prefix }));
  return new GfsimError(e.code, e.message, problems);
}

/** Fastify's own error codes that are the client's doing, with how we word them. */
const FASTIFY_CODES: Record<string, [ErrorCode, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: ["PAYLOAD_TOO_LARGE", "the request body is larger than this server accepts"],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ["UNSUPPORTED_MEDIA_TYPE", "send the body as application/json"],
  FST_ERR_CTP_INVALID_JSON_BODY: ["PARSE_ERROR", "the request body is not valid JSON"],
  FST_ERR_CTP_EMPTY_JSON_BODY: ["INVALID_REQUEST", "the request body is empty; a JSON object is expected"],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ["INVALID_REQUEST", "the Content-Length header does not match the body"],
  FST_ERR_BAD_URL: ["INVALID_REQUEST", "the URL is not valid (bad percent-encoding)"],
  FST_ERR_MAX_PARAM_LENGTH: ["INVALID_REQUEST", "a URL parameter is too long"],
  FST_ERR_ASYNC_CONSTRAINT: ["INVALID_REQUEST", "the request could not be routed"],
};

/** Other client errors raised by plugins (static files: 403 for a path outside the root, 416 for a bad range). */
const BY_STATUS: Record<number, ErrorCode> = {
  400: "INVALID_REQUEST",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  408: "REQUEST_TIMEOUT",
  413: "PAYLOAD_TOO_LARGE",
  415: "UNSUPPORTED_MEDIA_TYPE",
  416: "RANGE_NOT_SATISFIABLE",
  431: "HEADERS_TOO_LARGE",
};

/** A plugin's client error (an http-errors style `status`/`statusCode` in 400..499) as a catalogue error. */
function clientErrorOf(fe: { status?: unknown; statusCode?: unknown }): GfsimError | undefined {
  const status = Number(fe.statusCode ?? fe.status);
  if (!Number.isInteger(status) || status < 400 || status > 499) return undefined;
  const code = BY_STATUS[status] ?? "INVALID_REQUEST";
  return new GfsimError(code, status === 403 ? "this path is not allowed" : ERRORS[code].message);
}

const WHERE: Record<string, [prefix: string, name: string]> = {
  body: ["", "request body"],
  params: ["", "path parameters"],
  querystring: ["", "query string"],
  headers: ["headers", "request headers"],
};

/** Any error → a catalogue error; `internal` is true when it is our fault (to be logged). */
export function classify(err: unknown): { error: GfsimError; internal: boolean } {
  if (err instanceof GfsimError) return { error: err, internal: false };
  const fe = err as Partial<FastifyError> & { problems?: Problem[]; validationContext?: string };
  if (fe && typeof fe === "object" && Array.isArray(fe.validation)) {
    const problems: Problem[] =
      fe.problems ??
      fe.validation.map((v) => ({
        path: String(v.instancePath ?? "")
          .replace(/^\//, "")
          .replaceAll("/", "."),
        message: String(v.message),
      }));
    const [prefix, name] = WHERE[fe.validationContext ?? ""] ?? ["", "request"];
    const e = new GfsimError("INVALID_REQUEST", `the ${name} ${name.endsWith("s") ? "are" : "is"} not valid`, problems);
    return { error: prefix ? withPrefix(e, prefix) : e, internal: false };
  }
  const mapped = fe?.code ? FASTIFY_CODES[fe.code] : undefined;
  if (mapped) return { error: new GfsimError(mapped[0], mapped[1]), internal: false };
  const client = fe && typeof fe === "object" ? clientErrorOf(fe as { status?: unknown }) : undefined;
  if (client) return { error: client, internal: false };
  return { error: new GfsimError("INTERNAL"), internal: true };
}

/** Sends the error shape (pre-serialised, so no response schema can turn an error into a 500). */
export function sendError(reply: FastifyReply, e: GfsimError, headers: Record<string, string> = {}): FastifyReply {
  const body: ErrorBody = { error: errorDetail(e) };
  for (const [k, v] of Object.entries(headers)) reply.header(k, v);
  return reply.code(ERRORS[e.code].status).type("application/json; charset=utf-8").send(JSON.stringify(body));
}

/** Fastify error handler: every error in the stable shape. */
export function errorHandler(retryAfter: () => number) {
  return (err: unknown, request: FastifyRequest, reply: FastifyReply) => {
    try {
      const { error, internal } = classify(err);
      if (internal) request.log.error({ err }, "internal error");
      const headers: Record<string, string> = {};
      if (error.code === "QUEUE_FULL") headers["retry-after"] = String(retryAfter());
      if (error.code === "UNAUTHORIZED") headers["www-authenticate"] = 'Bearer realm="gfsim"';
      return sendError(reply, error, headers);
    } catch (e) {
      request.log.error({ err: e }, "error handler failed");
      return sendError(reply, new GfsimError("INTERNAL"));
    }
  };
}
