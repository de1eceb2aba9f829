import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { lookupKeySql } from './lookup-key.ts';

/** The folder of the shipped reference CSVs (`data/reference/`). */
export const defaultReferenceDir = fileURLToPath(new URL('../../data/reference/', import.meta.url));

interface SeedTable {
  readonly table: string;
  readonly file: string;
  /** The CSV's columns, all read as VARCHAR, in file order. */
  readonly columns: readonly string[];
  /** The SELECT list that shapes the CSV rows into the table. */
  readonly select: string;
}

const lowerTrim = (column: string): string => `lower(trim(${column}))`;

const seedTables: readonly SeedTable[] = [
  {
    table: 'legal_forms',
    file: 'legal-forms.csv',
    columns: ['variant', 'canonical'],
    select: `${lookupKeySql('variant')} AS variant, ${lookupKeySql('canonical')} AS canonical`,
  },
  {
    table: 'us_states',
    file: 'us-states.csv',
    columns: ['name', 'code'],
    select: `trim(name) AS name, upper(trim(code)) AS code, ${lookupKeySql('name')} AS name_key`,
  },
  {
    table: 'countries',
    file: 'countries.csv',
    columns: ['alias', 'iso2'],
    select: `trim(alias) AS alias, upper(trim(iso2)) AS iso2, ${lookupKeySql('alias')} AS alias_key`,
  },
  { table: 'free_mail_domains', file: 'free-mail-domains.csv', columns: ['domain'], select: `${lowerTrim('domain')} AS domain` },
  { table: 'free_mail_allow_list', file: 'free-mail-allow-list.csv', columns: ['domain'], select: `${lowerTrim('domain')} AS domain` },
  { table: 'public_suffixes', file: 'public-suffixes.csv', columns: ['suffix'], select: `${lowerTrim('suffix')} AS suffix` },
];

/** The names (without schema) of the tables `createSeedTables` creates in schema `ref`. */
export const seedTableNames: readonly string[] = seedTables.map((seed) => seed.table);

const sqlString = (text: string): string => `'${text.replaceAll("'", "''")}'`;

function readCsvSql(seed: SeedTable, dir: string): string {
  const columns = seed.columns.map((column) => `${sqlString(column)}: 'VARCHAR'`).join(', ');
  const file = sqlString(path.join(dir, seed.file));
  return `SELECT ${seed.select} FROM read_csv(${file}, header = true, columns = {${columns}}, auto_detect = false)`;
}

/**
 * (Re)creates the reference seed tables in schema `ref` from the CSVs in `dir`. Idempotent:
 * every table is replaced, so edited CSVs take effect on the next call.
 */
export async function createSeedTables(connection: DuckDBConnection, dir: string = defaultReferenceDir): Promise<void> {
  await connection.run('CREATE SCHEMA IF NOT EXISTS ref');
  for (const seed of seedTables) {
    try {
      await connection.run(`CREATE OR REPLACE TABLE ref.${seed.table} AS ${readCsvSql(seed, dir)}`);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(
        `Could not load reference table ref.${seed.table} from ${path.join(dir, seed.file)}: ${reason}. ` +
          `Check that the file exists and has the header ${seed.columns.join(',')}.`,
        { cause: error },
      );
    }
  }
}
