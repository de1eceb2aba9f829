import { afterAll, describe, expect, it } from 'vitest';
import { parseFaultSpec } from '../../sandbox/faults/fault-spec.ts';
import { openWarehouse } from '../../warehouse/warehouse.ts';
import { makeTempDir, removeDir } from '../support/dataset-files.ts';
import { closeloop } from '../support/closeloop-cli.ts';
import { restartWithFaults, reverseSandbox } from './reverse-kit.ts';

const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

describe('closeloop reverse at a quota stop', () => {
  it('stops the CRM that reached its quota share, goes on with the other, finishes with a warning, and gives each record one outcome', async () => {
    const dir = await makeTempDir('closeloop-reverse-quota-');
    cleanup.push(() => removeDir(dir));
    const kit = await restartWithFaults(await reverseSandbox(dir, {}, 150), dir, parseFaultSpec('salesforce.daily-limit=3'));
    cleanup.push(() => kit.sandbox.close());

    const result = await closeloop(['reverse', '--config', kit.configFile]);
    expect(result.code, result.stdout + result.stderr).toBe(2);
    expect(result.stdout).toMatch(/salesforce Opportunity: 0 of \d+ records updated .*stopped: salesforce: stopped at \d+\/3 daily API requests/);
    expect(result.stdout).toMatch(/hubspot companies: (\d+) of \1 records updated/);
    expect(result.stdout).toMatch(/hubspot deals: (\d+) of \1 records updated/);

    const warehouse = await openWarehouse(kit.warehouseFile);
    try {
      const [row] = await warehouse.withConnection(async (c) => (await c.runAndReadAll(`
        SELECT (SELECT count(*) FROM (SELECT record_id FROM meta.sync_log GROUP BY system, object, record_id, field_group HAVING count(DISTINCT status) > 1)) AS mixed,
          (SELECT count(*) FROM meta.sync_log WHERE system = 'salesforce' AND object = 'Opportunity') AS opportunities_logged`)).getRowObjectsJS());
      expect(row).toMatchObject({ mixed: 0n, opportunities_logged: 0n });
    } finally {
      await warehouse.close();
    }
  }, 120_000);

  it('a quota stop while checking the CRM\'s fields stops that CRM only: the other is written', async () => {
    const dir = await makeTempDir('closeloop-reverse-quota-setup-');
    cleanup.push(() => removeDir(dir));
    const kit = await restartWithFaults(await reverseSandbox(dir, {}, 60), dir, parseFaultSpec('salesforce.daily-limit=1'));
    cleanup.push(() => kit.sandbox.close());
    const result = await closeloop(['reverse', '--config', kit.configFile]);
    expect(result.code, result.stdout + result.stderr).toBe(2);
    expect(result.stdout).toMatch(/setup: salesforce: salesforce: stopped at 1\/1 daily API requests/);
    expect(result.stdout).toMatch(/salesforce Account: 0 of \d+ records updated .*stopped/);
    expect(result.stdout).toMatch(/hubspot companies: (\d+) of \1 records updated/);
  }, 120_000);
});
