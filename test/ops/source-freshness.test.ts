import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { sql } from 'kysely';
import { sourceFreshness } from '../../ops/source-freshness.ts';
import { migrateWarehouse } from '../../warehouse/migrate.ts';
import { openWarehouse, type Warehouse } from '../../warehouse/warehouse.ts';
import { makeTempDir, removeDir } from '../support/dataset-files.ts';

let dir: string;
let warehouse: Warehouse;

beforeAll(async () => {
  dir = await makeTempDir();
  warehouse = await openWarehouse(path.join(dir, 'warehouse.duckdb'));
  await migrateWarehouse(warehouse.db);
});
afterAll(async () => {
  await warehouse.close();
  await removeDir(dir);
});

type Stream = { source: string; stream: string; status: string };
const ok = (source: string, stream: string): Stream => ({ source, stream, status: 'ok' });

async function run(runId: string, finishedAt: string | null, stages: unknown): Promise<void> {
  await warehouse.db.insertInto('meta.runs').values({
    run_id: runId, as_of: new Date('2026-11-01T00:00:00Z'), status: 'ok',
    finished_at: finishedAt === null ? null : new Date(finishedAt), stages: sql`${JSON.stringify(stages)}::JSON` as never,
  }).execute();
}

const now = new Date('2026-11-03T12:00:00Z');
const ALL = ['salesforce', 'hubspot', 'netsuite'] as const;

describe('sourceFreshness', () => {
  beforeAll(async () => {
    // Oldest first. Layout before stage detail moved into `detail`: extract.streams.
    await run('run-1', '2026-11-01T02:00:00Z', { extract: { status: 'ok', streams: [ok('salesforce', 'Account'), ok('netsuite', 'customer'), ok('hubspot', 'companies')] } });
    // HubSpot ok here in the current layout; NetSuite failed one stream; Salesforce not extracted.
    await run('run-2', '2026-11-02T02:00:00Z', { extract: { status: 'failed', detail: { streams: [ok('hubspot', 'companies'), ok('hubspot', 'deals'), ok('netsuite', 'customer'), { source: 'netsuite', stream: 'transaction', status: 'failed' }] } } });
    // A quota stop is not a success; a build-only run says nothing about extraction.
    await run('run-3', '2026-11-03T02:00:00Z', { extract: { status: 'warning', detail: { streams: [{ source: 'salesforce', stream: 'Account', status: 'quota_stopped' }] } }, build: { status: 'ok' } });
    await run('run-4', '2026-11-03T03:00:00Z', { build: { status: 'ok' } });
    // Still running (or died): no finished_at, not counted.
    await run('run-5', null, { extract: { detail: { streams: [ok('salesforce', 'Account'), ok('netsuite', 'customer')] } } });
  });

  it('takes the finish time of the latest run whose every stream of the source was ok, in either layout', async () => {
    const result = await sourceFreshness(warehouse.db, now, 36, ALL);
    expect(result).toEqual([
      { source: 'salesforce', lastSuccessAt: new Date('2026-11-01T02:00:00Z'), hoursSince: 58, stale: true },
      { source: 'hubspot', lastSuccessAt: new Date('2026-11-02T02:00:00Z'), hoursSince: 34, stale: false },
      { source: 'netsuite', lastSuccessAt: new Date('2026-11-01T02:00:00Z'), hoursSince: 58, stale: true },
    ]);
  });

  it('follows the configured sources and the threshold; a source never extracted is stale', async () => {
    expect((await sourceFreshness(warehouse.db, now, 72, ['netsuite'])).map((f) => [f.source, f.stale])).toEqual([['netsuite', false]]);
    const empty = await openWarehouse(path.join(dir, 'empty.duckdb'));
    try {
      await migrateWarehouse(empty.db);
      expect(await sourceFreshness(empty.db, now, 36, ['hubspot'])).toEqual([{ source: 'hubspot', lastSuccessAt: null, hoursSince: null, stale: true }]);
    } finally {
      await empty.close();
    }
  });
});
