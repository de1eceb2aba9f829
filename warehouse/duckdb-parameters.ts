import { blobValue, listValue, timestampValue, type DuckDBValue } from '@duckdb/node-api';

/**
 * Turns Kysely's query parameters into values DuckDB can bind.
 *
 * - `string`, `number`, `boolean`, `bigint`, `null` bind as they are (a bigint binds as HUGEINT
 *   and is cast to the column's type, so values beyond 2^53 stay exact). Pass money as a
 *   string (`'19.99'`) to keep it exact; a JS number is a binary double before DuckDB sees it.
 * - `Date` binds as TIMESTAMP in UTC (DuckDB cannot infer a type for a Date).
 * - `Uint8Array`/`Buffer` binds as BLOB; an array binds as a LIST of its converted items.
 * - A plain object is refused: JSON columns take JSON text, so call `JSON.stringify` first.
 * - Values built with @duckdb/node-api's constructors (`decimalValue`, `dateValue`, ...) pass through.
 */
export function toDuckDBParameters(parameters: readonly unknown[]): DuckDBValue[] {
  return parameters.map((value, index) => toDuckDBValue(value, `$${index + 1}`));
}

function toDuckDBValue(value: unknown, name: string): DuckDBValue {
  if (value === undefined || value === null) return null;
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'bigint':
      return value;
    case 'object':
      return objectToDuckDBValue(value, name);
    default:
      throw new TypeError(`Query parameter ${name} is a ${typeof value}; DuckDB can only bind data values.`);
  }
}

function objectToDuckDBValue(value: object, name: string): DuckDBValue {
  if (value instanceof Date) return dateToTimestamp(value, name);
  if (value instanceof Uint8Array) return blobValue(value);
  if (Array.isArray(value)) return arrayToList(value, name);
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype === Object.prototype || prototype === null) {
    throw new TypeError(
      `Query parameter ${name} is a plain object, which DuckDB cannot bind. For a JSON column pass JSON text: JSON.stringify(value).`,
    );
  }
  return value as DuckDBValue;
}

function dateToTimestamp(date: Date, name: string): DuckDBValue {
  const millis = date.getTime();
  if (Number.isNaN(millis)) throw new TypeError(`Query parameter ${name} is an invalid Date.`);
  return timestampValue(BigInt(millis) * 1000n);
}

function arrayToList(items: readonly unknown[], name: string): DuckDBValue {
  if (items.length === 0) {
    throw new TypeError(
      `Query parameter ${name} is an empty array, whose item type DuckDB cannot infer. Write the empty list in SQL with a cast, e.g. []::VARCHAR[].`,
    );
  }
  return listValue(items.map((item, index) => toDuckDBValue(item, `${name}[${index}]`)));
}
