import {
  sql,
  type ColumnMetadata,
  type DatabaseIntrospector,
  type DatabaseMetadataOptions,
  type Kysely,
  type SchemaMetadata,
  type TableMetadata,
} from 'kysely';
import { DEFAULT_MIGRATION_LOCK_TABLE, DEFAULT_MIGRATION_TABLE } from 'kysely/migration';

/** The information_schema views this introspector reads (DuckDB names its columns in lower case). */
interface InformationSchema {
  'information_schema.schemata': { catalog_name: string; schema_name: string };
  'information_schema.tables': { table_catalog: string; table_schema: string; table_name: string; table_type: string };
  'information_schema.columns': {
    table_catalog: string;
    table_schema: string;
    table_name: string;
    column_name: string;
    ordinal_position: number;
    data_type: string;
    is_nullable: string;
    column_default: string | null;
    COLUMN_COMMENT: string | null;
  };
}

interface ColumnRow {
  schema: string;
  table: string;
  table_type: string;
  column: string;
  data_type: string;
  is_nullable: string;
  column_default: string | null;
  comment: string | null;
}

const SYSTEM_SCHEMAS = ['information_schema', 'pg_catalog'];
const KYSELY_TABLES = [DEFAULT_MIGRATION_TABLE, DEFAULT_MIGRATION_LOCK_TABLE];

/** Lists the schemas, tables, views and columns of the warehouse's own database (not attached ones). */
export class DuckDBIntrospector implements DatabaseIntrospector {
  readonly #db: Kysely<InformationSchema>;

  constructor(db: Kysely<unknown>) {
    this.#db = db as Kysely<InformationSchema>;
  }

  async getSchemas(): Promise<SchemaMetadata[]> {
    const rows = await this.#db
      .selectFrom('information_schema.schemata')
      .select('schema_name')
      .where('catalog_name', '=', sql<string>`current_database()`)
      .where('schema_name', 'not in', SYSTEM_SCHEMAS)
      .orderBy('schema_name')
      .execute();
    return rows.map((row) => Object.freeze({ name: row.schema_name }));
  }

  async getTables(options: DatabaseMetadataOptions = { withInternalKyselyTables: false }): Promise<TableMetadata[]> {
    let query = this.#db
      .selectFrom('information_schema.columns as c')
      .innerJoin('information_schema.tables as t', (join) =>
        join
          .onRef('t.table_catalog', '=', 'c.table_catalog')
          .onRef('t.table_schema', '=', 'c.table_schema')
          .onRef('t.table_name', '=', 'c.table_name'),
      )
      .select([
        'c.table_schema as schema',
        'c.table_name as table',
        't.table_type as table_type',
        'c.column_name as column',
        'c.data_type as data_type',
        'c.is_nullable as is_nullable',
        'c.column_default as column_default',
        'c.COLUMN_COMMENT as comment',
      ])
      .where('c.table_catalog', '=', sql<string>`current_database()`)
      .where('c.table_schema', 'not in', SYSTEM_SCHEMAS)
      .orderBy('c.table_schema')
      .orderBy('c.table_name')
      .orderBy('c.ordinal_position');
    if (!options.withInternalKyselyTables) query = query.where('c.table_name', 'not in', KYSELY_TABLES);
    return groupIntoTables(await query.execute());
  }
}

function groupIntoTables(rows: readonly ColumnRow[]): TableMetadata[] {
  const tables = new Map<string, { table: TableMetadata; columns: ColumnMetadata[] }>();
  for (const row of rows) {
    const key = `${row.schema}.${row.table}`;
    let entry = tables.get(key);
    if (!entry) {
      const columns: ColumnMetadata[] = [];
      const table = { name: row.table, schema: row.schema, isView: row.table_type === 'VIEW', isForeign: false, columns };
      entry = { table, columns };
      tables.set(key, entry);
    }
    entry.columns.push(toColumnMetadata(row));
  }
  return [...tables.values()].map(({ table }) => Object.freeze(table));
}

function toColumnMetadata(row: ColumnRow): ColumnMetadata {
  return Object.freeze({
    name: row.column,
    dataType: row.data_type,
    isNullable: row.is_nullable === 'YES',
    hasDefaultValue: row.column_default !== null,
    isAutoIncrementing: row.column_default?.startsWith('nextval(') ?? false,
    comment: row.comment ?? undefined,
  });
}
