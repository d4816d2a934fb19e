/**
 * Optional bearer-token check for every route but the workbench's static shell (`GET /` and `GET /workbench/*`:
 * the page and its scripts, which hold no data), so a browser can open the page and enter the token there. Both
 * sides are hashed first so the comparison is constant-time and independent of the token's length.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import { GfsimError } from "../errors.ts";

function digest(s: string): Buffer {
  return createHash("sha256").update(s, "utf8").digest();
}

export function tokenMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? "");
  // Compare even when the header is malformed, so timing does not tell the two cases apart.
  const ok = timingSafeEqual(digest(m?.[1] ?? ""), digest(token));
  return ok && m !== null;
}

/** Routes anyone may fetch: the workbench page and its static files, and the liveness and readiness probes. */
const PUBLIC_ROUTES = new Set(["/", "/workbench/*", "/healthz", "/readyz"]);

export function isPublic(request: FastifyRequest): boolean {
  return (request.method === "GET" || request.method === "HEAD") && PUBLIC_ROUTES.has(request.routeOptions.url ?? "");
}

export function bearerAuth(token: string) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    if (isPublic(request)) return;
    if (!tokenMatches(request.headers.authorization, token))
      throw new GfsimError(
        "UNAUTHORIZED",
        request.headers.authorization
          ? "the bearer token is not valid"
          : "this server requires a bearer token (Authorization: Bearer <token>)",
      );
  };
}
