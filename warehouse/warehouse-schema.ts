import type { MetaSchema } from './meta-schema.ts';

/**
 * Every warehouse table Kysely knows, keyed 'schema.table'. Each layer declares its tables in
 * its own interface (MetaSchema in meta-schema.ts; raw, stg, int and mart ones to come) and
 * they are joined here: `export type WarehouseSchema = MetaSchema & RawSchema & MartSchema;`.
 */
export type WarehouseSchema = MetaSchema;
