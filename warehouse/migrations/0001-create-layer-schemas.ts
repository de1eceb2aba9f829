import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** The warehouse's layers: raw snapshots, staging, intermediate, marts, and operational meta. */
const LAYER_SCHEMAS = ['raw', 'stg', 'int', 'mart', 'meta'];

export const createLayerSchemas: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const schema of LAYER_SCHEMAS) await db.schema.createSchema(schema).ifNotExists().execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    // Without cascade: refuses to drop a layer that still holds tables.
    for (const schema of LAYER_SCHEMAS.toReversed()) await db.schema.dropSchema(schema).ifExists().execute();
  },
};
