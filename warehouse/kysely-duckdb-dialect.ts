import type { DuckDBInstance } from '@duckdb/node-api';
import {
  PostgresQueryCompiler,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
} from 'kysely';
import { DuckDBAdapter } from './duckdb-adapter.ts';
import { DuckDBDriver } from './duckdb-driver.ts';
import { DuckDBIntrospector } from './duckdb-introspector.ts';

export interface DuckDBDialectConfig {
  /** The one instance of the database file (see duckdb-instance.ts). */
  readonly instance: DuckDBInstance;
  /** Names the database in error messages, usually its file path. */
  readonly label: string;
  /** Whether the instance was opened read-only (turns DuckDB's refusal into a clear error). */
  readonly readOnly: boolean;
  /** Idle connections kept for reuse. Default 4. */
  readonly maxIdleConnections?: number;
}

/**
 * Kysely over @duckdb/node-api. DuckDB speaks Postgres-flavoured SQL, so Postgres's query
 * compiler fits as it is ("quoted" identifiers, $1 placeholders); the driver, adapter and
 * introspector are DuckDB's own. Value mapping: see duckdb-parameters.ts and duckdb-result-values.ts.
 */
export class DuckDBDialect implements Dialect {
  readonly #config: DuckDBDialectConfig;

  constructor(config: DuckDBDialectConfig) {
    this.#config = Object.freeze({ ...config });
  }

  createDriver(): Driver {
    return new DuckDBDriver(this.#config);
  }

  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new DuckDBAdapter(this.#config.instance);
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new DuckDBIntrospector(db);
  }
}
