import { chmodSync, existsSync, mkdirSync, realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

/** The in-memory pseudo path: never shared, every open is a new empty database. */
export const IN_MEMORY = ':memory:';

export interface InstanceOptions {
  readonly readOnly: boolean;
}

/** One user's hold on a shared instance; `release` closes the instance after its last user. */
export interface InstanceLease {
  readonly instance: DuckDBInstance;
  /** The resolved file path (or `:memory:`). */
  readonly path: string;
  readonly readOnly: boolean;
  release(): void;
}

interface RegistryEntry {
  readonly readOnly: boolean;
  readonly ready: Promise<DuckDBInstance>;
  users: number;
}

/**
 * The single DuckDB instance per database file in this process. Two instances on one file
 * both open without complaint and then silently lose each other's writes, so every file
 * open in the project goes through `acquireInstance`, which hands out the same instance.
 */
const registry = new Map<string, RegistryEntry>();

export async function acquireInstance(path: string, options: InstanceOptions): Promise<InstanceLease> {
  if (path === IN_MEMORY) return leaseInMemory(options);
  const key = resolveDatabasePath(path);
  const entry = registryEntryFor(key, options);
  entry.users += 1; // counted before awaiting, so a concurrent release cannot close it under us
  let instance: DuckDBInstance;
  try {
    instance = await entry.ready;
  } catch (error) {
    entry.users -= 1;
    throw error;
  }
  return createLease(instance, key, options.readOnly, () => releaseEntry(key, entry));
}

/** How many users hold the instance of this file (0 when it is closed); for diagnostics and tests. */
export function instanceUsers(path: string): number {
  return registry.get(resolveDatabasePath(path))?.users ?? 0;
}

function registryEntryFor(key: string, options: InstanceOptions): RegistryEntry {
  const existing = registry.get(key);
  if (existing) {
    if (existing.readOnly !== options.readOnly) throw modeConflictError(key, existing.readOnly);
    return existing;
  }
  const entry: RegistryEntry = { readOnly: options.readOnly, ready: openFile(key, options.readOnly), users: 0 };
  registry.set(key, entry);
  entry.ready.catch(() => {
    if (registry.get(key) === entry) registry.delete(key);
  });
  return entry;
}

function releaseEntry(key: string, entry: RegistryEntry): void {
  entry.users -= 1;
  if (entry.users > 0) return;
  if (registry.get(key) === entry) registry.delete(key);
  // A lease exists only after `ready` resolved, so this settles at once.
  void entry.ready.then((instance) => instance.closeSync());
}

async function leaseInMemory(options: InstanceOptions): Promise<InstanceLease> {
  if (options.readOnly) throw new Error('An in-memory warehouse cannot be opened read-only: it would always be empty.');
  // Each in-memory database is private to its opener, so there is nothing to share.
  // eslint-disable-next-line no-restricted-syntax -- this module owns every DuckDB instance
  const instance = await DuckDBInstance.create(IN_MEMORY);
  return createLease(instance, IN_MEMORY, false, () => instance.closeSync());
}

function createLease(instance: DuckDBInstance, path: string, readOnly: boolean, close: () => void): InstanceLease {
  let released = false;
  return {
    instance,
    path,
    readOnly,
    release() {
      if (released) return;
      released = true;
      close();
    },
  };
}

async function openFile(path: string, readOnly: boolean): Promise<DuckDBInstance> {
  if (readOnly) return openExistingReadOnly(path);
  const isNew = !existsSync(path);
  // Warehouse files hold customer and billing data: only the owner may read them. DuckDB creates the
  // write-ahead log and its spill folder later, under the process umask, so the umask is narrowed for
  // the rest of the process (files meant for others, like the published copy, are chmod-ed explicitly).
  process.umask(process.umask() | 0o077);
  if (isNew) mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const instance = await createInstance(path, {});
  if (isNew) chmodSync(path, 0o600);
  return instance;
}

async function openExistingReadOnly(path: string): Promise<DuckDBInstance> {
  if (!existsSync(path)) {
    throw new Error(
      `Cannot open the warehouse ${path} read-only: the file does not exist. Check the path, or run the pipeline once to create it.`,
    );
  }
  return createInstance(path, { access_mode: 'READ_ONLY' });
}

async function createInstance(path: string, config: Record<string, string>): Promise<DuckDBInstance> {
  try {
    // eslint-disable-next-line no-restricted-syntax -- this module owns every DuckDB instance
    return await DuckDBInstance.create(path, config);
  } catch (error) {
    throw openError(path, error);
  }
}

function openError(path: string, error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  if (message.includes('Could not set lock')) {
    return new Error(
      `Cannot open the warehouse ${path}: another process holds it (${message}). ` +
        'Close that program (an SQL tool opened on the file also locks it) or point analysts at the published copy, then retry.',
      { cause: error },
    );
  }
  return new Error(`Cannot open the warehouse ${path}: ${message}`, { cause: error });
}

function modeConflictError(path: string, openReadOnly: boolean): Error {
  const current = openReadOnly ? 'read-only' : 'read-write';
  const requested = openReadOnly ? 'read-write' : 'read-only';
  return new Error(
    `Cannot open the warehouse ${path} ${requested}: this process already has it open ${current}, ` +
      'and DuckDB allows one configuration per file per process. Close the other handle first, or reuse it.',
  );
}

/** The registry key: absolute, with symlinks resolved, so two spellings of one file share an instance. */
function resolveDatabasePath(path: string): string {
  const absolute = resolve(path);
  if (existsSync(absolute)) return realpathSync(absolute);
  const parent = dirname(absolute);
  return existsSync(parent) ? join(realpathSync(parent), basename(absolute)) : absolute;
}
