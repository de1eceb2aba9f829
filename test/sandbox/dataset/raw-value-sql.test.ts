import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { RawColumnType } from '../../../extract/extract-types.ts';
import { convertValue } from '../../../extract/landing/value-conversion.ts';
import { localToUtc, utcToLocal } from '../../../extract/netsuite/account-time.ts';
import { accountClockRoundTripSql, convertTextSql } from '../../../sandbox/dataset/raw-value-sql.ts';
import { openWarehouse, type Warehouse } from '../../../warehouse/warehouse.ts';

let warehouse: Warehouse;
let connection: DuckDBConnection;

beforeAll(async () => {
  warehouse = await openWarehouse(':memory:');
  connection = await warehouse.connection();
});

afterAll(async () => {
  connection?.closeSync();
  await warehouse?.close();
});

const literal = (text: string): string => `'${text.replaceAll("'", "''")}'`;

async function scalar(query: string): Promise<string | null> {
  const value = (await connection.runAndReadAll(query)).getRows()[0]?.[0];
  return value === null || value === undefined ? null : String(value);
}

/** What the lander lands for `text`, rendered by DuckDB (NULL when it would not fit). */
async function landed(text: string, type: RawColumnType): Promise<string | null> {
  const converted = convertValue(text, type);
  if (!converted.ok || converted.value === null) return null;
  return scalar(`SELECT CAST(CAST(${literal(String(converted.value))} AS ${type}) AS VARCHAR)`);
}

function viaSql(text: string, type: RawColumnType): Promise<string | null> {
  return scalar(`SELECT CAST(${convertTextSql(literal(text), type)} AS VARCHAR)`);
}

const SAMPLES: Record<RawColumnType, string[]> = {
  VARCHAR: ['Acme', '', ' padded ', 'Zürich', 'broken \uFFFD char', 'x'.repeat(70_000)],
  BOOLEAN: ['T', 'F', 'true', 'FALSE', '1', '0', ' t ', 'yes', ''],
  BIGINT: ['42', '-7', '+3', '1,200', '12.00', '12.5', 'abc', '9223372036854775807', '9223372036854775808', ' 5 '],
  DOUBLE: ['1.5', '-2e3', '.5', '5.', '1,234.5', 'inf', 'NaN', 'abc', '0x10'],
  'DECIMAL(18,2)': ['12.345', '12.355', '-12.345', '1200.555', '0.005', '1,000.505', '.5', 'abc', '1000000000000000000'],
  DATE: ['2024-03-31', '3/31/2024', '2024-03-31T10:00:00Z', '1711929600000', '2024-02-30', '31/3/2024', '2024-03-31 junk', 'abc'],
  TIMESTAMP: [
    '2024-04-01T10:20:30.123+0000', '2024-04-01T10:20:30Z', '2024-04-01 10:20:30', '2024-04-01', '2024-04-01T10:20',
    '2024-04-01T10:20:30+02:00', '2024-04-01T10:20:30-0530', '2024-04-01T10:20:30+02', '1711966830123',
    '2024-04-01T10:20:30.123456789Z', '2024-13-01T00:00:00Z', '2024-04-01T25:00:00Z', 'abc',
  ],
};

describe('convertTextSql', () => {
  for (const [type, samples] of Object.entries(SAMPLES) as [RawColumnType, string[]][]) {
    it(`lands ${type} values as the lander does`, async () => {
      for (const text of samples) expect(await viaSql(text, type), JSON.stringify(text.slice(0, 40))).toBe(await landed(text, type));
    });
  }
});

describe('accountClockRoundTripSql', () => {
  it('returns NetSuite datetimes as the connector reads them back from the account clock, the repeated autumn hour included', async () => {
    const instants = [
      '2025-11-02T08:30:00Z', '2025-11-02T09:30:00Z', '2025-11-02T10:30:00Z', '2025-03-09T09:59:59Z', '2025-03-09T10:30:00Z',
      '2025-07-01T12:00:00Z', '2025-01-15T23:59:59Z', '2025-10-26T00:30:00Z', '2025-10-26T01:30:00Z',
    ];
    for (const zone of ['America/Los_Angeles', 'Europe/London', 'Australia/Lord_Howe']) {
      for (const instant of instants) {
        const expected = localToUtc(utcToLocal(instant, zone), zone)!;
        const sql = `SELECT strftime(${accountClockRoundTripSql(`TIMESTAMP ${literal(instant.replace('T', ' ').replace('Z', ''))}`, zone)}, '%Y-%m-%dT%H:%M:%SZ')`;
        expect(await scalar(sql), `${instant} in ${zone}`).toBe(expected);
      }
    }
    expect(localToUtc(utcToLocal('2025-11-02T09:30:00Z', 'America/Los_Angeles'), 'America/Los_Angeles')).toBe('2025-11-02T08:30:00Z');
  });
});
