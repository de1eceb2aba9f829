import type { Generated } from 'kysely';
import type { Json, JsonValue, Timestamp } from './column-types.ts';

/**
 * The operational tables in schema `meta` (created by migrations/). Time columns are UTC
 * TIMESTAMPs; the `*_at` columns with a default are filled with the current time on insert.
 */

/** One pipeline run. Suggested statuses: running, succeeded, failed. */
export interface RunsTable {
  run_id: string;
  as_of: Timestamp;
  started_at: Generated<Timestamp>;
  finished_at: Timestamp | null;
  status: string;
  /** Per-stage progress and outcome, e.g. { extract: { status, started_at, ... } }. Default {}. */
  stages: Generated<Json>;
  /** Human-readable warnings collected during the run (a JSON array of strings). Default []. */
  warnings: Generated<Json<JsonValue[]>>;
}

/** The extraction cursor per source and stream; one row each (primary key source + stream). */
export interface StateTable {
  source: string;
  stream: string;
  cursor: Json;
  updated_at: Generated<Timestamp>;
  run_id: string | null;
}

/** One call to an external API (append-only). `retry` is the attempt number: 0 for the first try. */
export interface ApiCallsTable {
  run_id: string | null;
  system: string;
  method: string;
  endpoint: string;
  /** HTTP status; null when no response arrived (network error, timeout). */
  status: number | null;
  duration_ms: number;
  called_at: Generated<Timestamp>;
  retry: Generated<number>;
  error: string | null;
}

/** The value last sent successfully per CRM record field (primary key system, object, record_id, field). */
export interface SentStateTable {
  system: string;
  object: string;
  record_id: string;
  field: string;
  value: Json | null;
  sent_at: Generated<Timestamp>;
  run_id: string;
}

/** One write-back outcome for a record's field group (append-only). Statuses: sent, confirmed (found already written after an interrupted run), retry (retriable failure, sent again next run), dead_letter. */
export interface SyncLogTable {
  run_id: string;
  system: string;
  object: string;
  record_id: string;
  field_group: string;
  old_values: Json | null;
  new_values: Json;
  status: string;
  error_code: string | null;
  error_message: string | null;
  logged_at: Generated<Timestamp>;
}

/** A CRM field someone changed since closeloop last sent it (the ERP owns it: the run overwrote it). */
export interface DriftTable {
  run_id: string;
  system: string;
  object: string;
  record_id: string;
  field: string;
  last_sent: Json | null;
  crm_value: Json | null;
  overwritten_with: Json | null;
  detected_at: Generated<Timestamp>;
}

/** A batch's intended values, committed before the batch is sent and removed with its outcome. */
export interface SyncInFlightTable {
  run_id: string;
  system: string;
  object: string;
  record_id: string;
  field: string;
  value: Json | null;
  queued_at: Generated<Timestamp>;
}

/** A write that failed for good and waits for a human; `resolved_at` is set when handled. */
export interface DeadLetterTable {
  dead_letter_id: Generated<bigint>;
  run_id: string;
  system: string;
  object: string;
  record_id: string;
  payload: Json;
  reason_code: string;
  message: string;
  failed_at: Generated<Timestamp>;
  resolved_at: Timestamp | null;
}

/** A source record (or field) that failed a data-quality rule during extract or build (append-only). */
export interface DqExceptionsTable {
  run_id: string;
  source: string;
  stream: string;
  record_id: string | null;
  field: string | null;
  reason_code: string;
  detail: string | null;
  raw: Json | null;
  detected_at: Generated<Timestamp>;
}

export type XrefDecision = 'confirm' | 'reject';

/** A human decision on a match between two source records; the latest per pair wins over scores. */
export interface XrefDecisionsTable {
  left_system: string;
  left_id: string;
  right_system: string;
  right_id: string;
  decision: XrefDecision;
  decided_by: string;
  decided_at: Generated<Timestamp>;
  note: string | null;
}

/** One assignment of a master customer id to a source record (append-only; the latest per record is current). */
export interface MasterIdsTable {
  system: string;
  source_id: string;
  master_id: string;
  assigned_at: Generated<Timestamp>;
}

export interface MetaSchema {
  'meta.runs': RunsTable;
  'meta.state': StateTable;
  'meta.api_calls': ApiCallsTable;
  'meta.sent_state': SentStateTable;
  'meta.sync_log': SyncLogTable;
  'meta.dead_letter': DeadLetterTable;
  'meta.dq_exceptions': DqExceptionsTable;
  'meta.xref_decisions': XrefDecisionsTable;
  'meta.master_ids': MasterIdsTable;
  'meta.sync_in_flight': SyncInFlightTable;
  'meta.drift': DriftTable;
}
