import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * The reverse stage's write-ahead log: each batch's intended values are committed here before the
 * batch is sent and removed with its outcome. Rows left behind mean a run died mid-batch; the next
 * run reads those records back from the CRM before planning, so no change is sent twice.
 * meta.drift records CRM values someone changed since closeloop last sent them (then overwritten).
 */
export const createWriteAheadTables: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('meta.sync_in_flight')
      .addColumn('run_id', 'varchar', (col) => col.notNull())
      .addColumn('system', 'varchar', (col) => col.notNull())
      .addColumn('object', 'varchar', (col) => col.notNull())
      .addColumn('record_id', 'varchar', (col) => col.notNull())
      .addColumn('field', 'varchar', (col) => col.notNull())
      .addColumn('value', 'json')
      .addColumn('queued_at', 'timestamp', (col) => col.notNull().defaultTo(sql`(now() at time zone 'UTC')`))
      .execute();
    await db.schema
      .createTable('meta.drift')
      .addColumn('run_id', 'varchar', (col) => col.notNull())
      .addColumn('system', 'varchar', (col) => col.notNull())
      .addColumn('object', 'varchar', (col) => col.notNull())
      .addColumn('record_id', 'varchar', (col) => col.notNull())
      .addColumn('field', 'varchar', (col) => col.notNull())
      .addColumn('last_sent', 'json')
      .addColumn('crm_value', 'json')
      .addColumn('overwritten_with', 'json')
      .addColumn('detected_at', 'timestamp', (col) => col.notNull().defaultTo(sql`(now() at time zone 'UTC')`))
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('meta.drift').execute();
    await db.schema.dropTable('meta.sync_in_flight').execute();
  },
};
