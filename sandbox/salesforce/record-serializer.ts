import type { SfFieldSpec } from './salesforce-objects.ts';
import { sqlString } from './sql-params.ts';
import { quoteIdent } from '../store/sandbox-db.ts';

/**
 * What a query returns per record, as a tree in SELECT order: fields, parent relationship objects
 * (`Account: {attributes, Name}`) and child subquery results. Serialization happens inside DuckDB
 * (one JSON text or CSV line per row), so paging 100k records never builds JS objects per field.
 */
export type SelectionNode =
  | { kind: 'field'; key: string; field: SfFieldSpec; sql: string }
  | { kind: 'parent'; key: string; objectName: string; alias: string; children: SelectionNode[] }
  | { kind: 'child'; key: string; sql: string };

/** JSON wire value of a column, per Salesforce's REST formats (§1.3 of the wire spec). */
export function jsonValueSql(field: SfFieldSpec, sql: string): string {
  switch (field.type) {
    case 'datetime': return `strftime(${sql}, '%Y-%m-%dT%H:%M:%S.%g+0000')`;
    case 'date': return `strftime(${sql}, '%Y-%m-%d')`;
    case 'currency': return `(${sql})::DOUBLE`;
    case 'boolean': return `COALESCE(${sql}, false)`;
    default: return sql;
  }
}

/** `json_object('attributes', {type, url}, <fields...>)` for one record of `objectName` at `alias`. */
export function jsonRecordSql(objectName: string, alias: string, nodes: SelectionNode[], urlPrefixSql: string): string {
  const url = `${urlPrefixSql} || ${sqlString(`/sobjects/${objectName}/`)} || ${alias}.${quoteIdent('Id')}`;
  const attributes = `json_object('type', ${sqlString(objectName)}, 'url', ${url})`;
  const pairs = nodes.map((node) => `${sqlString(node.key)}, ${nodeSql(node, urlPrefixSql)}`);
  return `json_object('attributes', ${attributes}${pairs.map((p) => `, ${p}`).join('')})`;
}

function nodeSql(node: SelectionNode, urlPrefixSql: string): string {
  switch (node.kind) {
    case 'field': return jsonValueSql(node.field, node.sql);
    case 'child': return node.sql;
    case 'parent': {
      const record = jsonRecordSql(node.objectName, node.alias, node.children, urlPrefixSql);
      return `CASE WHEN ${node.alias}.${quoteIdent('Id')} IS NULL THEN NULL ELSE ${record} END`;
    }
  }
}

/** Bulk API 2.0 CSV text of a column: dates `2024-01-15`, datetimes `2024-01-15T10:20:30.000Z`. */
function csvValueSql(field: SfFieldSpec, sql: string): string {
  switch (field.type) {
    case 'datetime': return `strftime(${sql}, '%Y-%m-%dT%H:%M:%S.%gZ')`;
    case 'date': return `strftime(${sql}, '%Y-%m-%d')`;
    case 'currency': return `(${sql})::DOUBLE::VARCHAR`;
    case 'boolean': return `CASE WHEN ${sql} IS NULL THEN NULL WHEN ${sql} THEN 'true' ELSE 'false' END`;
    default: return `(${sql})::VARCHAR`;
  }
}

/** One CSV line: every value quoted, null as an empty (unquoted) field. */
export function csvLineSql(columns: CsvColumn[], delimiter = ','): string {
  const cells = columns.map((c) => `COALESCE('"' || replace(${csvValueSql(c.field, c.sql)}, '"', '""') || '"', '')`);
  return cells.length === 0 ? `''` : cells.join(` || ${sqlString(delimiter)} || `);
}

export interface CsvColumn {
  header: string;
  field: SfFieldSpec;
  sql: string;
}

/** Flattens a selection into CSV columns named like `Account.Name` (fields of a missing parent are empty). */
export function csvColumns(nodes: SelectionNode[], prefix = ''): CsvColumn[] {
  return nodes.flatMap((node): CsvColumn[] => {
    if (node.kind === 'field') {
      const sql = node.field.type === 'boolean' ? `COALESCE(${node.sql}, false)` : node.sql;
      return [{ header: prefix + node.field.name, field: node.field, sql }];
    }
    if (node.kind === 'parent') {
      const missing = `${node.alias}.${quoteIdent('Id')} IS NULL`;
      return csvColumns(node.children, `${prefix}${node.key}.`).map((c) => ({ ...c, sql: `CASE WHEN ${missing} THEN NULL ELSE ${c.sql} END` }));
    }
    return [];
  });
}
