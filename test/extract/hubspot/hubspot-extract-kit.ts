import type { ApiCaller, ExtractedRecord, SourceConnector, StreamCursor, StreamDescription, StreamPage } from '../../../extract/extract-types.ts';
import { createHubspotConnector, type HubspotConnectorOptions } from '../../../extract/hubspot/hubspot-connector.ts';
import { encodeCursor, initialCursor } from '../../../extract/hubspot/hubspot-cursor.ts';
import type { HubspotHarness } from '../../sandbox/hubspot/hubspot-test-kit.ts';

export const TOKEN_ENV = 'HUBSPOT_ACCESS_TOKEN';

/** An ApiCaller that sends once and remembers what was called. */
export function recordingCaller(): ApiCaller & { calls: { method: string; endpoint: string }[] } {
  const calls: { method: string; endpoint: string }[] = [];
  return {
    calls,
    call: (request, send) => {
      calls.push(request);
      return send();
    },
  };
}

/** A connector on the sandbox; no settle delay or search pacing unless asked (tests write and read at once). */
export function connectorFor(hs: HubspotHarness, options: HubspotConnectorOptions = {}, token = hs.token): SourceConnector {
  const secret = (name: string): string => {
    if (name !== TOKEN_ENV) throw new Error(`unexpected secret ${name}`);
    return token;
  };
  return createHubspotConnector({ baseUrl: hs.url, accessTokenEnv: TOKEN_ENV, requestsPerTenSeconds: 1000, dailyLimit: 250_000 }, secret, { settleMs: 0, searchPerSecond: 0, ...options });
}

export async function streamOf(connector: SourceConnector, name: string): Promise<StreamDescription> {
  const stream = (await connector.describe()).find((s) => s.stream === name);
  if (!stream) throw new Error(`no stream ${name}`);
  return stream;
}

export interface ReadResult {
  records: ExtractedRecord[];
  pages: StreamPage[];
  cursor: StreamCursor | null;
}

/** Reads a stream to the end, or stops (as if killed) after `maxPages` pages. */
export async function readStream(
  connector: SourceConnector, stream: StreamDescription, cursor: StreamCursor | null, api: ApiCaller = recordingCaller(), maxPages = Infinity,
): Promise<ReadResult> {
  const pages: StreamPage[] = [];
  let last = cursor;
  for await (const page of connector.read(stream, { cursor, api, signal: new AbortController().signal })) {
    pages.push(page);
    last = page.cursor;
    if (pages.length >= maxPages) break;
  }
  return { pages, records: pages.flatMap((p) => p.records), cursor: last };
}

/** A cursor that skips the first load and searches from `ts`. */
export function searchCursor(ts = 0): StreamCursor {
  return encodeCursor({ ...initialCursor(), searching: true, ts });
}

/** Ids that occur more than once. */
export function duplicates(records: readonly ExtractedRecord[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const r of records) (seen.has(r.id) ? twice : seen).add(r.id);
  return [...twice];
}
