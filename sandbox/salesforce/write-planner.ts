import type { SfFieldSpec } from './salesforce-objects.ts';
import type { OrgObject } from './org-schema.ts';
import { recordError, type RecordError } from './salesforce-errors.ts';
import { valueText, type StoredValue } from './field-values.ts';
import { checkValidationRules, type RecordValues, type ValidationRule } from './validation-rules.ts';
import { stageFlags } from './opportunity-stages.ts';
import { isTextType } from './soql-scope.ts';

export const AUDIT_FIELDS = new Set(['Id', 'IsDeleted', 'CreatedDate', 'CreatedById', 'LastModifiedDate', 'LastModifiedById', 'SystemModstamp']);

export interface FieldChange {
  field: string;
  oldValue: string | null;
  newValue: string | null;
}

/** What one record's write will do, decided before anything is written. */
export type PlannedWrite =
  | { kind: 'insert'; id: string; row: RecordValues; changes: FieldChange[] }
  | { kind: 'update'; id: string; row: RecordValues; columns: string[]; changes: FieldChange[] }
  | { kind: 'delete'; id: string }
  | { kind: 'error'; error: RecordError; id?: string };

export interface PlanContext {
  object: OrgObject;
  rules: readonly ValidationRule[];
  userId: string;
  /** UTC ISO timestamp of this write (SystemModstamp, LastModifiedDate). */
  at: string;
  newId: () => string;
  multiCurrency: boolean;
}

/** A new record: read-only and required fields, lengths, validation rules; defaults and audit fields. */
export function planInsert(ctx: PlanContext, values: RecordValues): PlannedWrite {
  const readOnly = Object.keys(values).filter((name) => !fieldOf(ctx, name).createable);
  if (readOnly.length > 0) return { kind: 'error', error: notWritable(readOnly) };
  const row: RecordValues = { ...defaults(ctx), ...values };
  deriveFields(ctx, row);
  const missing = ctx.object.fields.filter((f) => isRequired(f) && (row[f.name] === null || row[f.name] === undefined)).map((f) => f.name);
  const error = missing.length > 0 ? requiredMissing(missing) : checkValues(ctx, values) ?? checkValidationRules(ctx.rules, ctx.object.name, row);
  if (error) return { kind: 'error', error };
  const id = ctx.newId();
  Object.assign(row, { Id: id, IsDeleted: false, CreatedDate: ctx.at, CreatedById: ctx.userId, LastModifiedDate: ctx.at, LastModifiedById: ctx.userId, SystemModstamp: ctx.at });
  const changes = Object.entries(row)
    .filter(([name, value]) => !AUDIT_FIELDS.has(name) && value !== null && value !== undefined)
    .map(([field, value]) => ({ field, oldValue: null, newValue: valueText(value) }));
  return { kind: 'insert', id, row: onlyColumns(ctx, row), changes };
}

/**
 * An update of an existing, live record. SystemModstamp and LastModifiedDate move even when no value
 * changes (Salesforce does the same); only fields whose value really changes are logged.
 */
export function planUpdate(ctx: PlanContext, id: string, existing: RecordValues, values: RecordValues): PlannedWrite {
  const readOnly = Object.keys(values).filter((name) => !fieldOf(ctx, name).updateable);
  if (readOnly.length > 0) return { kind: 'error', id, error: notWritable(readOnly) };
  const row: RecordValues = { ...existing, ...values };
  deriveFields(ctx, row);
  const cleared = Object.keys(values).filter((name) => isRequired(fieldOf(ctx, name)) && values[name] === null);
  const error = cleared.length > 0 ? requiredMissing(cleared) : checkValues(ctx, values) ?? checkValidationRules(ctx.rules, ctx.object.name, row);
  if (error) return { kind: 'error', id, error };
  const touched = Object.keys(row).filter((name) => name in values || (!AUDIT_FIELDS.has(name) && row[name] !== existing[name]));
  const changes = touched
    .filter((field) => valueText(existing[field]) !== valueText(row[field]))
    .map((field) => ({ field, oldValue: valueText(existing[field]), newValue: valueText(row[field]) }));
  const audit: RecordValues = { SystemModstamp: ctx.at };
  if (ctx.object.hasField('LastModifiedDate')) audit.LastModifiedDate = ctx.at;
  if (ctx.object.hasField('LastModifiedById')) audit.LastModifiedById = ctx.userId;
  Object.assign(row, audit);
  return { kind: 'update', id, row, columns: [...new Set([...touched, ...Object.keys(audit)])], changes };
}

