import { describe, expect, it } from 'vitest';
import { clearCursor, readCursor, writeCursor } from '../../../extract/state/cursor-store.ts';
import { useWarehouseFixture } from '../../warehouse/warehouse-fixture.ts';

const fixture = useWarehouseFixture();

describe('cursor store', () => {
  it('reads null before any page, the last written cursor after, and null again after a full-refresh clear', async () => {
    const warehouse = await fixture.openMigrated();
    expect(await readCursor(warehouse.db, 'salesforce', 'Account')).toBeNull();
    await warehouse.withConnection(async (connection) => {
      await writeCursor(connection, { source: 'salesforce', stream: 'Account', cursor: { modstamp: '2026-01-01T00:00:00Z', id: '001' }, runId: 'r1' });
      await writeCursor(connection, { source: 'salesforce', stream: 'Account', cursor: { modstamp: '2026-01-02T00:00:00Z', id: '002' }, runId: 'r2' });
      await writeCursor(connection, { source: 'hubspot', stream: 'deals', cursor: { after: 5 }, runId: 'r2' });
    });
    expect(await readCursor(warehouse.db, 'salesforce', 'Account')).toEqual({ modstamp: '2026-01-02T00:00:00Z', id: '002' });
    await clearCursor(warehouse.db, 'salesforce', 'Account');
    expect(await readCursor(warehouse.db, 'salesforce', 'Account')).toBeNull();
    expect(await readCursor(warehouse.db, 'hubspot', 'deals')).toEqual({ after: 5 });
  });
});
