import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { landPage } from '../../../extract/landing/page-lander.ts';
import { readCursor } from '../../../extract/state/cursor-store.ts';
import type { ApiCallRow } from '../../../systems/api/api-caller.ts';
import type { ExtractedRecord, StreamDescription } from '../../../extract/extract-types.ts';
import type { Warehouse } from '../../../warehouse/warehouse.ts';
import { useWarehouseFixture } from '../../warehouse/warehouse-fixture.ts';

const fixture = useWarehouseFixture();

const accounts: StreamDescription = {
  source: 'salesforce',
  stream: 'Account',
  table: 'salesforce__account',
  primaryKey: 'id',
  columns: [
    { name: 'id', type: 'VARCHAR', sourceField: 'Id' },
    { name: 'name', type: 'VARCHAR', sourceField: 'Name' },
    { name: 'annualrevenue', type: 'DECIMAL(18,2)', sourceField: 'AnnualRevenue' },
    { name: 'numberofemployees', type: 'BIGINT', sourceField: 'NumberOfEmployees' },
    { name: 'isactive', type: 'BOOLEAN' },
    { name: 'score', type: 'DOUBLE' },
    { name: 'founded', type: 'DATE' },
    { name: 'systemmodstamp', type: 'TIMESTAMP', sourceField: 'SystemModstamp' },
  ],
};

function record(id: string, values: Record<string, unknown>, deleted = false): ExtractedRecord {
  return { id, deleted, raw: { Id: id, ...values }, values: { id, ...values } };
}

function call(endpoint: string): ApiCallRow {
  return { run_id: 'run-1', system: 'salesforce', method: 'GET', endpoint, status: 200, duration_ms: 12, called_at: new Date('2026-01-02T03:04:05Z'), retry: 0, error: null };
}

async function rows(warehouse: Warehouse, query: string): Promise<Record<string, unknown>[]> {
  return (await sql<Record<string, unknown>>`${sql.raw(query)}`.execute(warehouse.db)).rows;
}

const extractedAt = new Date('2026-03-01T00:00:00Z');

