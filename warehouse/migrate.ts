import type { Kysely } from 'kysely';
import { Migrator, type Migration, type MigrationProvider, type MigrationResult } from 'kysely/migration';
import { warehouseMigrations } from './migrations/warehouse-migrations.ts';

/** Kysely keeps its migration bookkeeping beside the operational tables. */
const MIGRATION_TABLE_SCHEMA = 'meta';

export interface MigrationSummary {
  /** Migrations applied by this call, in order (empty when the warehouse was up to date). */
  readonly applied: string[];
}

/** Migrations compiled into the program (no folder scanning at run time). */
class StaticMigrationProvider implements MigrationProvider {
  readonly #migrations: Readonly<Record<string, Migration>>;

  constructor(migrations: Readonly<Record<string, Migration>>) {
    this.#migrations = migrations;
  }

  async getMigrations(): Promise<Record<string, Migration>> {
    return { ...this.#migrations };
  }
}

/**
 * Brings the warehouse schema up to date. Safe to call on every start: applied migrations are
 * recorded in meta.kysely_migration and skipped. All pending migrations run in one transaction,
 * so a failure leaves the warehouse as it was.
 */
export async function migrateWarehouse<DB>(
  db: Kysely<DB>,
  migrations: Readonly<Record<string, Migration>> = warehouseMigrations,
): Promise<MigrationSummary> {
  const migrator = new Migrator({
    db,
    provider: new StaticMigrationProvider(migrations),
    migrationTableSchema: MIGRATION_TABLE_SCHEMA,
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) throw migrationError(error, results);
  return { applied: results.map((result) => result.migrationName) };
}

function migrationError(error: unknown, results: readonly MigrationResult[]): Error {
  const failed = results.find((result) => result.status === 'Error')?.migrationName;
  const where = failed ? `migration ${failed} failed` : 'the migrator could not start';
  const reason = error instanceof Error ? error.message : String(error);
  return new Error(
    `Warehouse migration stopped: ${where} (${reason}). Nothing was applied; fix the cause and run again.`,
    { cause: error },
  );
}
