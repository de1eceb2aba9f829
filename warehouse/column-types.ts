import type { ColumnType } from 'kysely';

/**
 * TypeScript types for warehouse columns, following the dialect's value mapping
 * (duckdb-result-values.ts): what a select returns, and what an insert or update accepts.
 */

/** TIMESTAMP (UTC): read as a Date, written from a Date. */
export type Timestamp = Date;

/** DECIMAL(p,s), e.g. money DECIMAL(18,2): an exact string both ways ('1234.50'); never a JS number. */
export type Decimal = string;

/** DATE: a 'YYYY-MM-DD' string both ways. */
export type CalendarDate = string;

/** BIGINT: read as a bigint; a bigint or a safe integer number is accepted on write. */
export type Int64 = ColumnType<bigint, bigint | number, bigint | number>;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** JSON: read parsed; written as JSON text (`JSON.stringify(value)`), which DuckDB validates. */
export type Json<T extends JsonValue = JsonValue> = ColumnType<T, string, string>;
