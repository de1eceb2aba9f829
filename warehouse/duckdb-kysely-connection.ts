import {
  ResultReturnType,
  StatementType,
  type DuckDBConnection,
  type DuckDBMaterializedResult,
} from '@duckdb/node-api';
import { AbortedTransactionError, type CompiledQuery, type DatabaseConnection, type QueryResult } from 'kysely';
import { toDuckDBParameters } from './duckdb-parameters.ts';
import { resultColumns, rowsFromChunk } from './duckdb-result-values.ts';
import { queryError } from './warehouse-query-error.ts';

export interface ConnectionLabel {
  /** The warehouse file, named in error messages. */
  readonly label: string;
  readonly readOnly: boolean;
}

const DATA_CHANGING_STATEMENTS: ReadonlySet<StatementType> = new Set([
  StatementType.INSERT,
  StatementType.UPDATE,
  StatementType.DELETE,
  StatementType.MERGE_INTO,
]);

/** Kysely's view of one @duckdb/node-api connection. */
export class DuckDBKyselyConnection implements DatabaseConnection {
  readonly #connection: DuckDBConnection;
  readonly #label: ConnectionLabel;
  /** Set while a transaction is open: whether a statement inside it has failed. */
  #transaction: { failed: boolean } | undefined;
  #reusable = true;

  constructor(connection: DuckDBConnection, label: ConnectionLabel) {
    this.#connection = connection;
    this.#label = label;
  }

  /** False once the connection is in an unknown state; the driver then closes it instead of reusing it. */
  get reusable(): boolean {
    return this.#reusable;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.#run(compiledQuery.sql, compiledQuery.parameters);
    // Ask DuckDB what kind of result this is instead of guessing from column names.
    if (result.returnType === ResultReturnType.CHANGED_ROWS) {
      return { rows: [], numAffectedRows: BigInt(result.rowsChanged) };
    }
    const columns = resultColumns(result);
    const rows = (await result.fetchAllChunks()).flatMap((chunk) => rowsFromChunk(chunk, columns)) as R[];
    if (DATA_CHANGING_STATEMENTS.has(result.statementType)) {
      // `insert/update/delete ... returning`: one returned row per changed row.
      return { rows, numAffectedRows: BigInt(rows.length) };
    }
    return { rows };
  }

  /**
   * Yields the result in chunks of at most `chunkSize` rows, converting to JS one DuckDB chunk
   * (2048 rows) at a time. The result itself is held by DuckDB (compact and columnar, not as JS
   * objects), because @duckdb/node-api 1.5.5 ends a native stream silently when a later chunk
   * fails: its fetch returns null both at the end and on error, so a report could be cut short
   * without any error. Materialising inside DuckDB makes every error surface here.
   */
  async *streamQuery<R>(compiledQuery: CompiledQuery, chunkSize: number): AsyncIterableIterator<QueryResult<R>> {
    const size = Math.max(1, Math.floor(chunkSize));
    const result = await this.#run(compiledQuery.sql, compiledQuery.parameters);
    const columns = resultColumns(result);
    for await (const chunk of result) {
      const rows = rowsFromChunk(chunk, columns);
      for (let start = 0; start < rows.length; start += size) {
        yield { rows: rows.slice(start, start + size) as R[] };
      }
    }
  }

  async begin(sql: string): Promise<void> {
    await this.#run(sql, []);
    this.#transaction = { failed: false };
  }

  /**
   * Commits, or throws if DuckDB would silently roll back instead: after a failed statement a
   * DuckDB transaction is aborted, and COMMIT then discards everything without an error.
   */
  async commit(): Promise<void> {
    const mayBeAborted = this.#transaction?.failed === true;
    if (mayBeAborted && (await this.#isTransactionAborted())) {
      await this.rollback();
      throw new AbortedTransactionError({
        cause: new Error(`A statement in this transaction on ${this.#label.label} failed, so nothing was committed.`),
      });
    }
    this.#transaction = undefined;
    try {
      await this.#run('commit', []);
    } catch (error) {
      // DuckDB ends the transaction when COMMIT fails (e.g. a write conflict); never reuse a doubtful one.
      this.#reusable = false;
      throw error;
    }
  }

  /** Rolls back the open transaction; a no-op when a failed COMMIT already ended it. */
  async rollback(): Promise<void> {
    if (this.#transaction === undefined) return;
    this.#transaction = undefined;
    try {
      await this.#run('rollback', []);
    } catch (error) {
      this.#reusable = false;
      throw error;
    }
  }

  close(): void {
    this.#reusable = false;
    this.#connection.closeSync();
  }

  async #run(sql: string, parameters: readonly unknown[]): Promise<DuckDBMaterializedResult> {
    try {
      return await this.#connection.run(sql, toDuckDBParameters(parameters));
    } catch (error) {
      this.#noteFailure();
      throw queryError(error, sql, this.#label.label, this.#label.readOnly);
    }
  }

  async #isTransactionAborted(): Promise<boolean> {
    try {
      await this.#connection.run('select 1');
      return false;
    } catch {
      return true;
    }
  }

  #noteFailure(): void {
    if (this.#transaction) this.#transaction.failed = true;
  }
}
