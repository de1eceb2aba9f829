import {
  DuckDBTypeId,
  JSDuckDBValueConverter,
  type DuckDBDataChunk,
  type DuckDBDateValue,
  type DuckDBDecimalValue,
  type DuckDBResult,
  type DuckDBType,
  type DuckDBValue,
  type DuckDBValueConverter,
  type JS,
} from '@duckdb/node-api';

/**
 * How warehouse query results reach JavaScript (the project's value mapping):
 *
 * | DuckDB type               | JS value                                                        |
 * |---------------------------|-----------------------------------------------------------------|
 * | DECIMAL(p,s)              | exact string with `s` decimals: `'0.30'`, `'-12.50'` (money never becomes a double) |
 * | BIGINT, HUGEINT, UBIGINT  | `bigint` (exact; `count(*)` too: use `Number(n)` when you know it is small) |
 * | INTEGER, SMALLINT, DOUBLE | `number`                                                        |
 * | TIMESTAMP, TIMESTAMPTZ    | `Date` (UTC instant; DuckDB's microseconds are cut to milliseconds) |
 * | DATE                      | `'YYYY-MM-DD'` string: a calendar day has no time zone to shift it |
 * | JSON                      | the parsed value (object, array, string, number, boolean, null) |
 * | VARCHAR, UUID, ENUM       | `string`                                                        |
 * | LIST, STRUCT, MAP         | arrays / objects whose members follow this same table           |
 * | anything else             | @duckdb/node-api's JS conversion                                |
 */
export const warehouseValueConverter: DuckDBValueConverter<unknown> = (value, type, converter) => {
  if (value === null) return null;
  switch (type.typeId) {
    case DuckDBTypeId.DECIMAL:
      return (value as DuckDBDecimalValue).toString();
    case DuckDBTypeId.DATE:
      return (value as DuckDBDateValue).toString();
    case DuckDBTypeId.VARCHAR:
      return type.alias === 'JSON' ? parseJsonValue(value) : value;
    default:
      // The library's converter recurses through `converter`, so nested values use this mapping too.
      return JSDuckDBValueConverter(value, type, converter as DuckDBValueConverter<JS>);
  }
};

function parseJsonValue(value: DuckDBValue): unknown {
  try {
    return JSON.parse(value as string) as unknown;
  } catch (error) {
    throw new Error(`A JSON column value could not be parsed: ${String(value).slice(0, 80)}`, { cause: error });
  }
}

export type ResultRow = Record<string, unknown>;

/** A result's column names and types, as the statement declared them (JSON keeps its alias here). */
export interface ResultColumns {
  readonly names: readonly string[];
  readonly types: readonly DuckDBType[];
}

export function resultColumns(result: DuckDBResult): ResultColumns {
  return { names: result.deduplicatedColumnNames(), types: result.columnTypes() };
}

/**
 * Converts one chunk to row objects. The column types come from the result, not from the
 * chunk's vectors, because the vectors drop type aliases and JSON would arrive as VARCHAR.
 */
export function rowsFromChunk(chunk: DuckDBDataChunk, columns: ResultColumns): ResultRow[] {
  const rows: ResultRow[] = [];
  for (let rowIndex = 0; rowIndex < chunk.rowCount; rowIndex += 1) {
    const row: ResultRow = {};
    chunk.visitRowValues(rowIndex, (value, _row, columnIndex) => {
      const type = columns.types[columnIndex];
      const name = columns.names[columnIndex];
      if (type === undefined || name === undefined) throw new Error(`DuckDB returned an undeclared column ${columnIndex}.`);
      row[name] = warehouseValueConverter(value, type, warehouseValueConverter);
    });
    rows.push(row);
  }
  return rows;
}
