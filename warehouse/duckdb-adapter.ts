import type { DuckDBInstance } from '@duckdb/node-api';
import { DialectAdapterBase, type Kysely, type MigrationLockOptions } from 'kysely';
import { AsyncMutex } from './async-mutex.ts';

/** One migration lock per DuckDB instance, i.e. per database file in this process. */
const migrationLocks = new WeakMap<DuckDBInstance, AsyncMutex>();

/**
 * What DuckDB supports, for Kysely. DDL is transactional in DuckDB (a rolled-back CREATE TABLE
 * disappears), so the Migrator runs each migration batch in one transaction. The migration lock
 * only has to work within this process: DuckDB's file lock already keeps other processes out.
 */
export class DuckDBAdapter extends DialectAdapterBase {
  readonly #lock: AsyncMutex;

  constructor(instance: DuckDBInstance) {
    super();
    let lock = migrationLocks.get(instance);
    if (!lock) {
      lock = new AsyncMutex();
      migrationLocks.set(instance, lock);
    }
    this.#lock = lock;
  }

  override get supportsCreateIfNotExists(): boolean {
    return true;
  }

  override get supportsTransactionalDdl(): boolean {
    return true;
  }

  override get supportsReturning(): boolean {
    return true;
  }

  override async acquireMigrationLock(_db: Kysely<unknown>, _options: MigrationLockOptions): Promise<void> {
    await this.#lock.lock();
  }

  override async releaseMigrationLock(_db: Kysely<unknown>, _options: MigrationLockOptions): Promise<void> {
    this.#lock.unlock();
  }
}
