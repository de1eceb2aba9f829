import { sql } from 'kysely';
import { stageOutcomes, type Stage, type StageOutcome } from '../ops/run-outcome.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';

/** A run that started but never finished (its process died, or a signal stopped it): the next run resumes it. */
export interface UnfinishedRun {
  readonly runId: string;
  readonly asOf: Date;
  readonly startedAt: Date;
  /** Stages it finished (ok or warning), skipped when it resumes. */
  readonly stages: Partial<Record<Stage, StageOutcome>>;
}

/**
 * The latest `closeloop run` still marked running. Only called while holding the run lock, so no
 * other process is running it: it died (killed, machine down) and can be resumed.
 */
export async function findUnfinishedRun(warehouse: Warehouse): Promise<UnfinishedRun | undefined> {
  const row = await warehouse.db.selectFrom('meta.runs').select(['run_id', 'as_of', 'started_at', 'stages'])
    .where('status', 'in', ['running', 'interrupted']).where('run_id', 'like', 'run-%').orderBy('started_at', 'desc').limit(1).executeTakeFirst();
  if (!row) return undefined;
  return { runId: row.run_id, asOf: row.as_of as Date, startedAt: row.started_at as Date, stages: stageOutcomes(row.stages) };
}

export async function resumeRun(warehouse: Warehouse, runId: string): Promise<void> {
  await warehouse.db.updateTable('meta.runs').set({ status: 'running', finished_at: null }).where('run_id', '=', runId).execute();
}

export async function startRun(warehouse: Warehouse, runId: string, asOf: Date): Promise<void> {
  await warehouse.db.insertInto('meta.runs').values({ run_id: runId, as_of: asOf, status: 'running' }).execute();
}

/** Records a finished stage at once, so a run that dies later keeps what it did. */
export async function recordStages(warehouse: Warehouse, runId: string, asOf: Date, stages: Partial<Record<Stage, StageOutcome>>): Promise<void> {
  await warehouse.db.updateTable('meta.runs')
    .set({ as_of: asOf, stages: sql`${JSON.stringify(stages)}::JSON` })
    .where('run_id', '=', runId).execute();
}

export async function finishRun(
  warehouse: Warehouse,
  runId: string,
  outcome: { status: string; asOf: Date; stages: Partial<Record<Stage, StageOutcome>>; warnings: readonly string[] },
): Promise<Date> {
  const finishedAt = new Date();
  await warehouse.db.updateTable('meta.runs')
    .set({
      status: outcome.status, as_of: outcome.asOf, finished_at: finishedAt,
      stages: sql`${JSON.stringify(outcome.stages)}::JSON`, warnings: sql`${JSON.stringify(outcome.warnings)}::JSON`,
    })
    .where('run_id', '=', runId).execute();
  return finishedAt;
}

/** API calls per system this run has made so far (meta.api_calls). */
export async function apiCallsSoFar(warehouse: Warehouse, runId: string): Promise<Record<string, number>> {
  const rows = await warehouse.db.selectFrom('meta.api_calls').select(['system', (eb) => eb.fn.countAll<bigint>().as('calls')])
    .where('run_id', '=', runId).groupBy('system').execute();
  return Object.fromEntries(rows.map((r) => [r.system, Number(r.calls)]));
}

/** Dead letters recorded by this run. */
export async function deadLettersOf(warehouse: Warehouse, runId: string): Promise<number> {
  const row = await warehouse.db.selectFrom('meta.dead_letter').select((eb) => eb.fn.countAll<bigint>().as('n')).where('run_id', '=', runId).executeTakeFirst();
  return Number(row?.n ?? 0);
}
