import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { openWarehouse } from '../../warehouse/warehouse.ts';
import { makeTempDir, removeDir } from '../support/dataset-files.ts';
import { CLI, closeloop } from '../support/closeloop-cli.ts';
import { crmValues, desiredValues, reverseSandbox, validationFailures, type ReverseSandbox } from './reverse-kit.ts';

const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

/** Runs `closeloop reverse`, killed (SIGKILL) as its `killAt`-th write request reaches the CRM; null when killed. */
function reverseKilledAt(kit: ReverseSandbox, killAt: number): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'reverse', '--config', kit.configFile], { stdio: 'ignore' });
    const base = kit.writeRequests;
    kit.onWriteRequest = (count) => {
      // The CRM still handles this request: the write lands, the answer never reaches the writer.
      if (count === base + killAt) child.kill('SIGKILL');
    };
    child.on('close', (code) => resolve(code));
  });
}

describe('closeloop reverse killed mid-run', () => {
  it('a run killed at any write and rerun ends in the desired state, with no record written twice for the same change', async () => {
    const dir = await makeTempDir('closeloop-reverse-kill-');
    cleanup.push(() => removeDir(dir));
    const kit = await reverseSandbox(dir, {}, 300);
    cleanup.push(() => kit.sandbox.close());

    // Each killed run dies while a write is in flight; the next one resumes (write counts restart per run).
    for (const killAt of [3, 1, 2]) expect(await reverseKilledAt(kit, killAt)).toBeNull();
    kit.onWriteRequest = () => undefined;
    const final = await closeloop(['reverse', '--config', kit.configFile]);
    expect([0, 2], final.stderr + final.stdout).toContain(final.code);

    const desired = await desiredValues(kit.warehouseFile);
    const failing = await validationFailures(dir);
    const crm = await crmValues(kit);
    for (const [key, values] of desired) if (!failing.has(key)) expect(crm.get(key), key).toMatchObject(values);

    const sent = kit.writes.map((w) => `${w.key} ${w.values}`);
    expect(sent.length).toBeGreaterThan(200);
    expect(new Set(sent).size).toBe(sent.length);

    const warehouse = await openWarehouse(kit.warehouseFile);
    try {
      const rows = await warehouse.withConnection(async (c) => (await c.runAndReadAll(
        `SELECT (SELECT count(*) FROM meta.sync_in_flight) AS in_flight,
           (SELECT count(*) FROM meta.sync_log WHERE status = 'confirmed') AS confirmed,
           (SELECT count(*) FROM (SELECT system, object, record_id, field_group FROM meta.sync_log WHERE status IN ('sent', 'confirmed') GROUP BY ALL HAVING count(*) > 1)) AS twice`,
      )).getRowObjectsJS());
      expect(rows[0]).toMatchObject({ in_flight: 0n, twice: 0n });
      expect(Number(rows[0]!.confirmed)).toBeGreaterThan(0);
    } finally {
      await warehouse.close();
    }
  }, 180_000);
});
