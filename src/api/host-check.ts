/**
 * Host check for a server without a token: only requests whose `Host` names this machine's loopback (or a name the
 * operator added with `--allowed-hosts`, e.g. a reverse proxy's) are served. Without it a web page in the user's
 * browser could rebind its own DNS name to 127.0.0.1 and read results or submit jobs (DNS rebinding); the browser
 * still sends that page's name as `Host`, which this refuses with 403 FORBIDDEN.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { GfsimError } from "../errors.ts";

/** Host names that always mean this machine. */
export const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "::1"] as const;

/** The host name of a `Host` header, lower-cased, without port or IPv6 brackets (undefined when absent). */
export function hostName(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const h = header.trim().toLowerCase();
  const v6 = /^\[([^\]]+)\](?::\d*)?$/.exec(h);
  if (v6) return v6[1];
  return h.replace(/:\d*$/, "").replace(/\.$/, "");
}

/** Whether a host name is loopback (`localhost`, `*.localhost`, 127.0.0.0/8, ::1) or one of `allowed`. */
export function hostAllowed(name: string, allowed: readonly string[]): boolean {
  if ((LOOPBACK_HOSTS as readonly string[]).includes(name) || name.endsWith(".localhost")) return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)) return true;
  return allowed.some((a) => a.toLowerCase() === name);
}

export function hostCheck(allowed: readonly string[]) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const name = hostName(request.headers.host);
    // A request without Host (HTTP/1.0 tools) cannot come from a browser page; browsers always send it.
    if (name === undefined || hostAllowed(name, allowed)) return;
    throw new GfsimError("FORBIDDEN", `host "${name}" is not served without a token`, [
      {
        path: "headers.host",
        message:
          "without a token only loopback host names are accepted (localhost, 127.0.0.1, ::1); add names with --allowed-hosts or set a token",
        value: name,
      },
    ]);
  };
}
