/**
 * The default report and terminal language: the locale the user already set, by POSIX precedence (LC_ALL, then
 * LC_MESSAGES, then LANG), Chinese for any `zh*` locale, English otherwise. `--lang` always wins.
 */
import type { Lang } from "../report/i18n.ts";

export function langFromEnv(env: Record<string, string | undefined>): Lang {
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v !== "") ?? "";
  return /^zh([_.@-]|$)/i.test(locale) ? "zh" : "en";
}

/** The `--lang` default of every command. */
export function defaultLang(): Lang {
  return langFromEnv(process.env);
}
