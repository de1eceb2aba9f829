import { spawn, type ChildProcess } from 'node:child_process';
import { constants as osConstants } from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import cron, { type ScheduledTask } from 'node-cron';
import { loadConfig } from '../config/pipeline-config.ts';
import { RUN_IN_PROGRESS_EXIT_CODE, runLockHolder } from '../ops/run-lock.ts';
import { formatInZone, scheduleSlots, validateSchedule, type ScheduleSlots } from '../ops/schedule-slots.ts';
import { createLogger } from '../ops/logger.ts';
import type { ScheduleLog } from './schedule-log.ts';
import { lastRunStart, readScheduleState, writeScheduleState } from './schedule-state.ts';

/** For tests only: the run command as a JSON array of argv (`--config FILE` is appended). */
const RUN_COMMAND_ENV = 'CLOSELOOP_SCHEDULE_RUN_COMMAND';
const CLI = path.resolve(import.meta.dirname, 'closeloop.ts');

interface ScheduleOptions {
  config: string;
  onceNow?: boolean;
}

export function registerScheduleCommand(program: Command): void {
  program
    .command('schedule')
    .description('Runs `closeloop run` at each slot of the config\'s schedule (cron, time zone), one run at a time; catches up a missed slot on start.')
    .option('--config <file>', 'pipeline config file', 'closeloop.json')
    .option('--once-now', 'start one run now, as the scheduler would, wait for it and exit with its exit code')
    .action(async (opts: ScheduleOptions) => {
      process.exitCode = await scheduleCommand(opts);
    });
}

/** How a run ended: its exit code, or the signal that ended it. */
interface RunEnd {
  readonly code: number;
  readonly signal?: NodeJS.Signals;
}

interface Scheduler {
  readonly warehousePath: string;
  readonly slots: ScheduleSlots;
  readonly log: ScheduleLog;
  readonly runArgv: readonly string[];
  child?: { process: ChildProcess; slot: Date; startedAt: Date; done: Promise<RunEnd> };
  stopping: boolean;
}

async function scheduleCommand(opts: ScheduleOptions): Promise<number> {
  const { config } = loadConfig(opts.config);
  validateSchedule(config.schedule);
  const { cron: expression, timeZone, catchUp } = config.schedule;
  const scheduler: Scheduler = {
    warehousePath: path.resolve(path.dirname(opts.config), config.warehouse.path),
    slots: scheduleSlots(config.schedule),
    log: createLogger().child({ command: 'schedule' }),
    runArgv: [...runCommand(), '--config', path.resolve(opts.config)],
    stopping: false,
  };
  announce(scheduler, expression, timeZone);
  if (opts.onceNow) {
    stopOnSignals(scheduler);
    return runOnceNow(scheduler);
  }
  const task = cron.schedule(expression, (context) => void startRunLogged(scheduler, context.date), { timezone: timeZone, name: 'closeloop run' });
  stopOnSignals(scheduler, task);
  if (catchUp) await catchUpMissedSlot(scheduler).catch((error: unknown) => scheduler.log.error({ err: error }, 'catch-up failed; waiting for the next slot'));
  return new Promise<number>(() => {}); // runs until a signal ends the process
}

function announce(scheduler: Scheduler, expression: string, timeZone: string): void {
  const next = scheduler.slots.nextSlot(new Date());
  const line = `closeloop schedule: "${expression}" in ${timeZone}; next run ${formatInZone(next, timeZone)} (${next.toISOString()} UTC).`;
  console.log(line);
  scheduler.log.info({ cron: expression, timeZone, nextSlot: next.toISOString(), nextSlotLocal: formatInZone(next, timeZone), warehouse: scheduler.warehousePath }, 'scheduler started');
}

async function runOnceNow(scheduler: Scheduler): Promise<number> {
  const now = new Date();
  await startRun(scheduler, now, 'once-now');
  return scheduler.child ? (await scheduler.child.done).code : RUN_IN_PROGRESS_EXIT_CODE;
}

async function catchUpMissedSlot(scheduler: Scheduler): Promise<void> {
  const now = new Date();
  const last = await lastRunStart(scheduler.warehousePath);
  if (last.warehouseNote) scheduler.log.warn({ note: last.warehouseNote }, 'catch-up decided from the scheduler state only');
  const missed = scheduler.slots.missedSlot(last.startedAt, now);
  if (missed === undefined) return;
  scheduler.log.info({ slot: missed.toISOString(), lastRunStart: last.startedAt?.toISOString() ?? null }, 'catching up the missed slot');
  await startRun(scheduler, missed, 'catch-up');
}

