import type { RawColumnType } from '../../extract/extract-types.ts';
import { DEFAULT_CONVERSION } from '../../extract/landing/value-conversion.ts';

/**
 * The lander's value conversion (extract/landing/value-conversion.ts) as DuckDB SQL, for loading
 * dataset files with `read_json` instead of row by row. `text` is an SQL expression holding a JSON
 * scalar as text (what `json_transform(…, 'VARCHAR')` gives). A value that does not fit its column is
 * NULL, as the lander lands it (the lander also writes a dq exception; this does not).
 * Timestamps without an offset are read as UTC, so run it on a UTC session (every warehouse
 * connection is one). JSON numbers reach it as text, so text in exponent form (`"1e3"`) is read as
 * a number where the lander would refuse the string.
 */
export function convertTextSql(text: string, type: RawColumnType): string {
  switch (type) {
    case 'VARCHAR':
      return `CASE WHEN ${text} = '' OR strlen(${text}) > ${DEFAULT_CONVERSION.maxStringBytes} OR contains(${text}, chr(65533)) THEN NULL ELSE ${text} END`;
    case 'BOOLEAN':
      return `CASE WHEN lower(trim(${text})) IN ('t', 'true', '1') THEN true WHEN lower(trim(${text})) IN ('f', 'false', '0') THEN false END`;
    case 'BIGINT':
      return `TRY_CAST(nullif(regexp_extract(${numberText(text)}, '^([+-]?[0-9]+)(\\.0*)?$', 1), '') AS BIGINT)`;
    case 'DOUBLE':
      return `CASE WHEN regexp_full_match(${numberText(text)}, '[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?') THEN TRY_CAST(${numberText(text)} AS DOUBLE) END`;
    case 'DECIMAL(18,2)':
      return `CASE WHEN regexp_full_match(${numberText(text)}, '[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?') THEN TRY_CAST(${numberText(text)} AS DECIMAL(18,2)) END`;
    case 'DATE':
      return `CASE WHEN ${isEpochMillis(text)} THEN CAST(make_timestamp(CAST(trim(${text}) AS BIGINT) * 1000) AS DATE)
        WHEN ${isIsoDateTime(text)} THEN TRY_CAST(left(trim(${text}), 10) AS DATE)
        ELSE CAST(try_strptime(trim(${text}), '%m/%d/%Y') AS DATE) END`;
    case 'TIMESTAMP':
      return `CASE WHEN ${isEpochMillis(text)} THEN make_timestamp(CAST(trim(${text}) AS BIGINT) * 1000)
        WHEN ${isIsoDateTime(text)} THEN timezone('UTC', TRY_CAST(trim(${text}) AS TIMESTAMPTZ)) END`;
  }
}

/** Numbers as the lander reads them: trimmed, thousands separators dropped. */
function numberText(text: string): string {
  return `replace(trim(${text}), ',', '')`;
}

/** The ISO forms the lander accepts (a date, optionally a time and an offset). */
function isIsoDateTime(text: string): string {
  return `regexp_full_match(trim(${text}), '(?i)[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?)?\\s*(Z|[+-][0-9]{2}(:?[0-9]{2})?)?')`;
}

function isEpochMillis(text: string): string {
  return `regexp_full_match(trim(${text}), '-?[0-9]{11,14}')`;
}

/** A UTC TIMESTAMP as ISO text with milliseconds (`2024-04-01T10:20:30.000Z`), as the connectors write version stamps. */
export function isoMillisSql(timestamp: string): string {
  return `strftime(TRY_CAST(${timestamp} AS TIMESTAMP), '%Y-%m-%dT%H:%M:%S.%gZ')`;
}

/**
 * A UTC TIMESTAMP as it comes back from NetSuite: SuiteQL renders it as wall-clock seconds in the
 * account's zone and the connector converts that to UTC, taking the earlier instant for a time in the
 * autumn's repeated hour (extract/netsuite/account-time.ts). So the second pass through that hour
 * lands an hour early; this reproduces it.
 */
export function accountClockRoundTripSql(timestamp: string, timeZone: string): string {
  const zone = `'${timeZone.replaceAll("'", "''")}'`;
  const u = `date_trunc('second', ${timestamp})`;
  const wall = (instant: string): string => `timezone(${zone}, timezone('UTC', ${instant}))`;
  const dayBefore = `(${u} - INTERVAL 1 DAY)`;
  const earlier = `(${u} - ((${wall(dayBefore)} - ${dayBefore}) - (${wall(u)} - ${u})))`;
  return `CASE WHEN ${wall(earlier)} = ${wall(u)} THEN ${earlier} ELSE ${u} END`;
}
