import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** Tables of the run itself: the run log, extraction cursors and the API call log. */
export const createRunTables: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const utcNow = sql`(now() at time zone 'UTC')`;
    await db.schema
      .createTable('meta.runs')
      .addColumn('run_id', 'varchar', (col) => col.primaryKey())
      .addColumn('as_of', 'timestamp', (col) => col.notNull())
      .addColumn('started_at', 'timestamp', (col) => col.notNull().defaultTo(utcNow))
      .addColumn('finished_at', 'timestamp')
      .addColumn('status', 'varchar', (col) => col.notNull())
      .addColumn('stages', 'json', (col) => col.notNull().defaultTo(sql`'{}'`))
      .addColumn('warnings', 'json', (col) => col.notNull().defaultTo(sql`'[]'`))
      .execute();

    await db.schema
      .createTable('meta.state')
      .addColumn('source', 'varchar', (col) => col.notNull())
      .addColumn('stream', 'varchar', (col) => col.notNull())
      .addColumn('cursor', 'json', (col) => col.notNull())
      .addColumn('updated_at', 'timestamp', (col) => col.notNull().defaultTo(utcNow))
      .addColumn('run_id', 'varchar')
      .addPrimaryKeyConstraint('state_pkey', ['source', 'stream'])
      .execute();

    await db.schema
      .createTable('meta.api_calls')
      .addColumn('run_id', 'varchar')
      .addColumn('system', 'varchar', (col) => col.notNull())
      .addColumn('method', 'varchar', (col) => col.notNull())
      .addColumn('endpoint', 'varchar', (col) => col.notNull())
      .addColumn('status', 'integer')
      .addColumn('duration_ms', 'integer', (col) => col.notNull())
      .addColumn('called_at', 'timestamp', (col) => col.notNull().defaultTo(utcNow))
      .addColumn('retry', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('error', 'varchar')
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const table of ['meta.api_calls', 'meta.state', 'meta.runs']) await db.schema.dropTable(table).execute();
  },
};
