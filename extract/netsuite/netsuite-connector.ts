import { createHash } from 'node:crypto';
import type NetsuiteRest from 'netsuite-rest';
import type { NetsuiteSourceConfig } from '../../config/pipeline-config.ts';
import { createNetsuiteClient, suiteqlPage, type SuiteqlPage } from '../../systems/clients/netsuite-client.ts';
import type { ExtractedRecord, ReadContext, SourceConnector, StreamCursor, StreamDescription, StreamPage } from '../extract-types.ts';
import { checkTimeZone, localToUtc, utcMinusSeconds, utcToLocal } from './account-time.ts';
import { netsuiteFailure } from './netsuite-failure.ts';
import { COLUMN_TYPES, NETSUITE_STREAMS, type NsStreamSpec } from './netsuite-streams.ts';
import { readInWindows, type SuiteqlItem, type WindowSource } from './query-windows.ts';
import { recordValues } from './record-values.ts';
import { changesQuery, deletionsQuery, KEYSET_MODIFIED, keysetIdAlias, type Keyset } from './suiteql-builder.ts';

export interface NetsuiteConnectorOptions {
  /** Rows per SuiteQL page (default and maximum 1000). */
  pageSize?: number;
  /** Seconds before the cursor re-read at the start of each run (default 0: strictly after the cursor). */
  lookbackSeconds?: number;
  /** Streams to read (default: all). */
  streams?: string[];
  /** Rows one query pages through before a new query starts from the keyset (default 100,000, SuiteQL's cap). */
  queryWindow?: number;
}

/**
 * The cursor, in meta.state: the last change read (`modifiedAt` UTC, `id`, and for lines `uniquekey`)
 * and the last deletion read (`deletedAt` UTC, `deletedId`). Times are stored in UTC and converted to
 * the account's zone for each query.
 */
interface NsCursor {
  modifiedAt: string | null;
  ids: number[];
  deletedAt: string | null;
  deletedId: number | null;
}

const ENDPOINT = { method: 'POST', endpoint: 'query/v1/suiteql' };
const ID_FIELDS = ['id', 'uniquekey'];

export function createNetsuiteConnector(
  source: NetsuiteSourceConfig,
  secret: (name: string) => string,
  options: NetsuiteConnectorOptions = {},
): SourceConnector {
  checkTimeZone(source.timeZone);
  const pageSize = options.pageSize ?? 1000;
  const queryWindow = options.queryWindow ?? 100_000;
  const lookbackSeconds = options.lookbackSeconds ?? 0;
  const specs = selectStreams(options.streams);
  let client: NetsuiteRest | undefined;
  const getClient = (): NetsuiteRest => (client ??= createNetsuiteClient(source, secret));

  return {
    source: 'netsuite',
    async testConnection(): Promise<void> {
      try {
        await suiteqlPage(getClient(), 'SELECT id FROM subsidiary', 1, 0);
      } catch (error) {
        throw netsuiteFailure(error, `connection test (SELECT id FROM subsidiary on account ${source.accountId})`);
      }
    },
    describe(): Promise<StreamDescription[]> {
      return Promise.resolve(specs.map(describeStream));
    },
    read(stream: StreamDescription, ctx: ReadContext): AsyncIterable<StreamPage> {
      const spec = specs.find((s) => s.stream === stream.stream);
      if (!spec) throw new Error(`NetSuite has no stream '${stream.stream}'; configured streams: ${specs.map((s) => s.stream).join(', ')}.`);
      const fetch = (query: string, limit: number, offset: number): Promise<SuiteqlPage> =>
        fetchPage(ctx, getClient, spec.stream, query, limit, offset);
      return readStream(spec, ctx, fetch, { timeZone: source.timeZone, pageSize, queryWindow, lookbackSeconds });
    },
    quota: () => undefined,
  };
}

function selectStreams(names: string[] | undefined): NsStreamSpec[] {
  if (!names) return [...NETSUITE_STREAMS];
  return names.map((name) => {
    const spec = NETSUITE_STREAMS.find((s) => s.stream === name.toLowerCase());
    if (!spec) throw new Error(`Unknown NetSuite stream '${name}'; available: ${NETSUITE_STREAMS.map((s) => s.stream).join(', ')}.`);
    return spec;
  });
}

export function describeStream(spec: NsStreamSpec): StreamDescription {
  return {
    source: 'netsuite', stream: spec.stream, table: `netsuite__${spec.stream}`, primaryKey: spec.primaryKey,
    columns: spec.columns.map((c) => ({ name: c.name, type: COLUMN_TYPES[c.kind] })),
  };
}

async function fetchPage(ctx: ReadContext, client: () => NetsuiteRest, stream: string, query: string, limit: number, offset: number): Promise<SuiteqlPage> {
  try {
    return await ctx.api.call(ENDPOINT, () => suiteqlPage(client(), query, limit, offset));
  } catch (error) {
    throw netsuiteFailure(error, `stream ${stream} (SuiteQL page at offset ${offset}: ${query})`);
  }
}

interface ReadSettings {
  timeZone: string;
  pageSize: number;
  queryWindow: number;
  lookbackSeconds: number;
}

type Fetch = WindowSource['fetch'];

