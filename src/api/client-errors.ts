/**
 * Errors the HTTP parser raises before a request reaches fastify — a malformed request line (400), a request line or
 * headers over the size limit (431), a request that has not fully arrived within the request timeout (408) —
 * answered on the raw socket in the API's one error shape, then the connection is closed.
 */
import { STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import { type ErrorCode, GfsimError } from "../errors.ts";
import { errorDetail } from "./http-errors.ts";

function codeOf(err: NodeJS.ErrnoException): [ErrorCode, string] {
  if (err.code === "ERR_HTTP_REQUEST_TIMEOUT")
    return ["REQUEST_TIMEOUT", "the request did not arrive completely within the server's request timeout"];
  if (err.code === "HPE_HEADER_OVERFLOW")
    return ["HEADERS_TOO_LARGE", "the request line and headers are larger than this server accepts"];
  return ["INVALID_REQUEST", "the request is not valid HTTP"];
}

/** The raw HTTP/1.1 response for a client error, in the error shape. */
export function clientErrorResponse(err: NodeJS.ErrnoException): string {
  const [code, message] = codeOf(err);
  const e = new GfsimError(code, message);
  const body = JSON.stringify({ error: errorDetail(e) });
  return [
    `HTTP/1.1 ${e.status} ${STATUS_CODES[e.status]}`,
    `content-type: application/json; charset=utf-8`,
    `content-length: ${Buffer.byteLength(body)}`,
    "connection: close",
    "",
    body,
  ].join("\r\n");
}

/** fastify's `clientErrorHandler`: answers unless the peer is gone or a response is already under way. */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === "ECONNRESET" || socket.destroyed) return;
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && !inFlight?.headersSent) socket.write(clientErrorResponse(err));
  socket.destroy(err);
}
