import { closeSync, fsyncSync, openSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';

/** Flushes a file (or folder entry list) to disk, so a rename never publishes data still in the page cache. */
export function fsyncPath(target: string): void {
  let fd: number;
  try {
    fd = openSync(target, 'r');
  } catch (error) {
    // Some platforms cannot open a folder for syncing; the rename is still atomic there.
    if (isCode(error, 'EISDIR') || isCode(error, 'EPERM')) return;
    throw error;
  }
  try {
    fsyncSync(fd);
  } catch (error) {
    if (!isCode(error, 'EINVAL') && !isCode(error, 'EBADF')) throw error;
  } finally {
    closeSync(fd);
  }
}

/** Removes files or folders, ignoring those already gone; used to leave no temp file behind. */
export function removeQuietly(...targets: string[]): void {
  for (const target of targets) rmSync(target, { recursive: true, force: true });
}

/** Entries of `dir` whose names start with `prefix`. */
export function entriesStartingWith(dir: string, prefix: string): string[] {
  return readdirSync(dir).filter((name) => name.startsWith(prefix)).map((name) => path.join(dir, name));
}

/**
 * Whether a temp name stamped `<marker><pid>-…` belongs to another process that is still running
 * (its publish is under way); a name of this process or of a process that is gone is a leftover.
 */
export function ownedByAnotherLiveProcess(name: string, marker: string): boolean {
  const pid = Number(/^(\d+)-/.exec(name.slice(marker.length))?.[1]);
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return isCode(error, 'EPERM');
  }
}

function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}
