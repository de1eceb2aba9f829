import type { DuckDBConnection } from '@duckdb/node-api';
import { Kysely } from 'kysely';
import { acquireInstance, type InstanceLease } from './duckdb-instance.ts';
import { connectSession } from './duckdb-session.ts';
import { DuckDBDialect } from './kysely-duckdb-dialect.ts';
import type { WarehouseSchema } from './warehouse-schema.ts';

export interface OpenWarehouseOptions {
  /** Open an existing file for reading only; writes fail with a clear error. Default false. */
  readonly readOnly?: boolean;
}

/** An open warehouse: Kysely for queries and models, raw connections for bulk work. */
export interface Warehouse {
  /** The resolved file path, or ':memory:'. */
  readonly path: string;
  readonly readOnly: boolean;
  readonly db: Kysely<WarehouseSchema>;
  /**
   * A new raw @duckdb/node-api connection (UTC session) for what Kysely does not cover, such
   * as the Appender. Close it with `closeSync()` when done; `close()` closes any left open.
   */
  connection(): Promise<DuckDBConnection>;
  /** Runs `work` with a raw connection and closes it afterwards. */
  withConnection<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T>;
  /** Closes this handle; the file's DuckDB instance closes when its last handle does. */
  close(): Promise<void>;
}

/**
 * Opens the warehouse file (created, owner-only, if missing). Every handle on one file in this
 * process shares the same DuckDB instance, so writes through any of them are never lost.
 * Does not migrate: call migrateWarehouse(warehouse.db) where the schema must be current.
 */
export async function openWarehouse(path: string, options: OpenWarehouseOptions = {}): Promise<Warehouse> {
  const lease = await acquireInstance(path, { readOnly: options.readOnly ?? false });
  return new WarehouseHandle(lease);
}

class WarehouseHandle implements Warehouse {
  readonly db: Kysely<WarehouseSchema>;
  readonly #lease: InstanceLease;
  readonly #rawConnections = new Set<DuckDBConnection>();
  #closed = false;

  constructor(lease: InstanceLease) {
    this.#lease = lease;
    this.db = new Kysely<WarehouseSchema>({
      dialect: new DuckDBDialect({ instance: lease.instance, label: lease.path, readOnly: lease.readOnly }),
    });
  }

  get path(): string {
    return this.#lease.path;
  }

  get readOnly(): boolean {
    return this.#lease.readOnly;
  }

  async connection(): Promise<DuckDBConnection> {
    if (this.#closed) throw new Error(`The warehouse ${this.path} is closed; open it again for a connection.`);
    const connection = await connectSession(this.#lease.instance);
    this.#rawConnections.add(connection);
    return connection;
  }

  async withConnection<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    const connection = await this.connection();
    try {
      return await work(connection);
    } finally {
      this.#rawConnections.delete(connection);
      connection.closeSync();
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      await this.db.destroy();
    } finally {
      for (const connection of this.#rawConnections) connection.closeSync();
      this.#rawConnections.clear();
      this.#lease.release();
    }
  }
}
