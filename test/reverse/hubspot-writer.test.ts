import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/pipeline-config.ts';
import { createCrmWriters, type CrmWriters } from '../../reverse/crm-writers.ts';
import { SYNC_TARGETS } from '../../reverse/sync-fields.ts';
import type { CrmWriter } from '../../reverse/crm-writer.ts';
import type { RunningSandbox } from '../../sandbox/sandbox-server.ts';
import { makeTempDir, removeDir } from '../support/dataset-files.ts';
import { sandboxClients, sandboxForExtract } from '../extract/extract-support.ts';

const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

describe('the HubSpot writer', () => {
  let sandbox: RunningSandbox;
  let crm: CrmWriters;
  let hubspot: CrmWriter;
  let ids: string[];

  beforeAll(async () => {
    const dir = await makeTempDir('closeloop-hs-writer-');
    cleanup.push(() => removeDir(dir));
    const served = await sandboxForExtract(dir, {}, 30);
    sandbox = served.sandbox;
    cleanup.push(() => sandbox.close());
    crm = await createCrmWriters(loadConfig(served.configFile, {}), 'hs-writer-test', { backoff: { baseMs: 1, capMs: 5 } });
    hubspot = crm.writers.find((w) => w.system === 'hubspot')!;
    await hubspot.setUpFields(SYNC_TARGETS, false);
    ids = (await sandboxClients(sandbox).hubspot.crm.companies.basicApi.getPage(10)).results.map((c) => c.id);
  }, 60_000);

  it('splits a batch HubSpot refuses for one bad value until it stands alone: the others are written', async () => {
    const updates = ids.map((id, i) => ({ recordId: id, values: { erp_health: i === 3 ? 'purple' : 'green' } }));
    const results = await hubspot.write('companies', updates, { size: 100, bulk: false });
    expect(results.filter((r) => r.ok).map((r) => r.recordId)).toEqual(ids.filter((_, i) => i !== 3));
    expect(results[3]).toMatchObject({ ok: false, code: 'VALIDATION_ERROR', message: expect.stringMatching(/purple/) });
    const read = await hubspot.read('companies', ids, ['erp_health']);
    expect(ids.map((id) => read.get(id)?.erp_health)).toEqual(ids.map((_, i) => (i === 3 ? null : 'green')));
    // Halves of halves: far fewer requests than one per record.
    expect(crm.takeCalls().filter((c) => c.endpoint.endsWith('/batch/update')).length).toBeLessThan(ids.length);
  });

  it('does not split a batch refused for a property that does not exist: the whole request fails with the reason', async () => {
    const updates = ids.map((id) => ({ recordId: id, values: { erp_region: 'EMEA' } }));
    await expect(hubspot.write('companies', updates, { size: 100, bulk: false })).rejects.toThrow(/erp_region/);
    expect(crm.takeCalls().filter((c) => c.endpoint.endsWith('/batch/update'))).toHaveLength(1);
  });
});
