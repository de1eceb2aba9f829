import type { StreamCursor } from '../extract-types.ts';

/**
 * Where a HubSpot stream stands. Three phases share it:
 * - first load: the list endpoint in id order (`listAfter` is the last id landed), no 10k cap;
 * - increments: search by hs_lastmodifieddate as a keyset (`ts` plus the ids already landed at exactly
 *   `ts`, so records sharing a timestamp are neither skipped nor landed twice);
 * - archived pass: the archived list in id order; records archived at or after `archivedSince`
 *   (minus those in `archivedIdsAtSince`) land as deleted.
 */
export interface HubspotCursor {
  /** Last id landed by an unfinished first load; null when no first load is in progress. */
  listAfter: string | null;
  /** When the first load started (epoch ms), to bound what it may have missed. */
  listStartedAt: number | null;
  /** Greatest hs_lastmodifieddate landed (epoch ms); null before anything was read. */
  ts: number | null;
  idsAtTs: string[];
  /** True once the first load has finished and increments use search. */
  searching: boolean;
  archivedSince: number;
  archivedIdsAtSince: string[];
  /** Last id of an unfinished archived pass; the pass's high-water mark waits in archivedMax. */
  archivedAfter: string | null;
  archivedMax: number;
  archivedIdsAtMax: string[];
}

export function initialCursor(): HubspotCursor {
  return {
    listAfter: null, listStartedAt: null, ts: null, idsAtTs: [], searching: false,
    archivedSince: 0, archivedIdsAtSince: [], archivedAfter: null, archivedMax: 0, archivedIdsAtMax: [],
  };
}

/** Id lists are stored as JSON text: meta.state cursors hold scalars only. */
export function encodeCursor(cursor: HubspotCursor): StreamCursor {
  return {
    ...cursor,
    idsAtTs: JSON.stringify(cursor.idsAtTs),
    archivedIdsAtSince: JSON.stringify(cursor.archivedIdsAtSince),
    archivedIdsAtMax: JSON.stringify(cursor.archivedIdsAtMax),
  };
}

export function decodeCursor(stored: StreamCursor | null): HubspotCursor {
  const base = initialCursor();
  if (!stored) return base;
  return {
    listAfter: text(stored.listAfter),
    listStartedAt: num(stored.listStartedAt),
    ts: num(stored.ts),
    idsAtTs: ids(stored.idsAtTs),
    searching: stored.searching === true,
    archivedSince: num(stored.archivedSince) ?? 0,
    archivedIdsAtSince: ids(stored.archivedIdsAtSince),
    archivedAfter: text(stored.archivedAfter),
    archivedMax: num(stored.archivedMax) ?? 0,
    archivedIdsAtMax: ids(stored.archivedIdsAtMax),
  };
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function ids(value: unknown): string[] {
  if (typeof value !== 'string' || value === '') return [];
  const parsed: unknown = JSON.parse(value);
  return Array.isArray(parsed) ? parsed.map(String) : [];
}
