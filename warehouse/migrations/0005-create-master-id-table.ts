import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * The history of master customer ids given to source records. mart.customer_xref reads the
 * latest assignment per record to keep ids stable across runs and appends a row whenever a
 * record's master id is new or changes; ids are never reused.
 */
export const createMasterIdTable: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('meta.master_ids')
      .addColumn('system', 'varchar', (col) => col.notNull())
      .addColumn('source_id', 'varchar', (col) => col.notNull())
      .addColumn('master_id', 'varchar', (col) => col.notNull())
      .addColumn('assigned_at', 'timestamp', (col) => col.notNull().defaultTo(sql`(now() at time zone 'UTC')`))
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('meta.master_ids').execute();
  },
};
