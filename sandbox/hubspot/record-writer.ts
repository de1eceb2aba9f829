import { quoteIdent, type SandboxTx, type SqlParam } from '../store/sandbox-db.ts';
import { logChanges, type Change } from '../store/change-log.ts';
import { tableName } from '../dataset/dataset-schema.ts';
import type { HsObjectSchema } from './hubspot-objects.ts';
import type { HubspotState } from './hubspot-state.ts';
import { sameValue, type PropertyValues } from './property-values.ts';
import { withDerivedValues } from './derived-properties.ts';
import { placeholders, readByIds } from './record-store.ts';
import { addLinks, type AssociationLink } from './association-store.ts';

export interface NewRecord {
  values: PropertyValues;
  /** Associations to create with the record (`from` is filled in once the id is known). */
  links?: Omit<AssociationLink, 'fromType' | 'fromId'>[];
}

export interface RecordUpdate {
  id: string;
  values: PropertyValues;
}

/** Properties HubSpot maintains itself on every write; never logged as user changes. */
const STAMPS = new Set(['hs_object_id', 'createdate', 'hs_lastmodifieddate']);

/** Inserts new records with fresh ids, stamps and derived values; logs one change per value set. */
export async function insertRecords(
  tx: SandboxTx, state: HubspotState, schema: HsObjectSchema, records: readonly NewRecord[], now: Date,
): Promise<string[]> {
  if (records.length === 0) return [];
  const stamp = now.toISOString();
  const rows = records.map((record) => {
    const id = state.ids.next();
    return { id, values: { ...withDerivedValues(schema, record.values), hs_object_id: id, createdate: stamp, hs_lastmodifieddate: stamp } as PropertyValues };
  });
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r.values)))];
  const params: SqlParam[] = [];
  for (const row of rows) params.push(row.id, ...columns.map((c) => row.values[c] ?? null));
  const tuple = `(?, '${stamp}'::TIMESTAMP, '${stamp}'::TIMESTAMP, false, NULL, ${placeholders(columns.length)})`;
  await tx.run(
    `INSERT INTO ${tableName(schema)} (id, "createdAt", "updatedAt", archived, "archivedAt", ${columns.map(quoteIdent).join(', ')})
     VALUES ${rows.map(() => tuple).join(', ')}`,
    params,
  );
  const changes: Change[] = rows.flatMap((row) =>
    Object.entries(row.values)
      .filter(([name, value]) => value !== null && !STAMPS.has(name))
      .map(([name, value]) => change(schema, row.id, 'create', name, null, value)));
  await logChanges(tx, changes, now);
  const links = rows.flatMap((row, i) => (records[i]!.links ?? []).map((l) => ({ ...l, fromType: schema.name, fromId: row.id })));
  await addLinks(tx, links);
  state.searchIndex.touched(schema.name, rows.map((r) => r.id), now.getTime());
  return rows.map((r) => r.id);
}

/**
 * Applies updates to existing records: only values that really change are written and logged;
 * records with a change get hs_lastmodifieddate and updatedAt bumped. Returns the changed ids.
 */
export async function updateRecords(
  tx: SandboxTx, state: HubspotState, schema: HsObjectSchema, updates: readonly RecordUpdate[], now: Date,
): Promise<string[]> {
  const effective = updates.map((u) => ({ id: u.id, values: withDerivedValues(schema, u.values) }));
  const names = [...new Set(effective.flatMap((u) => Object.keys(u.values)))];
  const current = await readByIds(tx, schema, effective.map((u) => u.id), names);
  const changes: Change[] = [];
  const groups = new Map<string, { columns: string[]; rows: { id: string; values: PropertyValues }[] }>();
  for (const update of effective) {
    const row = current.get(update.id);
    if (!row) continue;
    const changed: PropertyValues = {};
    for (const [name, value] of Object.entries(update.values)) {
      const old = (row[name] as string | null | undefined) ?? null;
      if (sameValue(schema.fields.find((f) => f.name === name), old, value)) continue;
      changed[name] = value;
      changes.push(change(schema, update.id, 'update', name, old, value));
    }
    const columns = Object.keys(changed).sort();
    if (columns.length === 0) continue;
    const key = columns.join('\u0000');
    if (!groups.has(key)) groups.set(key, { columns, rows: [] });
    groups.get(key)!.rows.push({ id: update.id, values: changed });
  }
  const stamp = now.toISOString();
  for (const group of groups.values()) await writeGroup(tx, schema, group.columns, group.rows, stamp);
  await logChanges(tx, changes, now);
  const changedIds = [...groups.values()].flatMap((g) => g.rows.map((r) => r.id));
  state.searchIndex.touched(schema.name, changedIds, now.getTime());
  return changedIds;
}

/** One UPDATE for all records changing the same set of properties. */
async function writeGroup(
  tx: SandboxTx, schema: HsObjectSchema, columns: readonly string[], rows: readonly { id: string; values: PropertyValues }[], stamp: string,
): Promise<void> {
  const params: SqlParam[] = [];
  for (const row of rows) params.push(row.id, ...columns.map((c) => row.values[c] ?? null));
  const typed = `(?::VARCHAR${columns.map(() => ', ?::VARCHAR').join('')})`;
  const plain = `(${placeholders(columns.length + 1)})`;
  const tuples = rows.map((_, i) => (i === 0 ? typed : plain)).join(', ');
  const sets = columns.map((c) => `${quoteIdent(c)} = v.${quoteIdent(c)}`);
  await tx.run(
    `UPDATE ${tableName(schema)} AS t
        SET ${sets.join(', ')}, "updatedAt" = '${stamp}'::TIMESTAMP, hs_lastmodifieddate = '${stamp}'
       FROM (VALUES ${tuples}) AS v(__id, ${columns.map(quoteIdent).join(', ')})
      WHERE t.id = v.__id`,
    params,
  );
}

/** Archives active records among `ids`; returns those archived now (one `delete` change each). */
export async function archiveRecords(
  tx: SandboxTx, state: HubspotState, schema: HsObjectSchema, ids: readonly string[], now: Date,
): Promise<string[]> {
  const active = [...(await readByIds(tx, schema, [...new Set(ids)], [])).keys()];
  if (active.length === 0) return [];
  const stamp = now.toISOString();
  await tx.run(
    `UPDATE ${tableName(schema)} SET archived = true, "archivedAt" = '${stamp}'::TIMESTAMP, "updatedAt" = '${stamp}'::TIMESTAMP
      WHERE id IN (${placeholders(active.length)})`,
    active,
  );
  await logChanges(tx, active.map((id) => change(schema, id, 'delete', '*', null, null)), now);
  state.searchIndex.touched(schema.name, active, now.getTime());
  return active;
}

function change(schema: HsObjectSchema, recordId: string, operation: Change['operation'], field: string, oldValue: string | null, newValue: string | null): Change {
  return { system: 'hubspot', object: schema.name, recordId, operation, field, oldValue, newValue };
}
