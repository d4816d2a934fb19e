/** `--lang` defaults from the locale the user set (LC_ALL, then LC_MESSAGES, then LANG), as POSIX orders them. */
import { describe, expect, it } from "vitest";
import { langFromEnv } from "../src/cli/lang.ts";

describe("langFromEnv", () => {
  it.each([
    [{}, "en"],
    [{ LANG: "zh_CN.UTF-8" }, "zh"],
    [{ LANG: "zh" }, "zh"],
    [{ LANG: "zh_TW.Big5" }, "zh"],
    [{ LANG: "en_US.UTF-8" }, "en"],
    [{ LANG: "C.UTF-8" }, "en"],
    [{ LANG: "zhx" }, "en"],
    [{ LANG: "en_US.UTF-8", LC_ALL: "zh_CN.UTF-8" }, "zh"],
    [{ LANG: "zh_CN.UTF-8", LC_ALL: "C" }, "en"],
    [{ LANG: "en_US.UTF-8", LC_MESSAGES: "zh_CN.UTF-8" }, "zh"],
    [{ LANG: "zh_CN.UTF-8", LC_ALL: "" }, "zh"],
  ] as [Record<string, string>, string][])("%o → %s", (env, lang) => {
    expect(langFromEnv(env)).toBe(lang);
  });
});
