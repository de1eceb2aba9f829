import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { scheduleStatePath } from '../../cli/schedule-state.ts';
import { RUN_IN_PROGRESS_EXIT_CODE } from '../../ops/run-lock.ts';
import { CLI } from '../support/closeloop-cli.ts';
import { makeTempDir, removeDir } from '../support/dataset-files.ts';

const FAKE_RUN = path.resolve(import.meta.dirname, 'fixtures/fake-run.ts');
const HOLDER = path.resolve(import.meta.dirname, 'fixtures/hold-run-lock.ts');
const dirs: string[] = [];
const processes: ChildProcess[] = [];
afterEach(() => {
  for (const child of processes.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});
afterAll(async () => {
  for (const dir of dirs) await removeDir(dir);
});

interface Setup { dir: string; configFile: string; warehouse: string; records: string }
interface RunRecord { event: string; at: number; pid: number }

async function setup(schedule: { cron: string; timeZone?: string; catchUp?: boolean }): Promise<Setup> {
  const dir = await makeTempDir();
  dirs.push(dir);
  const configFile = path.join(dir, 'closeloop.json');
  writeFileSync(configFile, JSON.stringify({ warehouse: { path: 'warehouse.duckdb' }, schedule: { timeZone: 'UTC', catchUp: false, ...schedule }, sources: {} }));
  return { dir, configFile, warehouse: path.join(dir, 'warehouse.duckdb'), records: path.join(dir, 'runs.ndjson') };
}

class Daemon {
  readonly process: ChildProcess;
  stdout = '';
  stderr = '';
  readonly exited: Promise<number | null>;

  constructor(args: string[], env: NodeJS.ProcessEnv) {
    this.process = spawn(process.execPath, [CLI, 'schedule', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    processes.push(this.process);
    this.process.stdout!.on('data', (d: Buffer) => (this.stdout += d.toString()));
    this.process.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.exited = new Promise((resolve) => this.process.once('exit', (code) => resolve(code)));
  }

  /** The scheduler's structured log lines. */
  logs(): Record<string, unknown>[] {
    return this.stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.command === 'schedule');
  }

  messages(): string[] {
    return this.logs().map((l) => String(l.msg));
  }
}

/** `closeloop schedule` with the fake run (sleeping `sleepMs`) in place of `closeloop run`. */
function startDaemon(s: Setup, sleepMs: number, args: string[] = []): Daemon {
  return new Daemon(['--config', s.configFile, ...args], { CLOSELOOP_SCHEDULE_RUN_COMMAND: JSON.stringify([process.execPath, FAKE_RUN, s.records, String(sleepMs)]), CLOSELOOP_LOG_LEVEL: 'info' });
}

function records(s: Setup): RunRecord[] {
  if (!existsSync(s.records)) return [];
  return readFileSync(s.records, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as RunRecord);
}

async function waitFor(what: string, condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('closeloop schedule', () => {
  it('runs at each slot of a seconds-level cron, never two runs at once: a slot during a run is skipped and logged', async () => {
    const s = await setup({ cron: '* * * * * *' });
    const daemon = startDaemon(s, 1500);
    await waitFor('three runs to finish', () => daemon.messages().filter((m) => m === 'run finished').length >= 3, 30_000);
    daemon.process.kill('SIGTERM');
    expect(await daemon.exited).toBe(0);

    const runs = records(s).filter((r) => r.event === 'start' || r.event === 'end');
    for (let i = 0; i < runs.length; i += 2) {
      expect(runs[i]!.event).toBe('start');
      if (runs[i + 1]) expect(runs[i + 1]).toMatchObject({ event: 'end', pid: runs[i]!.pid });
      if (runs[i + 2]) expect(runs[i + 2]!.at).toBeGreaterThanOrEqual(runs[i + 1]!.at);
    }
    expect(daemon.messages()).toContain('slot skipped: the previous run is still running');
    expect(runs.filter((r) => r.event === 'start').length).toBeGreaterThanOrEqual(3);
    const skipped = daemon.logs().find((l) => l.msg === 'slot skipped: the previous run is still running')!;
    expect(skipped).toMatchObject({ level: 40, reason: 'scheduled' });
    expect(skipped.runningSince).toEqual(expect.any(String));
  });

  it('says at start what it will do: the cron, the time zone and the next slot in that zone and in UTC', async () => {
    const s = await setup({ cron: '30 1 1 1 *', timeZone: 'Europe/Berlin' });
    const daemon = startDaemon(s, 0);
    await waitFor('the start line', () => daemon.messages().includes('scheduler started'));
    daemon.process.kill('SIGTERM');
    expect(await daemon.exited).toBe(0);
    const year = new Date().getUTCFullYear() + 1;
    expect(daemon.stdout).toContain(`closeloop schedule: "30 1 1 1 *" in Europe/Berlin; next run ${year}-01-01 01:30:00 GMT+1 (${year}-01-01T00:30:00.000Z UTC).`);
    expect(daemon.logs()[0]).toMatchObject({ msg: 'scheduler started', cron: '30 1 1 1 *', timeZone: 'Europe/Berlin', nextSlot: `${year}-01-01T00:30:00.000Z` });
  });

  it('catches up on start when the last run started before the previous slot, and not when it started after it', async () => {
    const s = await setup({ cron: '0 0 1 * *', catchUp: true });
    const now = new Date();
    const previousSlot = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    const before = new Date(previousSlot.getTime() - 86_400_000).toISOString();
    writeFileSync(scheduleStatePath(s.warehouse), JSON.stringify({ lastSlot: before, startedAt: before }));
    const started = Date.now();
    const daemon = startDaemon(s, 60_000);
    await waitFor('the catch-up run', () => records(s).some((r) => r.event === 'start'));
    expect(records(s)[0]!.at - started).toBeLessThan(10_000);
    expect(daemon.logs().find((l) => l.msg === 'catching up the missed slot')).toMatchObject({ slot: previousSlot.toISOString(), lastRunStart: before });
    const state = JSON.parse(readFileSync(scheduleStatePath(s.warehouse), 'utf8')) as { lastSlot: string; startedAt: string };
    expect(state.lastSlot).toBe(previousSlot.toISOString());
    expect(Date.parse(state.startedAt)).toBeGreaterThanOrEqual(started);
    daemon.process.kill('SIGTERM');
    expect(await daemon.exited).toBe(0);

    // The state now says a run started after the previous slot: a restart does not run again.
    const restarted = startDaemon(s, 60_000);
    await waitFor('the restart', () => restarted.messages().includes('scheduler started'));
    await new Promise((r) => setTimeout(r, 1500));
    restarted.process.kill('SIGTERM');
    expect(await restarted.exited).toBe(0);
    expect(records(s).filter((r) => r.event === 'start')).toHaveLength(1);
    expect(restarted.messages()).not.toContain('catching up the missed slot');
  });

  it('on SIGTERM forwards it to the running run, waits for it to checkpoint and exit, then exits 0', async () => {
    const s = await setup({ cron: '0 0 1 * *', catchUp: true });
    const daemon = startDaemon(s, 60_000);
    await waitFor('the catch-up run', () => records(s).some((r) => r.event === 'start'));
    daemon.process.kill('SIGTERM');
    expect(await daemon.exited).toBe(0);
    const exitedAt = Date.now();
    expect(records(s).map((r) => r.event)).toEqual(['start', 'sigterm', 'end']);
    expect(records(s)[2]!.at).toBeLessThanOrEqual(exitedAt);
    expect(daemon.messages()).toEqual(expect.arrayContaining(['stopping: waiting for the running run to checkpoint and exit', 'run finished', 'scheduler stopped']));
  });

  it('on SIGTERM with no run going exits 0 at once', async () => {
    const s = await setup({ cron: '0 0 1 1 *' });
    const daemon = startDaemon(s, 0);
    await waitFor('the start line', () => daemon.messages().includes('scheduler started'));
    const signalled = Date.now();
    daemon.process.kill('SIGTERM');
    expect(await daemon.exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(2000);
    expect(records(s)).toEqual([]);
  });

  it('skips a slot, and logs who holds the warehouse, while another process (a manual run) holds the run lock', async () => {
    const s = await setup({ cron: '* * * * * *' });
    const holder = spawn(process.execPath, [HOLDER, s.warehouse, 'closeloop run --config closeloop.json'], { stdio: ['ignore', 'pipe', 'inherit'] });
    processes.push(holder);
    await new Promise<void>((resolve) => holder.stdout!.on('data', (d: Buffer) => d.toString().includes('held') && resolve()));
    const daemon = startDaemon(s, 0);
    await waitFor('two skipped slots', () => daemon.logs().filter((l) => String(l.msg).startsWith('slot skipped: another run holds the warehouse')).length >= 2);
    const skipped = daemon.logs().find((l) => String(l.msg).startsWith('slot skipped: another run holds the warehouse'))!;
    expect(skipped.msg).toContain(`pid ${holder.pid}`);
    expect(skipped.holder).toMatchObject({ pid: holder.pid, command: 'closeloop run --config closeloop.json', runId: 'run-manual' });
    expect(records(s)).toEqual([]);

    holder.kill('SIGTERM');
    await waitFor('a run once the lock is free', () => records(s).some((r) => r.event === 'end'));
    daemon.process.kill('SIGTERM');
    expect(await daemon.exited).toBe(0);
  });

  it('treats a run that found the lock taken (exit code 75) as a skipped slot, keeping the last scheduled run on record', async () => {
    const s = await setup({ cron: '0 0 1 1 *' });
    const daemon = new Daemon(['--config', s.configFile, '--once-now'], {
      CLOSELOOP_SCHEDULE_RUN_COMMAND: JSON.stringify([process.execPath, '-e', `process.exit(${RUN_IN_PROGRESS_EXIT_CODE})`, '--']),
    });
    expect(await daemon.exited).toBe(RUN_IN_PROGRESS_EXIT_CODE);
    expect(daemon.logs().at(-1)).toMatchObject({ msg: 'slot skipped: another run holds the warehouse', exitCode: RUN_IN_PROGRESS_EXIT_CODE });
    expect(existsSync(scheduleStatePath(s.warehouse))).toBe(false);
  });

  it('refuses a bad schedule before it starts', async () => {
    const s = await setup({ cron: '0 2 * * *', timeZone: 'Europe/Atlantis' });
    const daemon = startDaemon(s, 0);
    expect(await daemon.exited).toBe(1);
    expect(daemon.stderr).toContain('schedule.timeZone "Europe/Atlantis" is not a known IANA time zone');
  });

  it('starts the real `closeloop run`, and on restart reads meta.runs to know the slot was run', async () => {
    const s = await setup({ cron: '0 0 1 * *', catchUp: true });
    const once = new Daemon(['--config', s.configFile, '--once-now'], {});
    // No sources configured: the run fails at extract, but it ran and is recorded in meta.runs.
    expect(await once.exited).toBe(1);
    expect(once.logs().at(-1)).toMatchObject({ msg: 'run failed', exitCode: 1 });
    expect(existsSync(s.warehouse)).toBe(true);

    writeFileSync(scheduleStatePath(s.warehouse), '{}'); // the scheduler's own record lost: meta.runs decides
    const restarted = startDaemon(s, 0);
    await waitFor('the restart', () => restarted.messages().includes('scheduler started'));
    await new Promise((r) => setTimeout(r, 1500));
    restarted.process.kill('SIGTERM');
    expect(await restarted.exited).toBe(0);
    expect(restarted.messages()).not.toContain('catching up the missed slot');
    expect(restarted.messages()).not.toContain('catch-up decided from the scheduler state only');
    expect(records(s)).toEqual([]);
  });
});
