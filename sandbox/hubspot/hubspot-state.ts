import type { SandboxDb } from '../store/sandbox-db.ts';
import { quoteIdent } from '../store/sandbox-db.ts';
import { tableName } from '../dataset/dataset-schema.ts';
import type { HsObjectSchema } from './hubspot-objects.ts';
import { PropertyRegistry } from './property-registry.ts';
import { SearchIndex } from './search-index.ts';

/** Everything the HubSpot handlers share: the database, the live schemas, id allocation, the search index. */
export interface HubspotState {
  db: SandboxDb;
  registry: PropertyRegistry;
  ids: IdAllocator;
  searchIndex: SearchIndex;
  portalId: number;
}

/** Record ids: numeric strings above every id in the dataset, shared by all objects as in a real portal. */
export class IdAllocator {
  private last: bigint;

  constructor(last: bigint) {
    this.last = last;
  }

  next(): string {
    this.last += 1n;
    return this.last.toString();
  }

  static async load(db: SandboxDb, schemas: readonly HsObjectSchema[]): Promise<IdAllocator> {
    let max = 0n;
    for (const schema of schemas) {
      const rows = await db.all<{ max: bigint | null }>(`SELECT max(TRY_CAST(${quoteIdent('id')} AS BIGINT)) AS max FROM ${tableName(schema)}`);
      const value = rows[0]?.max;
      if (value !== null && value !== undefined && value > max) max = value;
    }
    return new IdAllocator(max);
  }
}
