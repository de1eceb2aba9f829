import type { Migration } from 'kysely/migration';
import { createLayerSchemas } from './0001-create-layer-schemas.ts';
import { createRunTables } from './0002-create-run-tables.ts';
import { createReverseTables } from './0003-create-reverse-tables.ts';
import { createReviewTables } from './0004-create-review-tables.ts';
import { createMasterIdTable } from './0005-create-master-id-table.ts';
import { createWriteAheadTables } from './0006-create-write-ahead-tables.ts';

/**
 * Every warehouse migration, by name; the Migrator runs them in name order. A migration that
 * has run is history: never edit it, add the next one (`0005_...`) instead.
 */
export const warehouseMigrations: Readonly<Record<string, Migration>> = Object.freeze({
  '0001_create_layer_schemas': createLayerSchemas,
  '0002_create_run_tables': createRunTables,
  '0003_create_reverse_tables': createReverseTables,
  '0004_create_review_tables': createReviewTables,
  '0005_create_master_id_table': createMasterIdTable,
  '0006_create_write_ahead_tables': createWriteAheadTables,
});
