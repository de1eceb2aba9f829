import type { StreamCursor } from '../extract-types.ts';
import { parseSfDateTime } from './salesforce-record-values.ts';
import { soqlDateTime, soqlId, soqlName } from './soql-literals.ts';

/** A position in the (SystemModstamp, Id) order: everything at or before it has been landed. */
export interface Keyset {
  /** UTC ISO timestamp. */
  systemModstamp: string;
  id: string;
}

/** Where a query starts: from the beginning, from a timestamp (inclusive), or strictly after a keyset. */
export type QueryBound = { kind: 'start' } | { kind: 'since'; from: string } | { kind: 'after'; key: Keyset };

/** The stored cursor as a keyset; null for a first load. */
export function keysetFromCursor(cursor: StreamCursor | null): Keyset | null {
  if (!cursor || cursor.systemModstamp === null || cursor.systemModstamp === undefined) return null;
  const { systemModstamp, id } = cursor;
  if (typeof systemModstamp !== 'string' || typeof id !== 'string' || Number.isNaN(Date.parse(systemModstamp))) {
    throw new Error(`the stored Salesforce cursor ${JSON.stringify(cursor)} is not {systemModstamp, id}; reset the stream with --full-refresh`);
  }
  return { systemModstamp, id };
}

export function keysetCursor(key: Keyset): StreamCursor {
  return { systemModstamp: key.systemModstamp, id: key.id };
}

/** The keyset of an API record (REST or Bulk); throws naming the record when SystemModstamp is unusable. */
export function keysetOf(object: string, record: Record<string, unknown>): Keyset {
  const id = String(record.Id ?? '');
  const stamp = typeof record.SystemModstamp === 'string' ? parseSfDateTime(record.SystemModstamp) : undefined;
  if (!stamp) throw new Error(`Salesforce ${object} ${id}: SystemModstamp ${JSON.stringify(record.SystemModstamp)} is not a datetime, so the cursor cannot advance; report this record to the Salesforce admin`);
  return { systemModstamp: stamp, id };
}

/** Negative, zero or positive as `a` sorts before, with or after `b` in (SystemModstamp, Id) order. */
export function compareKeysets(a: Keyset, b: Keyset): number {
  const byTime = Date.parse(a.systemModstamp) - Date.parse(b.systemModstamp);
  if (byTime !== 0) return byTime;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function laterKeyset(a: Keyset | null, b: Keyset | null): Keyset | null {
  if (!a) return b;
  if (!b) return a;
  return compareKeysets(a, b) >= 0 ? a : b;
}

/** The first bound of a read: strictly after the cursor, or `lookbackSeconds` before it to catch late commits. */
export function firstBound(key: Keyset | null, lookbackSeconds: number): QueryBound {
  if (!key) return { kind: 'start' };
  if (lookbackSeconds <= 0) return { kind: 'after', key };
  return { kind: 'since', from: new Date(Date.parse(key.systemModstamp) - lookbackSeconds * 1000).toISOString() };
}

/** One page of the keyset scan: `SELECT … WHERE <bound> ORDER BY SystemModstamp, Id LIMIT n`. */
export function keysetSoql(object: string, fields: readonly string[], bound: QueryBound, limit: number): string {
  const select = `SELECT ${fields.map(soqlName).join(', ')} FROM ${soqlName(object)}`;
  return `${select}${whereClause(bound)} ORDER BY SystemModstamp, Id LIMIT ${Math.trunc(limit)}`;
}

function whereClause(bound: QueryBound): string {
  switch (bound.kind) {
    case 'start':
      return '';
    case 'since':
      return ` WHERE SystemModstamp >= ${soqlDateTime(new Date(bound.from))}`;
    case 'after': {
      const stamp = soqlDateTime(new Date(bound.key.systemModstamp));
      return ` WHERE SystemModstamp > ${stamp} OR (SystemModstamp = ${stamp} AND Id > ${soqlId(bound.key.id)})`;
    }
  }
}
