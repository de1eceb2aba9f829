import type { SandboxTx } from './sandbox-db.ts';
import type { SystemName } from '../dataset/dataset-schema.ts';

export type ChangeOperation = 'create' | 'update' | 'delete' | 'undelete';

/** One accepted write to one field of one record (a create or delete is one row with field `*`). */
export interface Change {
  system: SystemName;
  object: string;
  recordId: string;
  operation: ChangeOperation;
  field: string;
  oldValue: string | null;
  newValue: string | null;
}

export interface LoggedChange extends Change {
  seq: number;
  at: string;
}

export const CHANGE_LOG_DDL = `
CREATE SCHEMA IF NOT EXISTS sandbox;
CREATE TABLE IF NOT EXISTS sandbox.change_log (
  seq BIGINT NOT NULL,
  changed_at TIMESTAMP NOT NULL,
  system VARCHAR NOT NULL,
  object VARCHAR NOT NULL,
  record_id VARCHAR NOT NULL,
  operation VARCHAR NOT NULL,
  field VARCHAR NOT NULL,
  old_value VARCHAR,
  new_value VARCHAR
);`;

let lastSeq = 0;

/**
 * Records accepted writes; call inside the same transaction as the write itself.
 * Sequence numbers come from a process counter: all statements are serialised by SandboxDb.
 */
export async function logChanges(tx: SandboxTx, changes: readonly Change[], at: Date = new Date()): Promise<void> {
  if (changes.length === 0) return;
  const appender = await tx.connection.createAppender('change_log', 'sandbox');
  try {
    for (const c of changes) {
      appender.appendBigInt(BigInt(++lastSeq));
      appender.appendVarchar(at.toISOString());
      appender.appendVarchar(c.system);
      appender.appendVarchar(c.object);
      appender.appendVarchar(c.recordId);
      appender.appendVarchar(c.operation);
      appender.appendVarchar(c.field);
      if (c.oldValue === null) appender.appendNull();
      else appender.appendVarchar(c.oldValue);
      if (c.newValue === null) appender.appendNull();
      else appender.appendVarchar(c.newValue);
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

export async function readChanges(
  tx: SandboxTx,
  filter: { system?: string; sinceSeq?: number } = {},
): Promise<LoggedChange[]> {
  const rows = await tx.allJson(
    `SELECT seq, strftime(changed_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS at, system, object, record_id, operation, field, old_value, new_value
       FROM sandbox.change_log
      WHERE ($1::VARCHAR IS NULL OR system = $1) AND seq > $2
      ORDER BY seq`,
    [filter.system ?? null, filter.sinceSeq ?? 0],
  );
  return rows.map((r) => ({
    seq: Number(r.seq),
    at: String(r.at),
    system: r.system as SystemName,
    object: String(r.object),
    recordId: String(r.record_id),
    operation: r.operation as ChangeOperation,
    field: String(r.field),
    oldValue: (r.old_value as string | null) ?? null,
    newValue: (r.new_value as string | null) ?? null,
  }));
}
