import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** Tables humans review: data-quality exceptions and match decisions. */
export const createReviewTables: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const utcNow = sql`(now() at time zone 'UTC')`;
    await db.schema
      .createTable('meta.dq_exceptions')
      .addColumn('run_id', 'varchar', (col) => col.notNull())
      .addColumn('source', 'varchar', (col) => col.notNull())
      .addColumn('stream', 'varchar', (col) => col.notNull())
      .addColumn('record_id', 'varchar')
      .addColumn('field', 'varchar')
      .addColumn('reason_code', 'varchar', (col) => col.notNull())
      .addColumn('detail', 'varchar')
      .addColumn('raw', 'json')
      .addColumn('detected_at', 'timestamp', (col) => col.notNull().defaultTo(utcNow))
      .execute();

    await db.schema
      .createTable('meta.xref_decisions')
      .addColumn('left_system', 'varchar', (col) => col.notNull())
      .addColumn('left_id', 'varchar', (col) => col.notNull())
      .addColumn('right_system', 'varchar', (col) => col.notNull())
      .addColumn('right_id', 'varchar', (col) => col.notNull())
      .addColumn('decision', 'varchar', (col) => col.notNull().check(sql`decision in ('confirm', 'reject')`))
      .addColumn('decided_by', 'varchar', (col) => col.notNull())
      .addColumn('decided_at', 'timestamp', (col) => col.notNull().defaultTo(utcNow))
      .addColumn('note', 'varchar')
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const table of ['meta.xref_decisions', 'meta.dq_exceptions']) await db.schema.dropTable(table).execute();
  },
};
