import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import lockfile from 'proper-lockfile';

/** Exit code of a run that did not start because another run holds the warehouse (EX_TEMPFAIL). */
export const RUN_IN_PROGRESS_EXIT_CODE = 75;

/** The holder refreshes the lock every UPDATE_MS; a lock not refreshed for STALE_MS belongs to a dead holder. */
const STALE_MS = 30_000;
const UPDATE_MS = 10_000;
/** On this host a live pid keeps the lock, unless its lock went unrefreshed this long (the pid was reused). */
const PID_REUSE_MS = 10 * 60_000;

/** Who holds the run lock, as `<warehouse>.run.json` records it. */
export interface RunHolder {
  readonly pid: number;
  readonly host: string;
  readonly command: string;
  readonly runId?: string;
  /** When the holder took the lock (ISO 8601, UTC). */
  readonly since: string;
}

export interface RunLock {
  readonly warehousePath: string;
  readonly holder: RunHolder;
  /** Gives the warehouse back to the next run; safe to call twice. */
  release(): Promise<void>;
}

/** Another run is working on the same warehouse. */
export class RunInProgress extends Error {
  readonly holder: RunHolder | undefined;

  constructor(warehousePath: string, holder: RunHolder | undefined) {
    super(describeHolder(warehousePath, holder));
    this.name = 'RunInProgress';
    this.holder = holder;
  }
}

export function runLockPath(warehousePath: string): string {
  return `${warehousePath}.run.lock`;
}

export function runInfoPath(warehousePath: string): string {
  return `${warehousePath}.run.json`;
}

/**
 * Takes the warehouse for one run, across processes. Throws RunInProgress when a live process holds it.
 * A holder that died is taken over: at once when it ran on this host (its pid is gone), otherwise once
 * its lock has not been refreshed for 30 s.
 */
export async function acquireRunLock(warehousePath: string, info: { runId?: string; command: string }): Promise<RunLock> {
  const current = readHolder(warehousePath);
  if (current && current.host === hostname() && lockAgeMs(warehousePath) !== undefined) {
    // On this host the pid is the truth: a live holder keeps the lock even if a long pause left its mtime old.
    if (holdsOnThisHost(warehousePath, current)) throw new RunInProgress(warehousePath, current);
    removeDeadLock(warehousePath, current);
  }
  let unlock: () => Promise<void>;
  try {
    unlock = await lockfile.lock(warehousePath, {
      lockfilePath: runLockPath(warehousePath),
      realpath: false,
      stale: STALE_MS,
      update: UPDATE_MS,
      retries: 0,
      onCompromised: (error) => process.stderr.write(`closeloop: the run lock on ${warehousePath} was taken over by another process (${error.message}); this run carries on, but check that only one run works on the warehouse.\n`),
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOCKED') throw new RunInProgress(warehousePath, readHolder(warehousePath));
    throw error;
  }
  const holder: RunHolder = { pid: process.pid, host: hostname(), command: info.command, ...(info.runId ? { runId: info.runId } : {}), since: new Date().toISOString() };
  writeFileSync(runInfoPath(warehousePath), `${JSON.stringify(holder, null, 2)}\n`, { mode: 0o600 });
  return new HeldRunLock(warehousePath, holder, unlock);
}

/** Who holds the run lock now, or undefined when a new run could take it. */
export async function runLockHolder(warehousePath: string): Promise<RunHolder | undefined> {
  if (lockAgeMs(warehousePath) === undefined) return undefined;
  const holder = readHolder(warehousePath);
  if (holder && holder.host === hostname()) return holdsOnThisHost(warehousePath, holder) ? holder : undefined;
  const locked = await lockfile.check(warehousePath, { lockfilePath: runLockPath(warehousePath), realpath: false, stale: STALE_MS });
  if (!locked) return undefined;
  return holder ?? { pid: 0, host: 'unknown', command: 'unknown', since: lockTime(warehousePath) };
}

class HeldRunLock implements RunLock {
  readonly warehousePath: string;
  readonly holder: RunHolder;
  readonly #unlock: () => Promise<void>;
  readonly #onExit = (): void => this.#removeInfo();
  #released = false;

  constructor(warehousePath: string, holder: RunHolder, unlock: () => Promise<void>) {
    this.warehousePath = warehousePath;
    this.holder = holder;
    this.#unlock = unlock;
    // proper-lockfile removes its lock on exit; the info file beside it must go too.
    process.once('exit', this.#onExit);
  }

  async release(): Promise<void> {
    if (this.#released) return;
    this.#released = true;
    process.off('exit', this.#onExit);
    this.#removeInfo();
    try {
      await this.#unlock();
    } catch (error) {
      // Already taken over as stale, or removed by hand: the warehouse is free either way.
      if (!['ENOTACQUIRED', 'ERELEASED', 'ENOENT'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
    }
  }

  #removeInfo(): void {
    const current = readHolder(this.warehousePath);
    if (current?.pid === this.holder.pid && current.since === this.holder.since) rmSync(runInfoPath(this.warehousePath), { force: true });
  }
}

function readHolder(warehousePath: string): RunHolder | undefined {
  const file = runInfoPath(warehousePath);
  if (!existsSync(file)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<RunHolder>;
    if (typeof parsed.pid !== 'number' || typeof parsed.host !== 'string') return undefined;
    return { command: 'unknown', since: 'unknown', ...parsed } as RunHolder;
  } catch {
    return undefined; // half-written or damaged: fall back to the lock's own staleness
  }
}

/** Removes the lock of a holder that died on this host, unless someone else took it meanwhile. */
function removeDeadLock(warehousePath: string, dead: RunHolder): void {
  const again = readHolder(warehousePath);
  if (again?.pid !== dead.pid || again.since !== dead.since) return;
  rmSync(runLockPath(warehousePath), { recursive: true, force: true });
  rmSync(runInfoPath(warehousePath), { force: true });
}

function holdsOnThisHost(warehousePath: string, holder: RunHolder): boolean {
  return isAlive(holder.pid) && (lockAgeMs(warehousePath) ?? Infinity) < PID_REUSE_MS;
}

/** How long ago the holder last refreshed its lock; undefined when there is no lock. */
function lockAgeMs(warehousePath: string): number | undefined {
  try {
    return Date.now() - statSync(runLockPath(warehousePath)).mtime.getTime();
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, owned by another user
  }
}

function lockTime(warehousePath: string): string {
  try {
    return statSync(runLockPath(warehousePath)).mtime.toISOString();
  } catch {
    return 'unknown';
  }
}

function describeHolder(warehousePath: string, holder: RunHolder | undefined): string {
  if (!holder) {
    return `Another run is working on ${warehousePath} (its lock ${runLockPath(warehousePath)} is fresh, but it left no details). `
      + 'Wait for it to finish; a lock that is not refreshed for 30 seconds is taken over automatically.';
  }
  const who = `pid ${holder.pid} on ${holder.host}, \`${holder.command}\`${holder.runId ? ` (${holder.runId})` : ''}, since ${holder.since}`;
  const stop = holder.host === hostname() ? `stop it with SIGTERM (kill -TERM ${holder.pid})` : `stop it on ${holder.host} with SIGTERM (pid ${holder.pid})`;
  return `Another run is working on ${warehousePath}: ${who}. Wait for it to finish, or ${stop}; it finishes its current page and checkpoints.`;
}
