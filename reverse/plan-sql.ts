import { sqlString } from '../warehouse/sql-text.ts';
import { canonicalSql } from './field-values.ts';
import { crmFieldName, type CrmSystem, type SyncField, type SyncTarget } from './sync-fields.ts';

/** One CRM object of one target in one CRM: what the planner diffs. */
export interface PlanScope {
  readonly target: SyncTarget;
  readonly system: CrmSystem;
  readonly object: string;
  /** The raw table holding the CRM's records as extracted (its latest version per id is "what the CRM has"). */
  readonly rawTable: string | undefined;
}

export interface PlanSqlOptions {
  /** Mart columns whose NULL is sent (clearing the CRM field); other NULLs are never sent. */
  readonly clearWhenNull: ReadonlySet<string>;
}

/** The CRM's value of a field in the record's raw JSON (HubSpot keeps fields under `properties`). */
function rawValueSql(system: CrmSystem, field: string): string {
  const path = system === 'hubspot' ? `$.properties."${field}"` : `$."${field}"`;
  return `json_extract_string(o.raw, ${sqlString(path)})`;
}

function desiredFieldSql(scope: PlanScope, field: SyncField): string {
  const { target, system, object } = scope;
  const crmField = crmFieldName(field, system);
  const observed = scope.rawTable ? canonicalSql(rawValueSql(system, crmField), field.type) : 'CAST(NULL AS VARCHAR)';
  return `SELECT ${sqlString(system)} AS system, ${sqlString(object)} AS object, CAST(src.${target.key} AS VARCHAR) AS record_id,
    ${sqlString(field.column)} AS field_column, ${sqlString(crmField)} AS crm_field, ${sqlString(field.group)} AS field_group,
    ${sqlString(field.type)} AS field_type, ${canonicalSql(`src.${field.column}`, field.type)} AS desired,
    ${observed} AS observed, o.observed_at, coalesce(o.deleted, false) AS deleted
  FROM ${target.source} src LEFT JOIN observed o ON o.record_id = CAST(src.${target.key} AS VARCHAR)
  WHERE src.system = ${sqlString(system)} AND (${target.where})`;
}

function observedSql(scope: PlanScope): string {
  if (!scope.rawTable) return 'SELECT NULL::VARCHAR AS record_id, NULL::TIMESTAMP AS observed_at, NULL::JSON AS raw, NULL::BOOLEAN AS deleted WHERE false';
  return `SELECT _record_id AS record_id, _extracted_at AS observed_at, _raw AS raw, _deleted AS deleted FROM ${scope.rawTable}
    QUALIFY row_number() OVER (PARTITION BY _record_id ORDER BY _extracted_at DESC, _version DESC) = 1`;
}

/**
 * The changes of one scope, one row per record and field, as a 3-way diff:
 * - what the CRM has: its extracted value when that was extracted after our last send (or we never
 *   sent), else what we last sent (an extract older than our send cannot know it);
 * - a field is planned when the desired value differs from what the CRM has; a NULL is planned only
 *   for fields configured to clear;
 * - drift: the CRM's extracted value differs from what we last sent (someone edited it since);
 * - a value that failed for good (unresolved meta.dead_letter with this very value) is not retried.
 * Records deleted in the CRM are left out.
 */
export function planSql(scope: PlanScope, options: PlanSqlOptions): string {
  const clearable = [...options.clearWhenNull].map(sqlString).join(', ') || 'NULL';
  return `
WITH observed AS (${observedSql(scope)}),
desired AS (${scope.target.fields.map((field) => desiredFieldSql(scope, field)).join('\nUNION ALL\n')}),
sent AS (
  SELECT record_id, field AS crm_field, json_extract_string(value, '$') AS last_sent, sent_at
  FROM meta.sent_state WHERE system = ${sqlString(scope.system)} AND object = ${sqlString(scope.object)}
),
dead AS (
  SELECT DISTINCT record_id, payload FROM meta.dead_letter
  WHERE system = ${sqlString(scope.system)} AND object = ${sqlString(scope.object)} AND resolved_at IS NULL
),
compared AS (
  SELECT d.*, s.last_sent, s.sent_at IS NOT NULL AS has_sent,
    d.observed_at IS NOT NULL AND (s.sent_at IS NULL OR d.observed_at > s.sent_at) AS observed_fresh
  FROM desired d LEFT JOIN sent s USING (record_id, crm_field)
),
judged AS (
  SELECT *, CASE WHEN observed_fresh THEN observed ELSE last_sent END AS crm_value,
    has_sent AND observed_fresh AND observed IS DISTINCT FROM last_sent AS drifted
  FROM compared WHERE NOT deleted
)
SELECT system, object, record_id, field_column, crm_field, field_group, field_type, desired, crm_value, last_sent, drifted
FROM judged j
WHERE (desired IS NOT NULL OR field_column IN (${clearable}))
  AND desired IS DISTINCT FROM crm_value
  AND NOT EXISTS (
    SELECT 1 FROM dead WHERE dead.record_id = j.record_id
      AND json_extract_string(dead.payload, '$."' || j.crm_field || '"') IS NOT DISTINCT FROM j.desired
      AND json_exists(dead.payload, '$."' || j.crm_field || '"'))`;
}

/** Keys of the scope's source rows that occur more than once (at most 5 examples). */
export function duplicateKeysSql(scope: PlanScope): string {
  const { target, system } = scope;
  return `SELECT CAST(${target.key} AS VARCHAR) AS record_id, count(*) AS rows FROM ${target.source}
  WHERE system = ${sqlString(system)} AND (${target.where}) GROUP BY 1 HAVING count(*) > 1 ORDER BY 1 LIMIT 5`;
}