function fieldOf(ctx: PlanContext, name: string): SfFieldSpec {
  const field = ctx.object.field(name);
  if (!field) throw new Error(`planner got unknown field ${name} on ${ctx.object.name}; the endpoint must reject it first`);
  return field;
}

/** Required on create: not nillable, settable, not a checkbox, not defaulted by the platform (OwnerId). */
function isRequired(field: SfFieldSpec): boolean {
  return !field.nillable && field.createable && field.type !== 'boolean' && field.name !== 'OwnerId' && !AUDIT_FIELDS.has(field.name);
}

function defaults(ctx: PlanContext): RecordValues {
  const row: RecordValues = {};
  for (const field of ctx.object.fields) {
    if (field.type === 'boolean') row[field.name] = false;
  }
  if (ctx.object.hasField('OwnerId')) row.OwnerId = ctx.userId;
  if (ctx.multiCurrency && ctx.object.hasField('CurrencyIsoCode')) row.CurrencyIsoCode = 'USD';
  return row;
}

/** Read-only fields the platform derives: an opportunity's IsClosed/IsWon follow StageName. */
function deriveFields(ctx: PlanContext, row: RecordValues): void {
  if (ctx.object.name !== 'Opportunity' || !('StageName' in row)) return;
  const flags = stageFlags(typeof row.StageName === 'string' ? row.StageName : null);
  if (ctx.object.hasField('IsClosed')) row.IsClosed = flags.IsClosed;
  if (ctx.object.hasField('IsWon')) row.IsWon = flags.IsWon;
}

function checkValues(ctx: PlanContext, values: RecordValues): RecordError | undefined {
  for (const [name, value] of Object.entries(values)) {
    const field = fieldOf(ctx, name);
    if (typeof value === 'string' && isTextType(field) && field.length > 0 && value.length > field.length) {
      return recordError('STRING_TOO_LONG', `${field.label}: data value too large: ${value.slice(0, 60)} (max length=${field.length})`, [field.name]);
    }
    if (typeof value === 'string' && isRestrictedPicklist(field) && !field.picklistValues!.includes(value)) {
      return recordError('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', `${field.label}: bad value for restricted picklist field: ${value}`, [field.name]);
    }
  }
  return undefined;
}

/** Custom picklists are restricted to their value set (the default for new custom picklists); standard ones are not. */
function isRestrictedPicklist(field: SfFieldSpec): boolean {
  return field.type === 'picklist' && field.custom && (field.picklistValues?.length ?? 0) > 0;
}

/** Drops keys that are not columns (defensive: rows are written column by column). */
function onlyColumns(ctx: PlanContext, row: RecordValues): RecordValues {
  const result: RecordValues = {};
  for (const field of ctx.object.schema.fields) result[field.name] = row[field.name] ?? null;
  return result;
}

export function notWritable(fields: string[]): RecordError {
  return recordError(
    'INVALID_FIELD_FOR_INSERT_UPDATE',
    `Unable to create/update fields: ${fields.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
    fields,
  );
}

function requiredMissing(fields: string[]): RecordError {
  return recordError('REQUIRED_FIELD_MISSING', `Required fields are missing: [${fields.join(', ')}]`, fields);
}

/** Why an id cannot be written: malformed for the object, unknown, or in the Recycle Bin. */
export function targetError(object: OrgObject, id: string, existing: RecordValues | undefined): RecordError | undefined {
  if (!/^[A-Za-z0-9]{3,18}$/.test(id) || !id.startsWith(object.schema.keyPrefix)) {
    return recordError('MALFORMED_ID', `${object.schema.label} ID: id value of incorrect type: ${id}`, ['Id']);
  }
  if (!existing) return recordError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', []);
  if (existing.IsDeleted === true) return recordError('ENTITY_IS_DELETED', 'entity is deleted', []);
  return undefined;
}

export type { StoredValue };