/** A slot from the timer: a failure to start is logged, never a crash of the scheduler. */
async function startRunLogged(scheduler: Scheduler, slot: Date): Promise<void> {
  try {
    await startRun(scheduler, slot, 'scheduled');
  } catch (error) {
    scheduler.log.error({ slot: slot.toISOString(), err: error }, 'the run could not be started');
  }
}

/** Starts `closeloop run` for a slot as a child process, unless a run is already going (then the slot is skipped). */
async function startRun(scheduler: Scheduler, slot: Date, reason: 'scheduled' | 'catch-up' | 'once-now'): Promise<void> {
  const { log } = scheduler;
  if (scheduler.stopping) return;
  if (scheduler.child) {
    log.warn({ slot: slot.toISOString(), reason, runningSlot: scheduler.child.slot.toISOString(), runningSince: scheduler.child.startedAt.toISOString(), pid: scheduler.child.process.pid }, 'slot skipped: the previous run is still running');
    return;
  }
  const holder = await runLockHolder(scheduler.warehousePath);
  if (holder) {
    log.warn({ slot: slot.toISOString(), reason, holder }, `slot skipped: another run holds the warehouse (pid ${holder.pid} on ${holder.host}, \`${holder.command}\`, since ${holder.since})`);
    return;
  }
  if (scheduler.child || scheduler.stopping) return; // a signal or another slot came in while the lock was checked
  const previousState = readScheduleState(scheduler.warehousePath);
  const startedAt = new Date();
  writeScheduleState(scheduler.warehousePath, { lastSlot: slot.toISOString(), startedAt: startedAt.toISOString() });
  const argv = scheduler.runArgv;
  // Its own process group: a Ctrl-C on the terminal reaches only the scheduler, which forwards one SIGTERM.
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'inherit', 'inherit'], detached: true });
  const done = new Promise<RunEnd>((resolve) => {
    child.once('error', (error) => {
      log.error({ slot: slot.toISOString(), err: error }, 'the run could not be started');
      resolve({ code: 1 });
    });
    child.once('exit', (code, signal) => resolve(signal ? { code: 128 + osConstants.signals[signal], signal } : { code: code ?? 1 }));
  }).then((end) => {
    scheduler.child = undefined;
    if (end.code === RUN_IN_PROGRESS_EXIT_CODE) writeScheduleState(scheduler.warehousePath, previousState);
    logRunEnd(log, slot, startedAt, end);
    return end;
  });
  scheduler.child = { process: child, slot, startedAt, done };
  log.info({ slot: slot.toISOString(), reason, pid: child.pid }, 'run started');
}

function logRunEnd(log: ScheduleLog, slot: Date, startedAt: Date, { code, signal }: RunEnd): void {
  const fields = { slot: slot.toISOString(), exitCode: code, ...(signal ? { signal } : {}), seconds: (Date.now() - startedAt.getTime()) / 1000 };
  if (signal) log.warn(fields, `run ended by ${signal}`);
  else if (code === 0) log.info(fields, 'run finished');
  else if (code === 2) log.warn(fields, 'run finished with warnings');
  else if (code === RUN_IN_PROGRESS_EXIT_CODE) log.warn(fields, 'slot skipped: another run holds the warehouse');
  else log.error(fields, 'run failed');
}

/** SIGTERM/SIGINT: no new runs; the running one gets SIGTERM (it finishes its page and checkpoints); then exit 0. */
function stopOnSignals(scheduler: Scheduler, task?: ScheduledTask): void {
  const onSignal = (signal: NodeJS.Signals): void => {
    const child = scheduler.child;
    if (scheduler.stopping) {
      child?.process.kill('SIGTERM'); // a second signal: the run stops at once
      return;
    }
    scheduler.stopping = true;
    void task?.destroy();
    if (!child) {
      scheduler.log.info({ signal }, 'scheduler stopped');
      process.exit(0);
    }
    scheduler.log.info({ signal, pid: child.process.pid, slot: child.slot.toISOString() }, 'stopping: waiting for the running run to checkpoint and exit');
    child.process.kill('SIGTERM');
    void child.done.then((end) => {
      scheduler.log.info({ signal, runExitCode: end.code }, 'scheduler stopped');
      process.exit(0);
    });
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

function runCommand(): string[] {
  const fromEnv = process.env[RUN_COMMAND_ENV];
  if (fromEnv === undefined || fromEnv === '') return [process.execPath, CLI, 'run'];
  const argv: unknown = JSON.parse(fromEnv);
  if (!Array.isArray(argv) || argv.length === 0 || !argv.every((a) => typeof a === 'string')) {
    throw new Error(`${RUN_COMMAND_ENV} must be a JSON array of strings (the command and its arguments).`);
  }
  return argv as string[];
}
