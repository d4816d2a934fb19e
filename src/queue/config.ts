/**
 * Where the block queue lives: a Redis URL (`redis://` or `rediss://` for TLS, `/DB` selects a database) plus a
 * queue name, so several deployments can share one Redis. The password comes from the URL or from
 * `GFSIM_QUEUE_PASSWORD`; it is kept out of every message and log line (`display` is the URL without it).
 */
import { GfsimError } from "../errors.ts";

/** Plain data (passed to worker threads as is). */
export interface QueueConfig {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  tls: boolean;
  /** Queue name: one per deployment (`--queue-name`, `GFSIM_QUEUE_NAME`). */
  name: string;
  /** The URL as it may be shown: no password. */
  display: string;
}

export const DEFAULT_QUEUE_NAME = "gfsim";

export interface QueueSource {
  /** `--queue` (else `GFSIM_QUEUE`). */
  url?: string | undefined;
  /** `--queue-name` (else `GFSIM_QUEUE_NAME`, else `gfsim`). */
  name?: string | undefined;
  /** Environment to read (default: `process.env`). */
  env?: NodeJS.ProcessEnv;
}

const NAME = /^[A-Za-z0-9_.-]{1,64}$/;

function bad(path: string, message: string, value?: string): GfsimError {
  return new GfsimError("INVALID_ARGUMENT", `${path}: ${message}`, [
    { path, message, ...(value !== undefined && { value }) },
  ]);
}

/** The URL with its password replaced, for messages and logs. */
export function redactUrl(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^@/]*)@/i, (_m, scheme: string, auth: string) => {
    const colon = auth.indexOf(":");
    return `${scheme}${colon >= 0 ? `${auth.slice(0, colon)}:***` : "***"}@`;
  });
}

/**
 * The queue a command should use: `--queue`/`GFSIM_QUEUE` parsed and checked, or undefined when neither is set
 * (then nothing changes: blocks run in this process). Bad URLs are user errors naming the flag.
 */
export function queueConfig(source: QueueSource = {}): QueueConfig | undefined {
  const env = source.env ?? process.env;
  const fromFlag = source.url !== undefined;
  const text = source.url ?? env.GFSIM_QUEUE;
  if (text === undefined || text.trim() === "") {
    if (fromFlag) throw bad("--queue", "expected redis://HOST:PORT[/DB] or rediss://…", "");
    if (source.name !== undefined) throw bad("--queue-name", "needs --queue (or GFSIM_QUEUE)", source.name);
    return undefined;
  }
  const where = fromFlag ? "--queue" : "GFSIM_QUEUE";
  const shown = redactUrl(text.trim());
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw bad(where, "not a URL; expected redis://HOST:PORT[/DB] or rediss://HOST:PORT[/DB]", shown);
  }
  if (url.protocol !== "redis:" && url.protocol !== "rediss:")
    throw bad(where, `the scheme must be redis:// or rediss:// (TLS), not ${url.protocol}//`, shown);
  if (url.hostname === "") throw bad(where, "no host; expected redis://HOST:PORT[/DB]", shown);
  const port = url.port === "" ? 6379 : Number(url.port);
  const dbText = url.pathname.replace(/^\//, "");
  const db = dbText === "" ? 0 : Number(dbText);
  if (!/^\d{0,2}$/.test(dbText) || !Number.isInteger(db) || db < 0 || db > 15)
    throw bad(where, "the database (the path after the port) must be a number in [0, 15]", shown);
  if (url.search !== "" || url.hash !== "")
    throw bad(where, "no query or fragment is read; give the password in the URL or GFSIM_QUEUE_PASSWORD", shown);
  const name = source.name ?? (env.GFSIM_QUEUE_NAME || DEFAULT_QUEUE_NAME);
  if (!NAME.test(name))
    throw bad(
      source.name !== undefined ? "--queue-name" : "GFSIM_QUEUE_NAME",
      "1 to 64 letters, digits, '_', '.' or '-'",
      name,
    );
  const password = url.password !== "" ? decodeURIComponent(url.password) : env.GFSIM_QUEUE_PASSWORD || undefined;
  const username = url.username !== "" ? decodeURIComponent(url.username) : undefined;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const hostPart = url.hostname;
  return {
    host,
    port,
    db,
    ...(username !== undefined && { username }),
    ...(password !== undefined && { password }),
    tls: url.protocol === "rediss:",
    name,
    display: `${url.protocol}//${username !== undefined ? `${username}@` : ""}${hostPart}:${port}/${db}`,
  };
}
