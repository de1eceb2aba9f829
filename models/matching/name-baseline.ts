import type { DuckDBConnection } from '@duckdb/node-api';
import { MATCH_SYSTEMS, type MatchSystem, type RecordPair } from './record-ref.ts';

/** A customer record's name as a staging table holds it. */
export interface NamedRecord {
  readonly system: MatchSystem;
  readonly id: string;
  readonly name: string | null;
}

const INPUT_TABLE = 'match_name_baseline_input';
const SYSTEM_LIST = MATCH_SYSTEMS.map((s) => `'${s}'`).join(', ');

/**
 * The exact-normalised-name baseline: links every two records (across systems, or duplicates within
 * one) whose `ref.name_key(name)` is equal and not null. `relation` is a table, view or parenthesised
 * query with columns system, id, name. Needs installNormalisation(connection) first.
 */
export async function nameBaselineLinksFromRelation(connection: DuckDBConnection, relation: string): Promise<RecordPair[]> {
  await assertNormalisationInstalled(connection);
  await assertKnownSystems(connection, relation);
  const reader = await connection.runAndReadAll(`
    WITH keyed AS (
      SELECT system, CAST(id AS VARCHAR) AS id, ref.name_key(name) AS name_key FROM ${relation}
    )
    SELECT a.system, a.id, b.system, b.id
    FROM keyed a JOIN keyed b
      ON a.name_key = b.name_key AND (a.system < b.system OR (a.system = b.system AND a.id < b.id))`);
  return reader.getRows().map(([systemA, idA, systemB, idB]) => [
    { system: systemA as MatchSystem, id: String(idA) },
    { system: systemB as MatchSystem, id: String(idB) },
  ]);
}

/** nameBaselineLinksFromRelation over in-memory records (loaded into a temporary table). */
export async function nameBaselineLinks(connection: DuckDBConnection, records: Iterable<NamedRecord>): Promise<RecordPair[]> {
  await connection.run(`CREATE OR REPLACE TEMP TABLE ${INPUT_TABLE} (system VARCHAR, id VARCHAR, name VARCHAR)`);
  try {
    const appender = await connection.createAppender(INPUT_TABLE, 'main', 'temp');
    for (const record of records) {
      appender.appendVarchar(record.system);
      appender.appendVarchar(record.id);
      if (record.name === null) appender.appendNull();
      else appender.appendVarchar(record.name);
      appender.endRow();
    }
    appender.closeSync();
    return await nameBaselineLinksFromRelation(connection, `temp.main.${INPUT_TABLE}`);
  } finally {
    await connection.run(`DROP TABLE IF EXISTS temp.main.${INPUT_TABLE}`);
  }
}

async function assertNormalisationInstalled(connection: DuckDBConnection): Promise<void> {
  const reader = await connection.runAndReadAll(
    `SELECT count(*) FROM duckdb_functions() WHERE schema_name = 'ref' AND function_name = 'name_key'`);
  if (Number(reader.getRows()[0]?.[0] ?? 0) === 0) {
    throw new Error('The name baseline needs the macro ref.name_key; call installNormalisation(connection) first.');
  }
}

async function assertKnownSystems(connection: DuckDBConnection, relation: string): Promise<void> {
  const reader = await connection.runAndReadAll(
    `SELECT DISTINCT system FROM ${relation} WHERE system IS NULL OR system NOT IN (${SYSTEM_LIST}) LIMIT 5`);
  const unknown = reader.getRows().map(([system]) => String(system));
  if (unknown.length > 0) {
    throw new Error(`The name baseline input ${relation} has records of unknown system(s) ${unknown.join(', ')}; expected ${MATCH_SYSTEMS.join(', ')}.`);
  }
}
