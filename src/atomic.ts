/**
 * Atomic file writes for the CLI and the reports: a temporary file in the same directory, then a rename, so a
 * reader never sees half a file and a finished run's output is never lost to an interrupted write. Output paths
 * the user named can be checked before any work (`checkOutputPath`): a path that cannot be written — under a file
 * (`/dev/null/x`), in a read-only or virtual tree (`/proc/1/x`), without permission — fails at once, naming the flag
 * and the path, with exit 2. Directories are created one level at a time from the nearest existing one, never by a
 * recursive mkdir that can loop on such trees.
 */
import { closeSync, mkdirSync, openSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { GfsimError } from "./errors.ts";

let counter = 0;

const WHY: Record<string, string> = {
  ENOENT: "a directory on the way does not exist and cannot be created",
  ENOTDIR: "a part of the path is a file, not a directory",
  EACCES: "permission denied",
  EPERM: "not permitted",
  EROFS: "read-only file system",
  EISDIR: "it is a directory",
  ENAMETOOLONG: "the name is too long",
  ENOSPC: "no space left on the device",
  EEXIST: "a file is in the way",
};

/** An errno failure on a user-named output path as a user error (exit 2); anything else is rethrown. */
function outputError(e: unknown, path: string, flag: string | undefined): never {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (typeof code !== "string") throw e;
  const where = flag ?? path;
  throw new GfsimError("INVALID_ARGUMENT", `cannot write ${flag ? `${flag} ` : ""}"${path}" (${code})`, [
    { path: where, message: `${code}: ${WHY[code] ?? "cannot be written"}; expected a writable path`, value: path },
  ]);
}

/**
 * Creates `dir` and its missing parents, one level at a time from the nearest existing ancestor; returns the
 * directories it created, outermost first.
 */
function ensureDir(dir: string): string[] {
  const missing: string[] = [];
  let cur = resolve(dir);
  for (;;) {
    let st: ReturnType<typeof statSync> | undefined;
    try {
      st = statSync(cur);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    }
    if (st) {
      if (!st.isDirectory()) throw Object.assign(new Error(`${cur} is not a directory`), { code: "ENOTDIR" });
      break;
    }
    missing.push(cur);
    const up = dirname(cur);
    if (up === cur) break;
    cur = up;
  }
  const created: string[] = [];
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
      created.push(d);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
  }
  return created;
}

/**
 * Checks before any work that `path` can be written (`kind: "file"`) or files created in it (`"dir"`): creates the
 * directory, then creates and removes a probe file, and removes again the directories it created, so a check that
 * fails — or a command refused later for another reason — leaves nothing behind. Throws INVALID_ARGUMENT naming
 * `flag` and the path.
 */
export function checkOutputPath(path: string, flag: string, kind: "file" | "dir" = "file"): void {
  const dir = kind === "dir" ? path : dirname(path);
  const probe = `${resolve(dir)}/.gfsim-write-check.${process.pid}.${++counter}.tmp`;
  let created: string[] = [];
  try {
    created = ensureDir(dir);
    if (kind === "file") {
      let st: ReturnType<typeof statSync> | undefined;
      try {
        st = statSync(path);
      } catch {}
      if (st?.isDirectory()) throw Object.assign(new Error(`${path} is a directory`), { code: "EISDIR" });
    }
    closeSync(openSync(probe, "wx"));
    rmSync(probe, { force: true });
  } catch (e) {
    outputError(e, path, flag);
  } finally {
    for (const d of created.reverse())
      try {
        rmdirSync(d);
      } catch {
        // Another process wrote into it meanwhile: it stays.
      }
  }
}

export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.${process.pid}.${++counter}.tmp`;
  try {
    ensureDir(dirname(path));
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // The temporary file could not even be looked at (e.g. its directory is a file): nothing to remove.
    }
    outputError(e, path, undefined);
  }
}
