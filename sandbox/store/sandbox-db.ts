import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';

export type SqlParam = string | number | boolean | bigint | null;
export type Row = Record<string, unknown>;

/**
 * The sandbox's own in-memory DuckDB: the state of the three emulated systems.
 * Every statement runs through one queue, so a multi-statement unit of work (`exclusive`)
 * is never interleaved with another request's statements. Dates are passed as ISO strings
 * and cast in SQL (`?::TIMESTAMP`), because DuckDB cannot infer a type for a JS Date.
 */
export class SandboxDb {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly instance: DuckDBInstance;
  private readonly connection: DuckDBConnection;

  private constructor(instance: DuckDBInstance, connection: DuckDBConnection) {
    this.instance = instance;
    this.connection = connection;
  }

  static async open(): Promise<SandboxDb> {
    // An in-memory database owned by the sandbox alone; the warehouse module owns file databases.
    // eslint-disable-next-line no-restricted-syntax
    const instance = await DuckDBInstance.create(':memory:');
    return new SandboxDb(instance, await instance.connect());
  }

  /** Runs `work` with the connection to itself: nothing else touches the database meanwhile. */
  exclusive<T>(work: (tx: SandboxTx) => Promise<T>): Promise<T> {
    const next = this.queue.then(() => work(new SandboxTx(this.connection)));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Rows as plain JS objects (DECIMAL → number, TIMESTAMP/DATE → Date, BIGINT → bigint). */
  all<T extends Row = Row>(sql: string, params: SqlParam[] = []): Promise<T[]> {
    return this.exclusive((tx) => tx.all<T>(sql, params));
  }

  run(sql: string, params: SqlParam[] = []): Promise<void> {
    return this.exclusive((tx) => tx.run(sql, params));
  }

  /** Runs `work` inside BEGIN/COMMIT, rolling back if it throws. */
  transaction<T>(work: (tx: SandboxTx) => Promise<T>): Promise<T> {
    return this.exclusive(async (tx) => {
      await tx.run('BEGIN TRANSACTION');
      try {
        const result = await work(tx);
        await tx.run('COMMIT');
        return result;
      } catch (error) {
        await tx.run('ROLLBACK');
        throw error;
      }
    });
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/** The connection as seen inside `exclusive` / `transaction`. */
export class SandboxTx {
  readonly connection: DuckDBConnection;

  constructor(connection: DuckDBConnection) {
    this.connection = connection;
  }

  async all<T extends Row = Row>(sql: string, params: SqlParam[] = []): Promise<T[]> {
    const reader = await this.connection.runAndReadAll(sql, params as DuckDBValue[]);
    return reader.getRowObjectsJS() as T[];
  }

  /** Rows with JSON-safe values: DECIMAL, BIGINT and timestamps as strings (exact). */
  async allJson<T extends Row = Row>(sql: string, params: SqlParam[] = []): Promise<T[]> {
    const reader = await this.connection.runAndReadAll(sql, params as DuckDBValue[]);
    return reader.getRowObjectsJson() as T[];
  }

  async run(sql: string, params: SqlParam[] = []): Promise<void> {
    await this.connection.run(sql, params as DuckDBValue[]);
  }
}

/** Quotes an identifier for DuckDB (field names keep their case: `"BillingCountry"`). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
