import type { SandboxTx } from '../store/sandbox-db.ts';
import { logChanges, type Change } from '../store/change-log.ts';
import { ASSOCIATION_TYPES } from './hubspot-objects.ts';
import { placeholders } from './record-store.ts';

/** One stored association, one direction (`hubspot.associations`). */
export interface AssociationLink {
  fromType: string;
  fromId: string;
  toType: string;
  toId: string;
  category: string;
  typeId: number;
  label: string | null;
}

interface TypeDef {
  name: string;
  from: string;
  to: string;
  typeId: number;
  label: string | null;
}

const TYPES: readonly TypeDef[] = Object.entries(ASSOCIATION_TYPES).map(([name, t]) => ({
  name, from: t.from, to: t.to, typeId: t.typeId, label: 'label' in t ? t.label : null,
}));

/** A HUBSPOT_DEFINED type between two objects, by id. */
export function associationType(from: string, to: string, typeId: number): TypeDef | undefined {
  return TYPES.find((t) => t.from === from && t.to === to && t.typeId === typeId);
}

/** The unlabelled type `createDefault` uses between two objects. */
export function defaultAssociationType(from: string, to: string): TypeDef | undefined {
  return TYPES.find((t) => t.from === from && t.to === to && t.label === null);
}

/** The v3 `type` name shown in `associations` on records, e.g. `deal_to_company`. */
export function associationTypeName(link: Pick<AssociationLink, 'fromType' | 'toType' | 'typeId'>): string {
  return associationType(link.fromType, link.toType, link.typeId)?.name
    ?? `${link.fromType.replace(/ies$/, 'y').replace(/s$/, '')}_to_${link.toType.replace(/ies$/, 'y').replace(/s$/, '')}`;
}

/**
 * Links from some records to one object type, ordered by source, target id, then type id.
 * Only `from_id IN (constants)` goes to SQL so DuckDB uses the `from_id` index; types are filtered here.
 */
export async function linksFrom(tx: SandboxTx, fromType: string, fromIds: readonly string[], toType: string): Promise<AssociationLink[]> {
  if (fromIds.length === 0) return [];
  const rows = await tx.all<{ from_type: string; from_id: string; to_type: string; to_id: string; category: string; type_id: number; label: string | null }>(
    `SELECT * FROM hubspot.associations WHERE from_id IN (${placeholders(fromIds.length)})`,
    [...fromIds],
  );
  return rows
    .filter((r) => r.from_type === fromType && r.to_type === toType)
    .map((r) => ({ fromType, fromId: r.from_id, toType, toId: r.to_id, category: r.category, typeId: Number(r.type_id), label: r.label }))
    .sort(compareLinks);
}

function compareLinks(a: AssociationLink, b: AssociationLink): number {
  return compareIds(a.fromId, b.fromId) || compareIds(a.toId, b.toId) || a.typeId - b.typeId;
}

/** The sandbox's id order: shorter ids first (numeric order for numeric ids), then text. */
export function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** Indexes the lookups every read makes (DuckDB uses them for constant IN lists). */
export const ASSOCIATION_INDEX_DDL = 'CREATE INDEX IF NOT EXISTS associations_from_id ON hubspot.associations(from_id)';

/** Stores links and their reverse direction (when HubSpot defines one); logs each new row. Returns the new rows. */
export async function addLinks(tx: SandboxTx, links: readonly AssociationLink[]): Promise<AssociationLink[]> {
  const added: AssociationLink[] = [];
  for (const link of links) {
    const type = associationType(link.fromType, link.toType, link.typeId);
    const reverse = type ? TYPES.find((t) => t.from === link.toType && t.to === link.fromType && t.label === type.label) : undefined;
    const both = [link];
    if (reverse) both.push({ ...link, fromType: link.toType, fromId: link.toId, toType: link.fromType, toId: link.fromId, typeId: reverse.typeId });
    for (const candidate of both) if (await insertIfMissing(tx, candidate)) added.push(candidate);
  }
  await logChanges(tx, added.map((l) => linkChange(l, 'create')));
  return added;
}

/** Removes every link (both directions) between two records. */
export async function removeLinks(tx: SandboxTx, fromType: string, fromId: string, toType: string, toId: string): Promise<number> {
  const removed = [...(await linksFrom(tx, fromType, [fromId], toType)).filter((l) => l.toId === toId),
    ...(await linksFrom(tx, toType, [toId], fromType)).filter((l) => l.toId === fromId)];
  await tx.run(
    `DELETE FROM hubspot.associations
      WHERE (from_type = ? AND from_id = ? AND to_type = ? AND to_id = ?) OR (from_type = ? AND from_id = ? AND to_type = ? AND to_id = ?)`,
    [fromType, fromId, toType, toId, toType, toId, fromType, fromId],
  );
  await logChanges(tx, removed.map((l) => linkChange(l, 'delete')));
  return removed.length;
}

async function insertIfMissing(tx: SandboxTx, link: AssociationLink): Promise<boolean> {
  const key = [link.fromType, link.fromId, link.toType, link.toId, link.typeId];
  const existing = await tx.all(
    `SELECT 1 FROM hubspot.associations WHERE from_type = ? AND from_id = ? AND to_type = ? AND to_id = ? AND type_id = ? LIMIT 1`,
    key,
  );
  if (existing.length > 0) return false;
  await tx.run('INSERT INTO hubspot.associations VALUES (?, ?, ?, ?, ?, ?, ?)', [...key.slice(0, 4), link.category, link.typeId, link.label]);
  return true;
}

function linkChange(link: AssociationLink, operation: 'create' | 'delete'): Change {
  const value = `${link.category}:${link.typeId}${link.label ? `:${link.label}` : ''}`;
  return {
    system: 'hubspot', object: 'associations', recordId: `${link.fromType}/${link.fromId}`, operation,
    field: `${link.toType}/${link.toId}`,
    oldValue: operation === 'delete' ? value : null,
    newValue: operation === 'create' ? value : null,
  };
}
