/**
 * Headless Chromium for the browser tests (Debian's `chromium`, driven by playwright-core). Without it the browser
 * parts are skipped locally with a warning; in CI (`CI` set) they run and fail instead, so CI never passes by
 * skipping them.
 */
import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";
export const chromiumAvailable = existsSync(CHROMIUM);
/** Run the browser tests: Chromium is installed, or this is CI. */
export const runBrowserTests = chromiumAvailable || Boolean(process.env.CI);

/** Flags for a sandboxed machine with no outside network: no first-run, sync, update or background calls. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
