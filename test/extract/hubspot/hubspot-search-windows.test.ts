import { afterEach, describe, expect, it } from 'vitest';
import type { ExtractedRecord, StreamCursor } from '../../../extract/extract-types.ts';
import { record, startHubspot, type HsRecord, type HubspotHarness } from '../../sandbox/hubspot/hubspot-test-kit.ts';
import { connectorFor, duplicates, readStream, recordingCaller, searchCursor, streamOf } from './hubspot-extract-kit.ts';

const BASE = Date.parse('2024-03-01T00:00:00.000Z');

/** `count` companies whose hs_lastmodifieddate advances one second every `perTimestamp` records. */
function companies(count: number, perTimestamp: number): HsRecord[] {
  return Array.from({ length: count }, (_, i) => {
    const at = new Date(BASE + Math.floor(i / perTimestamp) * 1000).toISOString();
    return record(1000 + i, { name: `Company ${i}`, hs_lastmodifieddate: at });
  });
}

function ids(records: readonly ExtractedRecord[]): string[] {
  return [...new Set(records.map((r) => r.id))];
}

describe('HubSpot search windows', () => {
  let hs: HubspotHarness | undefined;
  afterEach(async () => {
    await hs?.close();
    hs = undefined;
  });

  it('splits a read over the 10,000-result cap into windows without losing or repeating records', async () => {
    hs = await startHubspot({ 'hubspot/companies.ndjson': companies(10_300, 700) }, { hubspot: { searchPerSecond: 1000 } });
    const connector = connectorFor(hs);
    const api = recordingCaller();
    const { records } = await readStream(connector, await streamOf(connector, 'companies'), searchCursor(), api);
    expect(records).toHaveLength(10_300);
    expect(duplicates(records)).toEqual([]);
    expect(api.calls.filter((c) => c.endpoint.endsWith('/search')).length).toBeGreaterThan(52);
  }, 60_000);

  it('lands records sharing one timestamp across many pages and windows exactly once, also when killed after any page', async () => {
    hs = await startHubspot({ 'hubspot/companies.ndjson': companies(300, 100) }, { hubspot: { searchPerSecond: 1000 } });
    const connector = connectorFor(hs, { pageSize: 30, windowCap: 120 });
    const stream = await streamOf(connector, 'companies');
    const whole = await readStream(connector, stream, searchCursor());
    expect(whole.records).toHaveLength(300);
    expect(duplicates(whole.records)).toEqual([]);

    const landed: ExtractedRecord[] = [];
    let cursor: StreamCursor | null = searchCursor();
    for (let run = 0; run < 100; run += 1) {
      const part = await readStream(connector, stream, cursor, recordingCaller(), 1);
      if (part.records.length === 0) break;
      landed.push(...part.records);
      cursor = part.cursor;
    }
    expect(landed).toHaveLength(300);
    expect(duplicates(landed)).toEqual([]);
  });

  it('stops with a clear error when more records share one timestamp than a window holds', async () => {
    hs = await startHubspot({ 'hubspot/companies.ndjson': companies(60, 60) }, { hubspot: { searchPerSecond: 1000 } });
    const connector = connectorFor(hs, { pageSize: 10, windowCap: 40 });
    const read = readStream(connector, await streamOf(connector, 'companies'), searchCursor());
    await expect(read).rejects.toThrow(/more than 40 records share hs_lastmodifieddate 2024-03-01T00:00:00.000Z.*--full-refresh for hubspot\/companies/s);
  });

  it('lands a record updated while search pages are read, without losing the records it moved past', async () => {
    hs = await startHubspot({ 'hubspot/companies.ndjson': companies(50, 1) }, { hubspot: { searchPerSecond: 1000 } });
    const connector = connectorFor(hs, { pageSize: 10 });
    const stream = await streamOf(connector, 'companies');
    const landed: ExtractedRecord[] = [];
    const signal = new AbortController().signal;
    for await (const page of connector.read(stream, { cursor: searchCursor(), api: recordingCaller(), signal })) {
      if (landed.length === 0) await hs.client().crm.companies.batchApi.update({ inputs: [{ id: '1002', properties: { name: 'Renamed' } }] });
      landed.push(...page.records);
    }
    expect(ids(landed)).toHaveLength(50);
    const versions = landed.filter((r) => r.id === '1002').map((r) => r.values.name);
    expect(versions).toEqual(['Company 2', 'Renamed']);
    expect(duplicates(landed)).toEqual(['1002']);
  });

  it('catches an edit made during the first load behind the list position', async () => {
    hs = await startHubspot({ 'hubspot/companies.ndjson': companies(250, 1) }, { hubspot: { searchPerSecond: 1000 } });
    const connector = connectorFor(hs);
    const stream = await streamOf(connector, 'companies');
    const landed: ExtractedRecord[] = [];
    const signal = new AbortController().signal;
    for await (const page of connector.read(stream, { cursor: null, api: recordingCaller(), signal })) {
      if (landed.length === 0) await hs.client().crm.companies.batchApi.update({ inputs: [{ id: '1000', properties: { name: 'Edited meanwhile' } }] });
      landed.push(...page.records);
    }
    expect(ids(landed)).toHaveLength(250);
    expect(landed.filter((r) => r.id === '1000').map((r) => r.values.name)).toEqual(['Company 0', 'Edited meanwhile']);
  });

  it('leaves records modified within the settle time to the next run (the search index lags)', async () => {
    hs = await startHubspot({ 'hubspot/companies.ndjson': companies(5, 1) }, { hubspot: { searchPerSecond: 1000 } });
    const connector = connectorFor(hs, { settleMs: 60_000 });
    const stream = await streamOf(connector, 'companies');
    const first = await readStream(connector, stream, searchCursor());
    expect(first.records).toHaveLength(5);
    await hs.client().crm.companies.batchApi.update({ inputs: [{ id: '1001', properties: { name: 'Just now' } }] });
    const second = await readStream(connector, stream, first.cursor);
    expect(second.records).toEqual([]);
    const later = await readStream(connectorFor(hs), stream, first.cursor);
    expect(later.records.map((r) => r.values.name)).toEqual(['Just now']);
  });
});
