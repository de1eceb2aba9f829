import type { DuckDBConnection } from '@duckdb/node-api';
import { createNormalisationMacros } from './normalisation-macros.ts';
import { createSeedTables, defaultReferenceDir } from './seed-tables.ts';

/** Loads the reference seed tables from `dir` into schema `ref`, then (re)creates the macros. */
export async function installNormalisation(connection: DuckDBConnection, dir: string = defaultReferenceDir): Promise<void> {
  await createSeedTables(connection, dir);
  await createNormalisationMacros(connection);
}
