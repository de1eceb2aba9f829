import type { DuckDBInstance } from '@duckdb/node-api';
import type { DatabaseConnection, Driver, TransactionSettings } from 'kysely';
import { connectSession } from './duckdb-session.ts';
import { DuckDBKyselyConnection, type ConnectionLabel } from './duckdb-kysely-connection.ts';

export interface DuckDBDriverConfig extends ConnectionLabel {
  /** The one instance of the database file (see duckdb-instance.ts). */
  readonly instance: DuckDBInstance;
  /** Idle connections kept for reuse; more are closed on release. Default 4. */
  readonly maxIdleConnections?: number;
}

/**
 * Hands Kysely DuckDB connections. Connections are cheap in-process handles, so released ones
 * are kept and reused; a query or transaction that finds none idle opens a new one, which is
 * how a transaction gets a dedicated connection while other queries run beside it.
 */
export class DuckDBDriver implements Driver {
  readonly #config: DuckDBDriverConfig;
  readonly #idle: DuckDBKyselyConnection[] = [];
  readonly #open = new Set<DuckDBKyselyConnection>();
  #destroyed = false;

  constructor(config: DuckDBDriverConfig) {
    this.#config = Object.freeze({ ...config });
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    if (this.#destroyed) throw new Error(`The warehouse ${this.#config.label} is closed; open it again to query it.`);
    const idle = this.#idle.pop();
    if (idle) return idle;
    const connection = new DuckDBKyselyConnection(await connectSession(this.#config.instance), this.#config);
    this.#open.add(connection);
    return connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    await asDuckDB(connection).begin(beginStatement(settings));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await asDuckDB(connection).commit();
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await asDuckDB(connection).rollback();
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const duckdb = asDuckDB(connection);
    const keep = this.#config.maxIdleConnections ?? 4;
    if (!this.#destroyed && duckdb.reusable && this.#idle.length < keep) {
      this.#idle.push(duckdb);
      return;
    }
    this.#close(duckdb);
  }

  async destroy(): Promise<void> {
    this.#destroyed = true;
    this.#idle.length = 0;
    for (const connection of [...this.#open]) this.#close(connection);
  }

  #close(connection: DuckDBKyselyConnection): void {
    if (!this.#open.delete(connection)) return;
    connection.close();
  }
}

/** DuckDB runs every transaction with snapshot isolation; it can be read-only. */
function beginStatement(settings: TransactionSettings): string {
  const { isolationLevel, accessMode } = settings;
  if (isolationLevel && isolationLevel !== 'snapshot') {
    throw new Error(
      `DuckDB transactions always use snapshot isolation; isolation level '${isolationLevel}' cannot be set. Drop setIsolationLevel or use 'snapshot'.`,
    );
  }
  return accessMode === 'read only' ? 'begin transaction read only' : 'begin transaction';
}

function asDuckDB(connection: DatabaseConnection): DuckDBKyselyConnection {
  if (connection instanceof DuckDBKyselyConnection) return connection;
  throw new Error('The DuckDB driver was handed a connection it did not create.');
}
