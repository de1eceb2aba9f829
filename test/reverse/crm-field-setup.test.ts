import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/pipeline-config.ts';
import { createCrmWriters, type CrmWriters } from '../../reverse/crm-writers.ts';
import { SYNC_TARGETS, type SyncTarget } from '../../reverse/sync-fields.ts';
import { salesforceSetupAdvice } from '../../reverse/salesforce-field-setup.ts';
import type { RunningSandbox } from '../../sandbox/sandbox-server.ts';
import { makeTempDir, removeDir } from '../support/dataset-files.ts';
import { sandboxClients, sandboxForExtract } from '../extract/extract-support.ts';

const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

describe('setting the CRMs up for the write-back', () => {
  let sandbox: RunningSandbox;
  let crm: CrmWriters;

  beforeAll(async () => {
    const dir = await makeTempDir('closeloop-setup-');
    cleanup.push(() => removeDir(dir));
    const served = await sandboxForExtract(dir, {}, 20);
    sandbox = served.sandbox;
    cleanup.push(() => sandbox.close());
    crm = await createCrmWriters(loadConfig(served.configFile, {}), 'setup-test');
  }, 60_000);

  const writer = (system: string) => crm.writers.find((w) => w.system === system)!;

  it('Salesforce: lists fields the org lacks (custom fields need an admin), pointing at the metadata package', async () => {
    const account = SYNC_TARGETS.find((t) => t.kind === 'account')!;
    const withUnknown: SyncTarget = { ...account, fields: [...account.fields, { ...account.fields[0]!, column: 'x', salesforce: 'ERP_Region__c', hubspot: 'erp_region' }] };
    expect(await writer('salesforce').setUpFields(SYNC_TARGETS, false)).toMatchObject({ missing: [] });
    expect(await writer('salesforce').setUpFields([withUnknown], false)).toMatchObject({ missing: ['Account.ERP_Region__c (Text)'] });
    expect(salesforceSetupAdvice()).toMatch(/deploy the metadata package in reverse\/salesforce-metadata\/ .*sf project deploy start --metadata-dir reverse\/salesforce-metadata/);
  });

  it('HubSpot: creates the erp group and every missing property with its type and options, once', async () => {
    const hubspot = sandboxClients(sandbox).hubspot;
    const dry = await writer('hubspot').setUpFields(SYNC_TARGETS, true);
    expect(dry.notes).toEqual([expect.stringMatching(/^hubspot companies: would create 8 properties/), expect.stringMatching(/^hubspot deals: would create 3 properties/)]);
    await expect(hubspot.crm.properties.coreApi.getByName('companies', 'erp_health')).rejects.toThrow();

    const created = await writer('hubspot').setUpFields(SYNC_TARGETS, false);
    expect(created.notes).toContain('hubspot companies: created property group "erp"');
    const health = await hubspot.crm.properties.coreApi.getByName('companies', 'erp_health');
    expect(health).toMatchObject({ type: 'enumeration', fieldType: 'select', groupName: 'erp' });
    expect(health.options.map((o) => o.value)).toEqual(['green', 'yellow', 'red']);
    expect(await hubspot.crm.properties.coreApi.getByName('companies', 'erp_credit_hold')).toMatchObject({ type: 'bool', fieldType: 'booleancheckbox' });
    expect(await hubspot.crm.properties.coreApi.getByName('deals', 'erp_invoiced_amount')).toMatchObject({ type: 'number', groupName: 'erp' });
    // erp_customer_id already existed (an earlier integration made it): kept where it was.
    expect(await hubspot.crm.properties.coreApi.getByName('companies', 'erp_customer_id')).toMatchObject({ groupName: 'companyinformation' });

    expect(await writer('hubspot').setUpFields(SYNC_TARGETS, false)).toEqual({ notes: [], missing: [] });
  });
});
