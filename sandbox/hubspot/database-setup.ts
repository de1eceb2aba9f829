import { quoteIdent, type SandboxDb } from '../store/sandbox-db.ts';
import { tableName } from '../dataset/dataset-schema.ts';
import type { HsObjectSchema } from './hubspot-objects.ts';
import { SEARCH_MACROS_DDL } from './search-filter-compiler.ts';
import { ASSOCIATION_INDEX_DDL } from './association-store.ts';

/**
 * Prepares the loaded HubSpot tables for serving: the search macros and indexes on the columns
 * every request looks records up by (id, and the association source id).
 */
export async function prepareHubspotTables(db: SandboxDb, schemas: readonly HsObjectSchema[]): Promise<void> {
  await db.exclusive(async (tx) => {
    await tx.run(SEARCH_MACROS_DDL);
    await tx.run(ASSOCIATION_INDEX_DDL);
    for (const schema of schemas) {
      await tx.run(`CREATE INDEX IF NOT EXISTS ${quoteIdent(`${schema.name}_id`)} ON ${tableName(schema)}(id)`);
    }
  });
}
