import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { sql } from 'kysely';
import { runLockHolder } from '../ops/run-lock.ts';
import { openWarehouse } from '../warehouse/warehouse.ts';

/** What `closeloop schedule` remembers between restarts, in `<warehouse>.schedule.json`. */
export interface ScheduleState {
  /** The slot the last scheduled run was started for (ISO 8601). */
  readonly lastSlot: string;
  /** When that run started (ISO 8601). */
  readonly startedAt: string;
}

export function scheduleStatePath(warehousePath: string): string {
  return `${warehousePath}.schedule.json`;
}

export function readScheduleState(warehousePath: string): ScheduleState | undefined {
  const file = scheduleStatePath(warehousePath);
  if (!existsSync(file)) return undefined;
  try {
    const state = JSON.parse(readFileSync(file, 'utf8')) as Partial<ScheduleState>;
    return typeof state.lastSlot === 'string' && typeof state.startedAt === 'string' ? { lastSlot: state.lastSlot, startedAt: state.startedAt } : undefined;
  } catch {
    return undefined;
  }
}

/** Records the last scheduled run; undefined forgets it (as before any run). */
export function writeScheduleState(warehousePath: string, state: ScheduleState | undefined): void {
  if (state === undefined) return rmSync(scheduleStatePath(warehousePath), { force: true });
  writeFileSync(scheduleStatePath(warehousePath), `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

/**
 * When the last run started: the later of the scheduler's own record and meta.runs (which also sees runs
 * started by hand or by another scheduler). The warehouse is read only when no run holds it, read-only and briefly.
 */
export async function lastRunStart(warehousePath: string): Promise<{ startedAt: Date | undefined; warehouseNote?: string }> {
  const state = readScheduleState(warehousePath);
  const fromState = state ? new Date(state.startedAt) : undefined;
  const fromWarehouse = await lastRunStartInWarehouse(warehousePath);
  const startedAt = latest(fromState, fromWarehouse instanceof Date ? fromWarehouse : undefined);
  return { startedAt, ...(typeof fromWarehouse === 'string' ? { warehouseNote: fromWarehouse } : {}) };
}

/** The start of the latest `run-` in meta.runs, or why it could not be read. */
async function lastRunStartInWarehouse(warehousePath: string): Promise<Date | string | undefined> {
  if (!existsSync(warehousePath)) return undefined;
  if (await runLockHolder(warehousePath)) return 'a run holds the warehouse; meta.runs not read';
  try {
    const warehouse = await openWarehouse(warehousePath, { readOnly: true });
    try {
      const row = await warehouse.db
        .selectFrom('meta.runs')
        .select(sql<Date | null>`max(started_at)`.as('started_at'))
        .where('run_id', 'like', 'run-%')
        .executeTakeFirst();
      return row?.started_at ?? undefined;
    } finally {
      await warehouse.close();
    }
  } catch (error) {
    return `meta.runs not read: ${error instanceof Error ? error.message : String(error)}`;
  }
}

function latest(a: Date | undefined, b: Date | undefined): Date | undefined {
  if (a === undefined || Number.isNaN(a.getTime())) return b;
  if (b === undefined) return a;
  return a.getTime() >= b.getTime() ? a : b;
}
