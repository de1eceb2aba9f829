import type { DuckDBConnection } from '@duckdb/node-api';
import { duplicateKeysSql, planSql, type PlanScope, type PlanSqlOptions } from './plan-sql.ts';
import { SYNC_TARGETS, type CrmSystem, type FieldType } from './sync-fields.ts';

/** One field of one record to send. Values are canonical text (see field-values.ts). */
export interface FieldChange {
  readonly column: string;
  readonly crmField: string;
  readonly group: string;
  readonly type: FieldType;
  readonly desired: string | null;
  /** What the CRM holds, as far as the warehouse knows (extracted, or last sent). */
  readonly crmValue: string | null;
  /** What closeloop last sent (null when it never did). */
  readonly lastSent: string | null;
  /** Someone changed the CRM value since closeloop last sent it. */
  readonly drifted: boolean;
}

export interface RecordChange {
  readonly recordId: string;
  readonly fields: readonly FieldChange[];
}

export interface ScopePlan {
  readonly scope: PlanScope;
  readonly records: number;
  /** Changed records per CRM field. */
  readonly fieldCounts: Readonly<Record<string, number>>;
  readonly drifted: number;
}

const PLAN_TABLE = 'reverse_plan';

/** Raw table of each CRM object, as the extract names it. */
const RAW_TABLES: Readonly<Record<string, string>> = {
  'salesforce/Account': 'raw.salesforce__account',
  'salesforce/Opportunity': 'raw.salesforce__opportunity',
  'hubspot/companies': 'raw.hubspot__companies',
  'hubspot/deals': 'raw.hubspot__deals',
};

/** The scopes to plan: every target in every configured CRM whose source mart exists. */
export async function planScopes(connection: DuckDBConnection, systems: readonly CrmSystem[]): Promise<PlanScope[]> {
  const existing = await existingTables(connection);
  const missing = SYNC_TARGETS.map((t) => t.source).filter((source) => !existing.has(source));
  if (missing.length > 0) throw new Error(`The reverse stage reads ${missing.join(', ')}, which the warehouse does not hold yet: run \`closeloop build\` (or \`closeloop run\`) first.`);
  return SYNC_TARGETS.flatMap((target) => systems.map((system) => {
    const object = target.objects[system];
    const rawTable = RAW_TABLES[`${system}/${object}`];
    return { target, system, object, rawTable: rawTable && existing.has(rawTable) ? rawTable : undefined };
  }));
}

/**
 * Diffs every scope into the connection's temp table `reverse_plan` and returns counts per scope.
 * Stops with a clear error when a source mart holds a CRM id more than once (sending either row
 * could be wrong, and sending both would flip the field on every run).
 */
export async function buildPlan(connection: DuckDBConnection, scopes: readonly PlanScope[], options: PlanSqlOptions): Promise<ScopePlan[]> {
  for (const scope of scopes) await assertUniqueKeys(connection, scope);
  await connection.run(`CREATE OR REPLACE TEMP TABLE ${PLAN_TABLE} AS ${scopes.map((scope) => `(${planSql(scope, options)})`).join('\nUNION ALL\n')}`);
  const reader = await connection.runAndReadAll(`SELECT system, object, crm_field, count(*) AS records, count(*) FILTER (WHERE drifted) AS drifted
    FROM ${PLAN_TABLE} GROUP BY ALL ORDER BY ALL`);
  const rows = reader.getRowObjectsJS();
  const records = await countPlannedRecords(connection);
  return scopes.map((scope) => {
    const mine = rows.filter((r) => r.system === scope.system && r.object === scope.object);
    return {
      scope,
      records: records.get(`${scope.system}/${scope.object}`) ?? 0,
      fieldCounts: Object.fromEntries(mine.map((r) => [String(r.crm_field), Number(r.records)])),
      drifted: mine.reduce((n, r) => n + Number(r.drifted), 0),
    };
  });
}

/** Changed records of one scope in record-id order, `chunk` records at a time. */
export async function* planRecords(connection: DuckDBConnection, scope: PlanScope, chunk: number): AsyncGenerator<RecordChange[]> {
  let after = '';
  for (;;) {
    const reader = await connection.runAndReadAll(
      `WITH ids AS (SELECT DISTINCT record_id FROM ${PLAN_TABLE} WHERE system = $1 AND object = $2 AND record_id > $3 ORDER BY record_id LIMIT ${chunk})
       SELECT p.* FROM ${PLAN_TABLE} p JOIN ids USING (record_id) WHERE p.system = $1 AND p.object = $2 ORDER BY p.record_id, p.crm_field`,
      [scope.system, scope.object, after],
    );
    const records = groupByRecord(reader.getRowObjectsJS());
    if (records.length === 0) return;
    yield records;
    after = records.at(-1)!.recordId;
    if (records.length < chunk) return;
  }
}

/** Changed records per scope (the plan table must exist). */
async function countPlannedRecords(connection: DuckDBConnection): Promise<Map<string, number>> {
  const reader = await connection.runAndReadAll(`SELECT system || '/' || object AS scope, count(DISTINCT record_id) AS n FROM ${PLAN_TABLE} GROUP BY 1`);
  return new Map(reader.getRowObjectsJS().map((r) => [String(r.scope), Number(r.n)]));
}

function groupByRecord(rows: readonly Record<string, unknown>[]): RecordChange[] {
  const records: { recordId: string; fields: FieldChange[] }[] = [];
  for (const row of rows) {
    const recordId = String(row.record_id);
    if (records.at(-1)?.recordId !== recordId) records.push({ recordId, fields: [] });
    records.at(-1)!.fields.push({
      column: String(row.field_column),
      crmField: String(row.crm_field),
      group: String(row.field_group),
      type: String(row.field_type) as FieldType,
      desired: row.desired === null ? null : String(row.desired),
      crmValue: row.crm_value === null ? null : String(row.crm_value),
      lastSent: row.last_sent === null ? null : String(row.last_sent),
      drifted: row.drifted === true,
    });
  }
  return records;
}

async function assertUniqueKeys(connection: DuckDBConnection, scope: PlanScope): Promise<void> {
  const duplicates = (await connection.runAndReadAll(duplicateKeysSql(scope))).getRowObjectsJS();
  if (duplicates.length === 0) return;
  const examples = duplicates.map((r) => `${String(r.record_id)} (${String(r.rows)} rows)`).join(', ');
  throw new Error(
    `NON_UNIQUE_KEY: ${scope.target.source} holds some ${scope.system} ${scope.object} ids more than once (${examples}), so the values to write are ambiguous and nothing was planned. `
    + `Its data tests should have caught this: run \`closeloop build\` and fix the model, then run again.`,
  );
}

async function existingTables(connection: DuckDBConnection): Promise<Set<string>> {
  const reader = await connection.runAndReadAll(`SELECT table_schema || '.' || table_name AS name FROM information_schema.tables`);
  return new Set(reader.getRowObjectsJS().map((r) => String(r.name)));
}
