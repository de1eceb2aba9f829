import { logChanges, type Change } from '../store/change-log.ts';
import type { SandboxTx } from '../store/sandbox-db.ts';
import type { SfFieldSpec } from './salesforce-objects.ts';
import type { OrgObject } from './org-schema.ts';
import type { SfContext } from './salesforce-context.ts';
import { recordError, type RecordError } from './salesforce-errors.ts';
import { orgValidationRules, type RecordValues } from './validation-rules.ts';
import { planInsert, planUpdate, targetError, type PlanContext, type PlannedWrite } from './write-planner.ts';
import { applyWrites, loadByField, loadById } from './write-store.ts';

export type WriteOperation = 'insert' | 'update' | 'upsert' | 'delete';

/** One record of a write call: its field values (canonical names, stored form) and target. */
export interface WriteItem {
  values: RecordValues;
  /** update/delete target; for an upsert on `Id`, the record to update (absent: create). */
  id?: string;
  /** A problem found while reading the record (e.g. a bad CSV value): reported as its result. */
  error?: RecordError;
}

export interface WriteResult {
  id?: string;
  success: boolean;
  created?: boolean;
  errors: RecordError[];
}

/** Records of one object type, written with one operation. */
export interface WriteRequest {
  object: OrgObject;
  operation: WriteOperation;
  items: WriteItem[];
  /** upsert: `Id` or an external id field. */
  matchField?: SfFieldSpec;
  userId: string;
}

const ROLLED_BACK = recordError(
  'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  'Record rolled back because not all records were valid and the request was using AllOrNone header',
);

/**
 * Validates and writes groups of records (one per object type, in request order) in one transaction:
 * per-record results in request order; with allOrNone, one failure anywhere writes nothing.
 * Every accepted change is logged with the write.
 */
export function writeRecords(ctx: SfContext, groups: WriteRequest[], allOrNone: boolean): Promise<WriteResult[]> {
  return ctx.db.transaction(async (tx) => {
    const at = new Date(ctx.now()).toISOString();
    const rules = orgValidationRules(ctx.options);
    const planned: { request: WriteRequest; plans: PlannedWrite[] }[] = [];
    for (const request of groups) {
      const planCtx: PlanContext = {
        object: request.object,
        rules,
        userId: request.userId,
        at,
        newId: () => ctx.ids.next(request.object.schema.keyPrefix),
        multiCurrency: ctx.options.multiCurrency,
      };
      const plans = await planAll(tx, planCtx, request);
      planned.push({ request, plans: plans.map((plan) => withRowLock(ctx, plan)) });
    }
    const failed = planned.some((g) => g.plans.some((p) => p.kind === 'error'));
    if (failed && allOrNone) return planned.flatMap((g) => g.plans.map(rolledBack));
    for (const { request, plans } of planned) {
      await applyWrites(tx, request.object, plans, { at, userId: request.userId });
      await logChanges(tx, changesOf(request.object, plans), new Date(at));
    }
    return planned.flatMap(({ request, plans }) => plans.map((p) => resultOf(p, request.operation)));
  });
}

/** The `--faults` row lock: an update or delete that would succeed fails instead, and is not written. */
function withRowLock(ctx: SfContext, plan: PlannedWrite): PlannedWrite {
  if ((plan.kind !== 'update' && plan.kind !== 'delete') || !ctx.rowLocks.next()) return plan;
  return { kind: 'error', id: plan.id, error: recordError('UNABLE_TO_LOCK_ROW', `unable to obtain exclusive access to this record or 1 records: ${plan.id}`) };
}

function rolledBack(plan: PlannedWrite): WriteResult {
  if (plan.kind === 'error') return { ...(plan.id ? { id: plan.id } : {}), success: false, errors: [plan.error] };
  return { ...(plan.kind === 'insert' ? {} : { id: plan.id }), success: false, errors: [ROLLED_BACK] };
}

