import { sql, type Kysely } from 'kysely';
import type { WarehouseSchema } from '../warehouse/warehouse-schema.ts';
import { stageOutcomes, type Stage, type StageOutcome } from '../ops/run-outcome.ts';

/** One past run as `closeloop status` shows it. */
export interface RunLine {
  readonly runId: string;
  readonly status: string;
  readonly asOf: Date;
  readonly startedAt: Date;
  readonly seconds: number | null;
  readonly stages: Partial<Record<Stage, StageOutcome>>;
}

export interface Backlogs {
  /** Unresolved dead letters per CRM object. */
  readonly deadLetters: { system: string; object: string; records: number; oldest: Date }[];
  /** Records the latest write-back left to retry, per CRM object. */
  readonly retries: { system: string; object: string; records: number }[];
  /** Customer pairs waiting for a person (closeloop xref review). */
  readonly review: number;
  /** CRM fields edited by someone since closeloop sent them, in the last 7 days. */
  readonly drift: { system: string; object: string; field: string; records: number }[];
}

export async function lastRuns(db: Kysely<WarehouseSchema>, limit: number): Promise<RunLine[]> {
  const rows = await db.selectFrom('meta.runs').selectAll().where('run_id', 'like', 'run-%').orderBy('started_at', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    runId: r.run_id, status: r.status, asOf: r.as_of as Date, startedAt: r.started_at as Date,
    seconds: r.finished_at ? ((r.finished_at as Date).getTime() - (r.started_at as Date).getTime()) / 1000 : null,
    stages: stageOutcomes(r.stages),
  }));
}

/** API calls per system made since `since`, by any run. */
export async function apiCallsSince(db: Kysely<WarehouseSchema>, since: Date): Promise<Record<string, number>> {
  const rows = await db.selectFrom('meta.api_calls').select(['system', (eb) => eb.fn.countAll<bigint>().as('calls')])
    .where('called_at', '>=', since).groupBy('system').execute();
  return Object.fromEntries(rows.map((r) => [r.system, Number(r.calls)]));
}

export async function backlogs(db: Kysely<WarehouseSchema>, now: Date): Promise<Backlogs> {
  const deadLetters = await sql<{ system: string; object: string; records: bigint; oldest: Date }>`
    SELECT system, object, count(DISTINCT record_id) AS records, min(failed_at) AS oldest FROM meta.dead_letter
    WHERE resolved_at IS NULL GROUP BY ALL ORDER BY ALL`.execute(db);
  // What the latest write-back left to retry: a record it did not touch any more needs nothing (or was sent since).
  const retries = await sql<{ system: string; object: string; records: bigint }>`
    SELECT system, object, count(DISTINCT record_id) AS records FROM meta.sync_log
    WHERE status = 'retry' AND run_id = (SELECT arg_max(run_id, logged_at) FROM meta.sync_log)
    GROUP BY ALL ORDER BY ALL`.execute(db);
  const drift = await sql<{ system: string; object: string; field: string; records: bigint }>`
    SELECT system, object, field, count(DISTINCT record_id) AS records FROM meta.drift
    WHERE detected_at >= ${new Date(now.getTime() - 7 * 24 * 3600 * 1000)} GROUP BY ALL ORDER BY ALL`.execute(db);
  return {
    deadLetters: deadLetters.rows.map((r) => ({ ...r, records: Number(r.records) })),
    retries: retries.rows.map((r) => ({ ...r, records: Number(r.records) })),
    review: await reviewBacklog(db),
    drift: drift.rows.map((r) => ({ ...r, records: Number(r.records) })),
  };
}

async function reviewBacklog(db: Kysely<WarehouseSchema>): Promise<number> {
  try {
    const result = await sql<{ n: bigint }>`
      SELECT count(*) AS n FROM int.match_pairs p WHERE p.status = 'review' AND p.decision IS NULL
        AND NOT EXISTS (SELECT 1 FROM meta.xref_decisions d
          WHERE d.left_system = p.left_system AND d.left_id = p.left_id AND d.right_system = p.right_system AND d.right_id = p.right_id)`.execute(db);
    return Number(result.rows[0]?.n ?? 0);
  } catch {
    return 0; // never built yet
  }
}
