import type { QuotaUsage } from '../systems/api/api-types.ts';
import type { CrmSystem, SyncTarget } from './sync-fields.ts';

export type WireValue = string | number | boolean | null;

/** The changed fields of one CRM record, by CRM field name, as the API takes them. */
export interface RecordUpdate {
  readonly recordId: string;
  readonly values: Readonly<Record<string, WireValue>>;
}

/** What the CRM said about one record of a write. */
export interface RecordResult {
  readonly recordId: string;
  readonly ok: boolean;
  /** The CRM's error code (FIELD_CUSTOM_VALIDATION_EXCEPTION, OBJECT_NOT_FOUND, ...) when it failed. */
  readonly code?: string;
  readonly message?: string;
}

export interface Batching {
  readonly size: number;
  readonly bulk: boolean;
}

/** What setting the CRM up for the write-back found or did. */
export interface FieldSetup {
  /** Lines for the run log (created properties, fields found). */
  readonly notes: readonly string[];
  /** Fields still missing, as `Object.Field (type)`; writing stops when any are. */
  readonly missing: readonly string[];
}

/**
 * One CRM's side of the write-back. Implementations send through the official client inside the
 * run's ApiCaller (retries of whole requests, meta.api_calls, the quota stop); `write` throws only
 * when the request as a whole failed, and reports each record's own outcome otherwise.
 */
export interface CrmWriter {
  readonly system: CrmSystem;
  /** How `changed` records of `object` are sent: records per write call, and whether through a bulk API. */
  batching(object: string, changed: number): Batching;
  write(object: string, updates: readonly RecordUpdate[], batching: Batching): Promise<RecordResult[]>;
  /** Current values of `fields` of the records (for records written by a run that died); missing ids are absent. */
  read(object: string, ids: readonly string[], fields: readonly string[]): Promise<Map<string, Record<string, unknown>>>;
  /** Checks (and where the API allows, creates) the fields the targets write; `dryRun` changes nothing. */
  setUpFields(targets: readonly SyncTarget[], dryRun: boolean): Promise<FieldSetup>;
  quota(): QuotaUsage | undefined;
}

/**
 * Record errors worth retrying: row locks, limits, a busy server, and whole requests that failed
 * after the caller's retries (TRANSIENT). Everything else (validation rules, deleted records,
 * bad values) fails the same way again and goes to meta.dead_letter.
 */
const RETRIABLE_CODES = new Set(['UNABLE_TO_LOCK_ROW', 'REQUEST_LIMIT_EXCEEDED', 'SERVER_UNAVAILABLE', 'RATE_LIMIT', 'TRANSIENT', 'UNPROCESSED']);

export function isRetriableRecordError(code: string | undefined): boolean {
  return code !== undefined && RETRIABLE_CODES.has(code);
}
