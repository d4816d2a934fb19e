/** A progress bar on stderr for runs longer than a second, only on a terminal. */
import { SingleBar } from "cli-progress";

export function startProgress(): { update: (done: number) => void; stop: () => void } | undefined {
  if (!process.stderr.isTTY) return undefined;
  const started = Date.now();
  let bar: SingleBar | undefined;
  return {
    update(done: number) {
      if (!bar && Date.now() - started > 1000) {
        bar = new SingleBar({
          stream: process.stderr,
          format: "  {bar} {percentage}% | {eta}s left",
          hideCursor: true,
        });
        bar.start(100, 0);
      }
      bar?.update(Math.round(done * 100));
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}
