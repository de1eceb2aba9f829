import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** Tables of the write-back to the CRM: what was last sent, every attempt, and failures for humans. */
export const createReverseTables: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const utcNow = sql`(now() at time zone 'UTC')`;
    await db.schema
      .createTable('meta.sent_state')
      .addColumn('system', 'varchar', (col) => col.notNull())
      .addColumn('object', 'varchar', (col) => col.notNull())
      .addColumn('record_id', 'varchar', (col) => col.notNull())
      .addColumn('field', 'varchar', (col) => col.notNull())
      .addColumn('value', 'json')
      .addColumn('sent_at', 'timestamp', (col) => col.notNull().defaultTo(utcNow))
      .addColumn('run_id', 'varchar', (col) => col.notNull())
      .addPrimaryKeyConstraint('sent_state_pkey', ['system', 'object', 'record_id', 'field'])
      .execute();

    await db.schema
      .createTable('meta.sync_log')
      .addColumn('run_id', 'varchar', (col) => col.notNull())
      .addColumn('system', 'varchar', (col) => col.notNull())
      .addColumn('object', 'varchar', (col) => col.notNull())
      .addColumn('record_id', 'varchar', (col) => col.notNull())
      .addColumn('field_group', 'varchar', (col) => col.notNull())
      .addColumn('old_values', 'json')
      .addColumn('new_values', 'json', (col) => col.notNull())
      .addColumn('status', 'varchar', (col) => col.notNull())
      .addColumn('error_code', 'varchar')
      .addColumn('error_message', 'varchar')
      .addColumn('logged_at', 'timestamp', (col) => col.notNull().defaultTo(utcNow))
      .execute();

    await sql`create sequence meta.dead_letter_id_seq`.execute(db);
    await db.schema
      .createTable('meta.dead_letter')
      .addColumn('dead_letter_id', 'bigint', (col) => col.primaryKey().defaultTo(sql`nextval('meta.dead_letter_id_seq')`))
      .addColumn('run_id', 'varchar', (col) => col.notNull())
      .addColumn('system', 'varchar', (col) => col.notNull())
      .addColumn('object', 'varchar', (col) => col.notNull())
      .addColumn('record_id', 'varchar', (col) => col.notNull())
      .addColumn('payload', 'json', (col) => col.notNull())
      .addColumn('reason_code', 'varchar', (col) => col.notNull())
      .addColumn('message', 'varchar', (col) => col.notNull())
      .addColumn('failed_at', 'timestamp', (col) => col.notNull().defaultTo(utcNow))
      .addColumn('resolved_at', 'timestamp')
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const table of ['meta.dead_letter', 'meta.sync_log', 'meta.sent_state']) await db.schema.dropTable(table).execute();
    await sql`drop sequence meta.dead_letter_id_seq`.execute(db);
  },
};