describe('landPage', () => {
  it('lands typed columns, the system columns and the full record, with the cursor and api calls', async () => {
    const warehouse = await fixture.openMigrated();
    const page = {
      records: [
        record('001A', {
          name: 'Acme', annualrevenue: '1234.565', numberofemployees: '250', isactive: 'T', score: '0.75',
          founded: '1999-12-31', systemmodstamp: '2026-02-01T10:20:30.123+0000',
        }),
        record('001B', { name: 'Gone Inc', systemmodstamp: 1767225600000 }, true),
      ],
      cursor: { systemModstamp: '2026-02-01T10:20:30.123Z', id: '001B' },
    };
    const landed = await landPage(warehouse, { runId: 'run-1', stream: accounts, page, apiCalls: [call('/query')], extractedAt });
    expect(landed).toEqual({ records: 2, deleted: 1, dqExceptions: 0 });

    const [acme, gone] = await rows(warehouse, 'SELECT *, annualrevenue::VARCHAR AS revenue_text, systemmodstamp::VARCHAR AS modstamp_text, founded::VARCHAR AS founded_text FROM raw.salesforce__account ORDER BY _record_id');
    expect(acme).toMatchObject({
      _run_id: 'run-1', _deleted: false, _record_id: '001A', name: 'Acme', numberofemployees: 250n, isactive: true, score: 0.75,
      revenue_text: '1234.57', modstamp_text: '2026-02-01 10:20:30.123', founded_text: '1999-12-31',
    });
    expect(acme?._raw).toMatchObject({ Id: '001A', annualrevenue: '1234.565' });
    expect(gone).toMatchObject({ _deleted: true, modstamp_text: '2026-01-01 00:00:00' });

    expect(await readCursor(warehouse.db, 'salesforce', 'Account')).toEqual(page.cursor);
    expect(await rows(warehouse, 'SELECT system, endpoint, status, retry FROM meta.api_calls')).toEqual([{ system: 'salesforce', endpoint: '/query', status: 200, retry: 0 }]);
  });

  it('puts a value that does not fit its column in NULL, keeps it in _raw and writes one dq exception per reason', async () => {
    const warehouse = await fixture.openMigrated();
    const bad = [
      record('1', { founded: '31/31/2020' }),
      record('2', { systemmodstamp: 'yesterday' }),
      record('3', { annualrevenue: '12,5 EUR' }),
      record('4', { isactive: 'maybe' }),
      record('5', { name: 'x'.repeat(70 * 1024) }),
      record('6', { name: 'broken \uD800 text' }),
      record('7', { name: 'replaced \uFFFD text' }),
      record('8', { numberofemployees: '12.5' }),
    ];
    const landed = await landPage(warehouse, { runId: 'run-1', stream: accounts, page: { records: bad, cursor: { n: 1 } }, apiCalls: [], extractedAt });
    expect(landed.dqExceptions).toBe(8);
    const dq = await rows(warehouse, 'SELECT record_id, field, reason_code FROM meta.dq_exceptions ORDER BY record_id');
    expect(dq).toEqual([
      { record_id: '1', field: 'founded', reason_code: 'unparseable_date' },
      { record_id: '2', field: 'systemmodstamp', reason_code: 'unparseable_timestamp' },
      { record_id: '3', field: 'annualrevenue', reason_code: 'non_numeric' },
      { record_id: '4', field: 'isactive', reason_code: 'not_boolean' },
      { record_id: '5', field: 'name', reason_code: 'oversized_string' },
      { record_id: '6', field: 'name', reason_code: 'invalid_encoding' },
      { record_id: '7', field: 'name', reason_code: 'invalid_encoding' },
      { record_id: '8', field: 'numberofemployees', reason_code: 'non_numeric' },
    ]);
    const landedRows = await rows(warehouse, 'SELECT _record_id, name, founded, _raw FROM raw.salesforce__account ORDER BY _record_id');
    expect(landedRows).toHaveLength(8);
    expect(landedRows[0]).toMatchObject({ founded: null, _raw: { Id: '1', founded: '31/31/2020' } });
    expect(landedRows[5]).toMatchObject({ name: null, _raw: { name: 'broken \uD800 text' } });
  });

  it('adds a column for a new field, and keeps an existing column\'s type when the source changes it', async () => {
    const warehouse = await fixture.openMigrated();
    await landPage(warehouse, { runId: 'run-1', stream: accounts, page: { records: [record('1', { numberofemployees: 5 })], cursor: { n: 1 } }, apiCalls: [], extractedAt });

    const changed: StreamDescription = {
      ...accounts,
      columns: [
        ...accounts.columns.map((c) => (c.name === 'numberofemployees' ? { ...c, type: 'VARCHAR' as const } : c)),
        { name: 'industry', type: 'VARCHAR' },
      ],
    };
    const page = { records: [record('2', { numberofemployees: 'about fifty', industry: 'Mining' }), record('3', { numberofemployees: '60' })], cursor: { n: 2 } };
    const landed = await landPage(warehouse, { runId: 'run-2', stream: changed, page, apiCalls: [], extractedAt });
    expect(landed.dqExceptions).toBe(1);

    const types = await rows(warehouse, "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'raw' AND column_name IN ('numberofemployees', 'industry') ORDER BY column_name");
    expect(types).toEqual([{ column_name: 'industry', data_type: 'VARCHAR' }, { column_name: 'numberofemployees', data_type: 'BIGINT' }]);
    const landedRows = await rows(warehouse, 'SELECT _record_id, numberofemployees, industry FROM raw.salesforce__account ORDER BY _record_id');
    expect(landedRows).toEqual([
      { _record_id: '1', numberofemployees: 5n, industry: null },
      { _record_id: '2', numberofemployees: null, industry: 'Mining' },
      { _record_id: '3', numberofemployees: 60n, industry: null },
    ]);
    expect(await rows(warehouse, 'SELECT record_id, reason_code FROM meta.dq_exceptions')).toEqual([{ record_id: '2', reason_code: 'non_numeric' }]);
  });

  it('lands nothing and leaves the cursor where it was when the transaction fails midway', async () => {
    const warehouse = await fixture.openMigrated();
    await landPage(warehouse, { runId: 'run-1', stream: accounts, page: { records: [record('1', {})], cursor: { n: 1 } }, apiCalls: [call('/a')], extractedAt });

    // The cursor write comes after the records, dq rows and api calls: break it to fail the page there.
    await sql`ALTER TABLE meta.state RENAME TO state_away`.execute(warehouse.db);
    const page = { records: [record('2', { founded: 'bad' }), record('3', {})], cursor: { n: 2 } };
    await expect(landPage(warehouse, { runId: 'run-2', stream: accounts, page, apiCalls: [call('/b')], extractedAt }))
      .rejects.toThrow(/salesforce\/Account.*nothing of it was kept/);
    await sql`ALTER TABLE meta.state_away RENAME TO state`.execute(warehouse.db);

    expect(await rows(warehouse, 'SELECT _record_id FROM raw.salesforce__account')).toEqual([{ _record_id: '1' }]);
    expect(await rows(warehouse, 'SELECT count(*)::INT AS n FROM meta.dq_exceptions')).toEqual([{ n: 0 }]);
    expect(await rows(warehouse, 'SELECT endpoint FROM meta.api_calls')).toEqual([{ endpoint: '/a' }]);
    expect(await readCursor(warehouse.db, 'salesforce', 'Account')).toEqual({ n: 1 });
  });
});
