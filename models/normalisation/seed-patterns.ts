import type { DuckDBConnection } from '@duckdb/node-api';

/** Regular-expression alternations (SQL-string safe) built from the suffix seed tables. */
export interface SeedPatterns {
  /** Legal-form variants, longest first, e.g. `(gmbh and co kg|pty ltd|…|co)`. */
  readonly legalVariants: string;
  /** Multi-label public suffixes, e.g. `(co\.uk|com\.au|…)`. */
  readonly publicSuffixes: string;
  /** Free-mail domains minus the allow-list, as quoted SQL strings (may be empty). */
  readonly blockedDomains: readonly string[];
}

const escapeRegex = (text: string): string => text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');

function alternation(values: readonly string[], table: string): string {
  if (values.length === 0) throw new Error(`Reference table ${table} is empty; the normalisation macros need at least one row.`);
  const longestFirst = [...values].sort((a, b) => b.length - a.length);
  return `(${longestFirst.map(escapeRegex).join('|')})`.replaceAll("'", "''");
}

const sqlString = (text: string): string => `'${text.replaceAll("'", "''")}'`;

async function readColumn(connection: DuckDBConnection, table: string, column: string, except = ''): Promise<string[]> {
  try {
    const reader = await connection.runAndReadAll(`SELECT DISTINCT ${column} FROM ${table} WHERE ${column} IS NOT NULL ${except}`);
    return reader.getRows().map((row) => String(row[0]));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Could not read ${table}: ${reason}. Create the seed tables (createSeedTables) before the macros.`, { cause: error });
  }
}

/** Reads the legal-form, public-suffix and free-mail seed tables into patterns and lists. */
export async function readSeedPatterns(connection: DuckDBConnection): Promise<SeedPatterns> {
  return {
    legalVariants: alternation(await readColumn(connection, 'ref.legal_forms', 'variant'), 'ref.legal_forms'),
    publicSuffixes: alternation(await readColumn(connection, 'ref.public_suffixes', 'suffix'), 'ref.public_suffixes'),
    blockedDomains: (
      await readColumn(connection, 'ref.free_mail_domains', 'domain', 'EXCEPT SELECT domain FROM ref.free_mail_allow_list')
    ).map(sqlString),
  };
}
