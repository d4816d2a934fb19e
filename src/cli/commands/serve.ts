/**
 * `gfsim serve`: the HTTP API (docs/api.md). The only place that calls `listen`; the app itself is built by
 * `buildApp` so tests can drive it without a socket. `--print-openapi` writes the OpenAPI document instead
 * (committed as schema/openapi.json). fastify and its plugins are loaded only when this command runs, so the other
 * commands start fast. Options default from the environment a container sets (PORT, HOST, GFSIM_DATA,
 * GFSIM_LOG_LEVEL; GFSIM_API_TOKEN is read by the app), so an image needs no command-line flags.
 */
import type { Command } from "commander";
import { DEFAULTS, defaultThreads, LOG_LEVELS, type LogLevel, splitList } from "../../api/options.ts";
import { GfsimError } from "../../errors.ts";
import { queueConfig } from "../../queue/config.ts";
import { intOption } from "../io.ts";

interface ServeFlags {
  allowedHosts?: string;
  port: string;
  host: string;
  data: string;
  logLevel: string;
  threads?: string;
  maxQueue?: string;
  maxPaths?: string;
  timeLimit?: string;
  printOpenapi?: boolean;
  queue?: string;
  queueName?: string;
}

/** The defaults `serve` takes from the environment (an empty variable counts as unset). */
export function serveEnvDefaults(env: Record<string, string | undefined>): {
  port: string;
  host: string;
  data: string;
  logLevel: string;
} {
  const get = (name: string, fallback: string) => (env[name] ? env[name] : fallback);
  return {
    port: get("PORT", "8080"),
    host: get("HOST", "127.0.0.1"),
    data: get("GFSIM_DATA", "./data"),
    logLevel: get("GFSIM_LOG_LEVEL", "warn"),
  };
}

function parseLogLevel(text: string): LogLevel {
  if (!(LOG_LEVELS as readonly string[]).includes(text))
    throw new GfsimError("INVALID_ARGUMENT", `--log-level (GFSIM_LOG_LEVEL) must be one of ${LOG_LEVELS.join(", ")}`, [
      { path: "--log-level", message: `must be one of ${LOG_LEVELS.join(", ")}`, value: text },
    ]);
  return text as LogLevel;
}

export function registerServe(program: Command): void {
  const env = serveEnvDefaults(process.env);
  program
    .command("serve")
    .description("serve the HTTP API (runs as durable jobs; docs at /docs)")
    .option("--port <n>", "port (env PORT)", env.port)
    .option("--host <addr>", "address to listen on (env HOST)", env.host)
    .option("--data <dir>", "data directory for jobs and results (env GFSIM_DATA)", env.data)
    .option(
      "--log-level <level>",
      `log level (env GFSIM_LOG_LEVEL): ${LOG_LEVELS.join(", ")}; info logs every request`,
      env.logLevel,
    )
    .option("--threads <n>", `jobs computed at once (default ${defaultThreads()})`)
    .option("--max-queue <n>", `jobs waiting before 429 (default ${DEFAULTS.maxQueue})`)
    .option("--max-paths <n>", `largest path count per job (default ${DEFAULTS.maxPaths})`)
    .option("--time-limit <s>", `seconds one job may run (default ${DEFAULTS.timeLimitMs / 1000})`)
    .option("--queue <url>", "compute jobs' blocks on gfsim workers: redis://HOST:PORT[/DB] (default: GFSIM_QUEUE)")
    .option("--queue-name <name>", "queue of this deployment (default: GFSIM_QUEUE_NAME, else gfsim)")
    .option(
      "--allowed-hosts <names>",
      "without a token, host names served besides loopback, comma-separated (default: GFSIM_ALLOWED_HOSTS)",
    )
    .option("--print-openapi", "print the OpenAPI document and exit")
    .action(async (flags: ServeFlags) => {
      if (flags.printOpenapi) {
        const { openApiDocument, openApiText } = await import("../../api/openapi.ts");
        process.stdout.write(openApiText(await openApiDocument()));
        return;
      }
      const port = intOption("--port", flags.port, 0, 65535)!;
      const level = parseLogLevel(flags.logLevel);
      const threads = intOption("--threads", flags.threads, 1, 256);
      const maxQueue = intOption("--max-queue", flags.maxQueue, 0, 1_000_000);
      const maxPaths = intOption("--max-paths", flags.maxPaths, 1, 10_000_000);
      const timeLimit = intOption("--time-limit", flags.timeLimit, 1, 7 * 24 * 3600);
      const queue = queueConfig({ url: flags.queue, name: flags.queueName });
      const { buildApp } = await import("../../api/app.ts");
      const allowedHosts = flags.allowedHosts === undefined ? undefined : splitList(flags.allowedHosts);
      const app = await buildApp({
        dataDir: flags.data,
        ...(allowedHosts !== undefined && { allowedHosts }),
        logger: true,
        logLevel: level,
        ...(threads !== undefined && { threads }),
        ...(maxQueue !== undefined && { maxQueue }),
        ...(maxPaths !== undefined && { maxPaths }),
        ...(timeLimit !== undefined && { timeLimitMs: timeLimit * 1000 }),
        ...(queue && { queue }),
      });
      const shutdown = () => void app.close().then(() => process.exit(0));
      process.once("SIGINT", shutdown);
      process.once("SIGTERM", shutdown);
      const address = await app.listen({ port, host: flags.host });
      const url = new URL(address);
      if (url.hostname === "0.0.0.0" || url.hostname === "[::]") url.hostname = "127.0.0.1";
      process.stdout.write(`gfsim serve: open ${url.origin}/ in a browser (API docs at ${url.origin}/docs)\n`);
      if (queue) process.stderr.write(`jobs run on gfsim workers of queue "${queue.name}" at ${queue.display}\n`);
    });
}
