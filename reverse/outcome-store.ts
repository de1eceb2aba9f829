import { DuckDBTimestampValue, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import type { ApiCallRow } from '../systems/api/api-caller.ts';
import { appendApiCalls } from '../systems/api/api-call-log.ts';
import { withAppender } from '../warehouse/with-appender.ts';
import type { RecordResult } from './crm-writer.ts';
import type { FieldChange, RecordChange } from './sync-plan.ts';

/** Where a batch's outcomes go: the run and the CRM object. */
export interface OutcomeScope {
  readonly runId: string;
  readonly system: string;
  readonly object: string;
}

export type RecordStatus = 'sent' | 'confirmed' | 'retry' | 'dead_letter';

/** One record's final outcome in this run. */
export interface RecordOutcome {
  readonly change: RecordChange;
  readonly status: RecordStatus;
  readonly result?: RecordResult;
}

const json = (value: string | null): string => JSON.stringify(value);
const now = (): DuckDBTimestampValue => new DuckDBTimestampValue(BigInt(Date.now()) * 1000n);

/** Creates the connection's temp tables the store stages rows in. */
export async function prepareOutcomeStore(connection: DuckDBConnection): Promise<void> {
  await connection.run(`CREATE OR REPLACE TEMP TABLE reverse_sent (record_id VARCHAR, field VARCHAR, value VARCHAR)`);
  await connection.run(`CREATE OR REPLACE TEMP TABLE reverse_dead (record_id VARCHAR, payload VARCHAR, reason_code VARCHAR, message VARCHAR)`);
}

/** Commits a batch's intended values before it is sent (the write-ahead log read after a crash). */
export async function queueInFlight(connection: DuckDBConnection, scope: OutcomeScope, batch: readonly RecordChange[]): Promise<void> {
  await inTransaction(connection, () => withAppender(connection, 'sync_in_flight', 'meta', (appender) => {
    for (const change of batch) {
      for (const field of change.fields) {
        appendRow(appender, [scope.runId, scope.system, scope.object, change.recordId, field.crmField, json(field.desired)]);
        appender.appendTimestamp(now());
        appender.endRow();
      }
    }
  }));
}

/**
 * Records final outcomes in one transaction: meta.sync_log (one row per record and field group),
 * meta.sent_state for what the CRM accepted (nothing else advances it), meta.drift for accepted
 * values that overwrote someone's edit, meta.dead_letter for permanent failures (earlier dead letters
 * of a record now accepted are resolved), the API calls; the `settled` records (those with an outcome,
 * and those the CRM refused for now, to be sent again) leave the write-ahead log.
 */
export async function commitOutcomes(
  connection: DuckDBConnection, scope: OutcomeScope, outcomes: readonly RecordOutcome[], settled: readonly string[], calls: readonly ApiCallRow[],
): Promise<void> {
  await inTransaction(connection, async () => {
    await appendSyncLog(connection, scope, outcomes);
    const accepted = outcomes.filter((o) => o.status === 'sent' || o.status === 'confirmed');
    await appendDrift(connection, scope, accepted);
    await advanceSentState(connection, scope, accepted);
    await addDeadLetters(connection, scope, outcomes.filter((o) => o.status === 'dead_letter'));
    await appendApiCalls(connection, calls);
    await clearInFlight(connection, scope, settled);
  });
}

/** Records the API calls of work that produced no outcome (setup, read-backs, a failed batch). */
export async function commitCalls(connection: DuckDBConnection, calls: readonly ApiCallRow[]): Promise<void> {
  if (calls.length > 0) await appendApiCalls(connection, calls);
}

async function appendSyncLog(connection: DuckDBConnection, scope: OutcomeScope, outcomes: readonly RecordOutcome[]): Promise<void> {
  await withAppender(connection, 'sync_log', 'meta', (appender) => {
    for (const outcome of outcomes) {
      for (const [group, fields] of byGroup(outcome.change.fields)) {
        const failed = outcome.status === 'retry' || outcome.status === 'dead_letter';
        appendRow(appender, [
          scope.runId, scope.system, scope.object, outcome.change.recordId, group,
          JSON.stringify(Object.fromEntries(fields.map((f) => [f.crmField, f.crmValue]))),
          JSON.stringify(Object.fromEntries(fields.map((f) => [f.crmField, f.desired]))),
          outcome.status, failed ? outcome.result?.code ?? null : null, failed ? outcome.result?.message ?? null : null,
        ]);
        appender.appendTimestamp(now());
        appender.endRow();
      }
    }
  });
}

async function appendDrift(connection: DuckDBConnection, scope: OutcomeScope, accepted: readonly RecordOutcome[]): Promise<void> {
  const drifted = accepted.flatMap((o) => o.change.fields.filter((f) => f.drifted).map((f) => ({ recordId: o.change.recordId, field: f })));
  if (drifted.length === 0) return;
  await withAppender(connection, 'drift', 'meta', (appender) => {
    for (const { recordId, field } of drifted) {
      appendRow(appender, [scope.runId, scope.system, scope.object, recordId, field.crmField, json(field.lastSent), json(field.crmValue), json(field.desired)]);
      appender.appendTimestamp(now());
      appender.endRow();
    }
  });
}

async function advanceSentState(connection: DuckDBConnection, scope: OutcomeScope, accepted: readonly RecordOutcome[]): Promise<void> {
  if (accepted.length === 0) return;
  await connection.run('DELETE FROM reverse_sent');
  await withAppender(connection, 'reverse_sent', undefined, (appender) => {
    for (const outcome of accepted) {
      for (const field of outcome.change.fields) {
        appendRow(appender, [outcome.change.recordId, field.crmField, json(field.desired)]);
        appender.endRow();
      }
    }
  });
  await connection.run(
    `INSERT OR REPLACE INTO meta.sent_state (system, object, record_id, field, value, sent_at, run_id)
     SELECT $1, $2, record_id, field, value::JSON, now() AT TIME ZONE 'UTC', $3 FROM reverse_sent`,
    [scope.system, scope.object, scope.runId],
  );
  // A dead letter is settled once the CRM holds every value it carried (another field accepted is not
  // enough). Only dead letters of this batch's records are looked at: a join, not a correlated subquery.
  await connection.run(
    `UPDATE meta.dead_letter SET resolved_at = now() AT TIME ZONE 'UTC'
     WHERE dead_letter_id IN (
       SELECT d.dead_letter_id
       FROM meta.dead_letter d
       JOIN (SELECT DISTINCT record_id FROM reverse_sent) batch USING (record_id)
       CROSS JOIN LATERAL (SELECT unnest(json_keys(d.payload)) AS field) f
       LEFT JOIN meta.sent_state s ON s.system = d.system AND s.object = d.object AND s.record_id = d.record_id AND s.field = f.field
         AND json_extract_string(s.value, '$') IS NOT DISTINCT FROM json_extract_string(d.payload, '$."' || f.field || '"')
       WHERE d.system = $1 AND d.object = $2 AND d.resolved_at IS NULL
       GROUP BY d.dead_letter_id HAVING count(*) = count(s.field))`,
    [scope.system, scope.object],
  );
}

async function addDeadLetters(connection: DuckDBConnection, scope: OutcomeScope, dead: readonly RecordOutcome[]): Promise<void> {
  if (dead.length === 0) return;
  await connection.run('DELETE FROM reverse_dead');
  await withAppender(connection, 'reverse_dead', undefined, (appender) => {
    for (const outcome of dead) {
      const payload = JSON.stringify(Object.fromEntries(outcome.change.fields.map((f) => [f.crmField, f.desired])));
      appendRow(appender, [outcome.change.recordId, payload, outcome.result?.code ?? 'UNKNOWN', outcome.result?.message ?? 'rejected without a message']);
      appender.endRow();
    }
  });
  await connection.run(
    `INSERT INTO meta.dead_letter (run_id, system, object, record_id, payload, reason_code, message)
     SELECT $1, $2, $3, record_id, payload::JSON, reason_code, message FROM reverse_dead`,
    [scope.runId, scope.system, scope.object],
  );
}

async function clearInFlight(connection: DuckDBConnection, scope: OutcomeScope, recordIds: readonly string[]): Promise<void> {
  if (recordIds.length === 0) return;
  await connection.run(
    `DELETE FROM meta.sync_in_flight WHERE system = $1 AND object = $2 AND record_id IN (SELECT unnest(string_split($3, chr(31))))`,
    [scope.system, scope.object, recordIds.join('\u001f')],
  );
}

function byGroup(fields: readonly FieldChange[]): Map<string, FieldChange[]> {
  const groups = new Map<string, FieldChange[]>();
  for (const field of fields) groups.set(field.group, [...(groups.get(field.group) ?? []), field]);
  return groups;
}

function appendRow(appender: DuckDBAppender, values: readonly (string | null)[]): void {
  for (const value of values) {
    if (value === null) appender.appendNull();
    else appender.appendVarchar(value);
  }
}

async function inTransaction(connection: DuckDBConnection, work: () => Promise<void>): Promise<void> {
  await connection.run('BEGIN TRANSACTION');
  try {
    await work();
    await connection.run('COMMIT');
  } catch (error) {
    await connection.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
