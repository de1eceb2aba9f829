import type { DuckDBConnection } from '@duckdb/node-api';
import type { ApiCallRow } from '../systems/api/api-caller.ts';
import { QuotaStop } from '../systems/api/api-types.ts';
import type { CrmWriter } from './crm-writer.ts';
import { canonicalValue } from './field-values.ts';
import { commitOutcomes, type RecordOutcome } from './outcome-store.ts';
import { SYNC_TARGETS, crmFieldName, type CrmSystem, type SyncField } from './sync-fields.ts';
import type { FieldChange } from './sync-plan.ts';

interface InFlightRow {
  system: string;
  object: string;
  record_id: string;
  field: string;
  value: string | null;
}

/**
 * Settles batches a run queued but never recorded an outcome for (it died while they were in
 * flight): reads those records back from the CRM; a record that holds every value it was sent is
 * recorded as `confirmed` (sent_state advances, nothing is sent again); the rest are left to the plan,
 * which sends them as usual. Returns the number of records confirmed.
 */
export async function recoverInFlight(
  connection: DuckDBConnection, runId: string, allWriters: readonly CrmWriter[], takeCalls: () => ApiCallRow[],
  onQuotaStop: (writer: CrmWriter, stop: QuotaStop) => void,
): Promise<number> {
  const reader = await connection.runAndReadAll(`SELECT DISTINCT system, object, record_id, field, json_extract_string(value, '$') AS value FROM meta.sync_in_flight ORDER BY ALL`);
  const rows = reader.getRowObjectsJS() as unknown as InFlightRow[];
  let writers = allWriters;
  let confirmed = 0;
  for (const [key, scopeRows] of Map.groupBy(rows, (r) => `${r.system}/${r.object}`)) {
    const [system, object] = key.split('/') as [CrmSystem, string];
    const writer = writers.find((w) => w.system === system);
    if (!writer) continue;
    let outcomes: RecordOutcome[];
    try {
      outcomes = await confirmWritten(writer, object, scopeRows);
    } catch (error) {
      if (!(error instanceof QuotaStop)) throw error;
      // Left in flight: read back on a later run, and nothing of this CRM is sent before then.
      onQuotaStop(writer, error);
      writers = writers.filter((w) => w !== writer);
      continue;
    }
    confirmed += outcomes.length;
    const ids = [...new Set(scopeRows.map((r) => r.record_id))];
    await commitOutcomes(connection, { runId, system, object }, outcomes, ids, takeCalls());
  }
  return confirmed;
}

async function confirmWritten(writer: CrmWriter, object: string, rows: readonly InFlightRow[]): Promise<RecordOutcome[]> {
  const fields = [...new Set(rows.map((r) => r.field))];
  const current = await writer.read(object, [...new Set(rows.map((r) => r.record_id))], fields);
  const outcomes: RecordOutcome[] = [];
  for (const [recordId, recordRows] of Map.groupBy(rows, (r) => r.record_id)) {
    const values = current.get(recordId);
    if (!values) continue;
    const changes = recordRows.map((r) => fieldChange(writer.system, r));
    const written = changes.every((c) => canonicalValue(values[c.crmField], c.type) === c.desired);
    if (written) outcomes.push({ change: { recordId, fields: changes }, status: 'confirmed' });
  }
  return outcomes;
}

function fieldChange(system: CrmSystem, row: InFlightRow): FieldChange {
  const field = syncField(system, row.field);
  return { column: field.column, crmField: row.field, group: field.group, type: field.type, desired: row.value, crmValue: null, lastSent: null, drifted: false };
}

function syncField(system: CrmSystem, crmField: string): SyncField {
  const field = SYNC_TARGETS.flatMap((t) => t.fields).find((f) => crmFieldName(f, system) === crmField);
  if (!field) throw new Error(`meta.sync_in_flight names ${system} field ${crmField}, which closeloop does not write; delete those rows if the field was removed from the mapping.`);
  return field;
}