async function planAll(tx: SandboxTx, ctx: PlanContext, request: WriteRequest): Promise<PlannedWrite[]> {
  const { object, items, operation } = request;
  const notAllowed = operationError(object, operation);
  if (notAllowed) return items.map(() => ({ kind: 'error', error: notAllowed }));
  if (operation === 'insert') return items.map((item) => item.error ? { kind: 'error', error: item.error } : planInsert(ctx, item.values));
  if (operation === 'upsert' && request.matchField && request.matchField.name !== 'Id') return planUpsertByField(tx, ctx, request.items, request.matchField);
  const existing = await loadById(tx, object, items.flatMap((i) => (i.id ? [i.id] : [])));
  const seen = new Set<string>();
  return items.map((item): PlannedWrite => {
    if (item.error) return { kind: 'error', error: item.error, ...(item.id ? { id: item.id } : {}) };
    if (!item.id) return operation === 'upsert' ? planInsert(ctx, item.values) : { kind: 'error', error: recordError('MISSING_ARGUMENT', 'Id not specified in an update call', ['Id']) };
    const row = existing.get(item.id);
    const problem = targetError(object, item.id, row) ?? duplicate(seen, String(row?.Id ?? item.id));
    if (problem || !row) return { kind: 'error', id: item.id, error: problem ?? recordError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id') };
    const id = String(row.Id);
    return operation === 'delete' ? { kind: 'delete', id } : planUpdate(ctx, id, row, item.values);
  });
}

async function planUpsertByField(tx: SandboxTx, ctx: PlanContext, items: WriteItem[], field: SfFieldSpec): Promise<PlannedWrite[]> {
  const keyOf = (item: WriteItem): string | undefined => {
    const value = item.values[field.name];
    return value === null || value === undefined || value === '' ? undefined : String(value).toLowerCase();
  };
  const matches = await loadByField(tx, ctx.object, field, items.flatMap((i) => keyOf(i) ?? []));
  const seen = new Set<string>();
  return items.map((item): PlannedWrite => {
    if (item.error) return { kind: 'error', error: item.error };
    const key = keyOf(item);
    if (key === undefined) return { kind: 'error', error: recordError('MISSING_ARGUMENT', `${field.name} not specified`, [field.name]) };
    if (seen.has(key)) return { kind: 'error', error: recordError('DUPLICATE_EXTERNAL_ID', `Duplicate external id specified: ${item.values[field.name]}`, [field.name]) };
    seen.add(key);
    const found = matches.get(key) ?? [];
    if (found.length > 1) {
      return { kind: 'error', error: recordError('DUPLICATE_EXTERNAL_ID', `${field.name}: more than one record found for external id field: [${found.map((r) => r.Id).join(', ')}]`, [field.name]) };
    }
    return found[0] ? planUpdate(ctx, String(found[0].Id), found[0], item.values) : planInsert(ctx, item.values);
  });
}

function duplicate(seen: Set<string>, id: string): RecordError | undefined {
  if (seen.has(id)) return recordError('DUPLICATE_VALUE', `Duplicate id in list: ${id}`, []);
  seen.add(id);
  return undefined;
}

/** Users cannot be created or deleted through the sandbox's API (as for most setup objects). */
function operationError(object: OrgObject, operation: WriteOperation): RecordError | undefined {
  if (object.hasField('IsDeleted') || operation === 'update') return undefined;
  const verb = operation === 'delete' ? 'deleted' : 'created';
  return recordError('INVALID_TYPE_FOR_OPERATION', `entity type ${object.name} cannot be ${verb} through the API`);
}

function resultOf(plan: PlannedWrite, operation: WriteOperation): WriteResult {
  if (plan.kind === 'error') return { ...(plan.id ? { id: plan.id } : {}), success: false, errors: [plan.error] };
  const result: WriteResult = { id: plan.id, success: true, errors: [] };
  if (operation === 'upsert') result.created = plan.kind === 'insert';
  return result;
}

function changesOf(object: OrgObject, plans: PlannedWrite[]): Change[] {
  return plans.flatMap((plan): Change[] => {
    const base = { system: 'salesforce' as const, object: object.name, recordId: 'id' in plan ? plan.id ?? '' : '' };
    switch (plan.kind) {
      case 'insert': return plan.changes.map((c) => ({ ...base, operation: 'create', ...c }));
      case 'update': return plan.changes.map((c) => ({ ...base, operation: 'update', ...c }));
      case 'delete': return [{ ...base, operation: 'delete', field: '*', oldValue: null, newValue: null }];
      case 'error': return [];
    }
  });
}