/** Changes first (keyset on modification time and ids), then the stream's deletions. */
async function* readStream(spec: NsStreamSpec, ctx: ReadContext, fetch: Fetch, settings: ReadSettings): AsyncGenerator<StreamPage> {
  const cursor = parseCursor(ctx.cursor, spec);
  const { timeZone } = settings;
  const toKeyset = (utc: string | null, ids: number[]): Keyset | null => (utc === null ? null : { local: utcToLocal(utc, timeZone), ids });
  const changes: WindowSource = {
    query: (after, first) => {
      if (first && after && settings.lookbackSeconds > 0 && cursor.modifiedAt) {
        return changesQuery(spec, { local: utcToLocal(utcMinusSeconds(cursor.modifiedAt, settings.lookbackSeconds), timeZone), ids: [] }, true);
      }
      return changesQuery(spec, after);
    },
    fetch,
    keysetOf: (item) => keysetOf(item[KEYSET_MODIFIED], spec.keyset.ids.map((_, i) => item[keysetIdAlias(i)])),
  };
  for await (const page of readInWindows(changes, toKeyset(cursor.modifiedAt, cursor.ids), settings, ctx.signal)) {
    if (page.after) {
      cursor.modifiedAt = localToUtc(page.after.local, timeZone) ?? cursor.modifiedAt;
      cursor.ids = page.after.ids;
    }
    yield { records: page.items.map((item) => changedRecord(spec, item, timeZone)), cursor: storedCursor(cursor, spec) };
  }
  if (!spec.deletedTypes.length || ctx.signal.aborted) return;
  const deletions: WindowSource = {
    query: (after) => deletionsQuery(spec, after),
    fetch,
    keysetOf: (item) => keysetOf(item.deleteddate, [item.recordid]),
  };
  const deletedStart = toKeyset(cursor.deletedAt, cursor.deletedId === null ? [] : [cursor.deletedId]);
  for await (const page of readInWindows(deletions, deletedStart, settings, ctx.signal)) {
    if (page.after) {
      cursor.deletedAt = localToUtc(page.after.local, timeZone) ?? cursor.deletedAt;
      cursor.deletedId = page.after.ids[0] ?? null;
    }
    yield { records: page.items.map((item) => deletedRecord(spec, item)), cursor: storedCursor(cursor, spec) };
  }
}

function keysetOf(modified: unknown, ids: unknown[]): Keyset | undefined {
  if (typeof modified !== 'string') return undefined;
  const numbers = ids.map((v) => Number(v));
  if (numbers.some((n) => !Number.isSafeInteger(n))) return undefined;
  return { local: modified.replace('T', ' '), ids: numbers };
}

function changedRecord(spec: NsStreamSpec, item: SuiteqlItem, timeZone: string): ExtractedRecord {
  const raw = Object.fromEntries(Object.entries(withoutLinks(item)).filter(([key]) => !key.startsWith('keyset_')));
  const values = recordValues(spec, raw, timeZone);
  return { id: String(item[spec.primaryKey] ?? ''), deleted: false, raw, values, version: changeVersion(values, raw) };
}

/**
 * NetSuite stamps changes to the second (lines carry their transaction's stamp), so two states a
 * second apart can share one: the version is the stamp plus a digest of the record's content.
 */
function changeVersion(values: Record<string, unknown>, raw: SuiteqlItem): string {
  const stamp = values.lastmodifieddate ?? values.transaction_lastmodifieddate ?? '';
  return `${String(stamp)} ${createHash('sha1').update(JSON.stringify(raw)).digest('base64url').slice(0, 16)}`;
}

function deletedRecord(spec: NsStreamSpec, item: SuiteqlItem): ExtractedRecord {
  const raw = withoutLinks(item);
  const id = String(item.recordid ?? '');
  const version = typeof item.deleteddate === 'string' ? `deleted ${item.deleteddate}` : undefined;
  return { id, deleted: true, raw, values: { [spec.primaryKey]: /^\d+$/.test(id) ? Number(id) : id }, ...(version && { version }) };
}

/** The item's fields without SuiteQL's per-item `links` array. */
function withoutLinks(item: SuiteqlItem): SuiteqlItem {
  return Object.fromEntries(Object.entries(item).filter(([key]) => key !== 'links'));
}

function parseCursor(stored: StreamCursor | null, spec: NsStreamSpec): NsCursor {
  const idNames = ID_FIELDS.slice(0, spec.keyset.ids.length);
  if (!stored || typeof stored.modifiedAt !== 'string') {
    return { modifiedAt: null, ids: [], deletedAt: typeof stored?.deletedAt === 'string' ? stored.deletedAt : null, deletedId: numberOrNull(stored?.deletedId) };
  }
  const ids = idNames.map((name) => numberOrNull(stored[name]));
  if (ids.some((id) => id === null)) {
    throw new Error(`NetSuite stream ${spec.stream}: the stored cursor ${JSON.stringify(stored)} lacks ${idNames.join(' and ')}; run the stream with --full-refresh.`);
  }
  return { modifiedAt: stored.modifiedAt, ids: ids as number[], deletedAt: typeof stored.deletedAt === 'string' ? stored.deletedAt : null, deletedId: numberOrNull(stored.deletedId) };
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : null;
}

function storedCursor(cursor: NsCursor, spec: NsStreamSpec): StreamCursor {
  const ids = Object.fromEntries(ID_FIELDS.slice(0, spec.keyset.ids.length).map((name, i) => [name, cursor.ids[i] ?? null]));
  return { modifiedAt: cursor.modifiedAt, ...ids, deletedAt: cursor.deletedAt, deletedId: cursor.deletedId };
}
