import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { acquireRunLock, RunInProgress, runInfoPath, runLockHolder, runLockPath } from '../../ops/run-lock.ts';
import { makeTempDir, removeDir } from '../support/dataset-files.ts';

const HOLDER = path.resolve(import.meta.dirname, '../cli/fixtures/hold-run-lock.ts');
const dirs: string[] = [];
const holders: ChildProcess[] = [];
afterEach(() => {
  for (const holder of holders.splice(0)) holder.kill('SIGKILL');
});
afterAll(async () => {
  for (const dir of dirs) await removeDir(dir);
});

async function warehouseFile(): Promise<string> {
  const dir = await makeTempDir();
  dirs.push(dir);
  return path.join(dir, 'warehouse.duckdb');
}

/** A second process holding the run lock, as a manual `closeloop run` would. */
async function holdInAnotherProcess(warehousePath: string): Promise<ChildProcess> {
  const holder = spawn(process.execPath, [HOLDER, warehousePath], { stdio: ['ignore', 'pipe', 'inherit'] });
  holders.push(holder);
  await new Promise<void>((resolve, reject) => {
    holder.stdout!.on('data', (d: Buffer) => d.toString().includes('held') && resolve());
    holder.once('exit', (code) => reject(new Error(`the lock holder exited with ${code}`)));
  });
  return holder;
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}

describe('run lock', () => {
  it('records who holds it beside the warehouse, and removes that record on release', async () => {
    const warehouse = await warehouseFile();
    const lock = await acquireRunLock(warehouse, { runId: 'run-20261101T020000-abcd1234', command: 'closeloop run --config closeloop.json' });
    const info = JSON.parse(readFileSync(runInfoPath(warehouse), 'utf8')) as Record<string, unknown>;
    expect(info).toMatchObject({ pid: process.pid, host: hostname(), command: 'closeloop run --config closeloop.json', runId: 'run-20261101T020000-abcd1234' });
    expect(Date.parse(info.since as string)).toBeGreaterThan(Date.now() - 10_000);
    await expect(runLockHolder(warehouse)).resolves.toMatchObject({ pid: process.pid });
    await expect(acquireRunLock(warehouse, { command: 'second' })).rejects.toBeInstanceOf(RunInProgress);

    await lock.release();
    await lock.release();
    expect(existsSync(runInfoPath(warehouse))).toBe(false);
    expect(existsSync(runLockPath(warehouse))).toBe(false);
    await expect(runLockHolder(warehouse)).resolves.toBeUndefined();
    await (await acquireRunLock(warehouse, { command: 'next night' })).release();
  });

  it('refuses a second run while another process holds it, naming the holder and how to stop it', async () => {
    const warehouse = await warehouseFile();
    const holder = await holdInAnotherProcess(warehouse);
    const refused = await acquireRunLock(warehouse, { command: 'closeloop run' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RunInProgress);
    const message = (refused as Error).message;
    expect(message).toContain(`pid ${holder.pid} on ${hostname()}`);
    expect(message).toContain('`closeloop run --config closeloop.json` (run-manual), since 20');
    expect(message).toContain(`Wait for it to finish, or stop it with SIGTERM (kill -TERM ${holder.pid})`);
    expect((refused as RunInProgress).holder).toMatchObject({ pid: holder.pid });

    holder.kill('SIGTERM');
    await exited(holder);
    expect(existsSync(runInfoPath(warehouse))).toBe(false);
    await (await acquireRunLock(warehouse, { command: 'closeloop run' })).release();
  });

  it('takes over at once from a holder on this host that was killed', async () => {
    const warehouse = await warehouseFile();
    const holder = await holdInAnotherProcess(warehouse);
    holder.kill('SIGKILL');
    await exited(holder);
    expect(existsSync(runLockPath(warehouse))).toBe(true); // a killed process leaves its lock behind

    await expect(runLockHolder(warehouse)).resolves.toBeUndefined();
    const started = Date.now();
    const lock = await acquireRunLock(warehouse, { command: 'closeloop run' });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(JSON.parse(readFileSync(runInfoPath(warehouse), 'utf8'))).toMatchObject({ pid: process.pid });
    await lock.release();
  });

  it('keeps a live holder on this host even when its lock was not refreshed for a while', async () => {
    const warehouse = await warehouseFile();
    const holder = await holdInAnotherProcess(warehouse);
    const minuteAgo = new Date(Date.now() - 60_000);
    utimesSync(runLockPath(warehouse), minuteAgo, minuteAgo);
    await expect(acquireRunLock(warehouse, { command: 'closeloop run' })).rejects.toBeInstanceOf(RunInProgress);
    await expect(runLockHolder(warehouse)).resolves.toMatchObject({ pid: holder.pid });
  });

  it('takes over from a holder on another host once its lock is 30 seconds stale', async () => {
    const warehouse = await warehouseFile();
    mkdirSync(runLockPath(warehouse));
    writeFileSync(runInfoPath(warehouse), JSON.stringify({ pid: 4242, host: 'night-box-2', command: 'closeloop run', since: '2026-11-01T02:00:00.000Z' }));
    const fresh = await acquireRunLock(warehouse, { command: 'closeloop run' }).catch((error: unknown) => error);
    expect((fresh as Error).message).toContain('pid 4242 on night-box-2');
    expect((fresh as Error).message).toContain('stop it on night-box-2 with SIGTERM (pid 4242)');

    const stale = new Date(Date.now() - 31_000);
    utimesSync(runLockPath(warehouse), stale, stale);
    await expect(runLockHolder(warehouse)).resolves.toBeUndefined();
    const lock = await acquireRunLock(warehouse, { command: 'closeloop run' });
    expect(JSON.parse(readFileSync(runInfoPath(warehouse), 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    await lock.release();
  });
});
