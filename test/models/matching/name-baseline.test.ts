import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBConnection } from '@duckdb/node-api';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { installNormalisation } from '../../../models/normalisation/install-normalisation.ts';
import { nameBaselineLinks, type NamedRecord } from '../../../models/matching/name-baseline.ts';
import { evaluateLinks } from '../../../models/matching/match-evaluation.ts';
import { formatEvaluationTable } from '../../../models/matching/evaluation-table.ts';
import { readTruthPairs } from '../../../models/matching/truth-pairs.ts';
import { pairKey, type MatchSystem } from '../../../models/matching/record-ref.ts';
import { generateDataset } from '../../../sandbox/generator/generate-dataset.ts';
import { openWarehouse, type Warehouse } from '../../../warehouse/warehouse.ts';
import { makeTempDir, removeDir } from '../../support/dataset-files.ts';

let warehouse: Warehouse;
let connection: DuckDBConnection;
let dir: string;

beforeAll(async () => {
  dir = await makeTempDir('closeloop-matching-');
  warehouse = await openWarehouse(':memory:');
  connection = await warehouse.connection();
  await installNormalisation(connection);
});
afterAll(async () => {
  await warehouse.close();
  await removeDir(dir);
});

async function* ndjson(file: string): AsyncGenerator<Record<string, unknown>> {
  for await (const line of createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity })) {
    if (line.trim() !== '') yield JSON.parse(line) as Record<string, unknown>;
  }
}

async function namesFrom(file: string, system: MatchSystem, id: string, name: (r: Record<string, unknown>) => unknown): Promise<NamedRecord[]> {
  const records: NamedRecord[] = [];
  for await (const record of ndjson(file)) {
    const value = name(record);
    records.push({ system, id: String(record[id]), name: typeof value === 'string' ? value : null });
  }
  return records;
}

describe('nameBaselineLinks', () => {
  it('links records whose normalised name key is equal, across and within systems, never on a null key', async () => {
    const links = await nameBaselineLinks(connection, [
      { system: 'salesforce', id: 'S1', name: 'Acme, Inc.' },
      { system: 'netsuite', id: '7', name: 'ACME CORPORATION' },
      { system: 'hubspot', id: 'H1', name: 'The Acme Corp.' },
      { system: 'hubspot', id: 'H2', name: 'Globex LLC' },
      { system: 'salesforce', id: 'S2', name: 'Globex' },
      { system: 'salesforce', id: 'S3', name: 'Acme Inc' },
      { system: 'netsuite', id: '8', name: null },
      { system: 'netsuite', id: '9', name: '   ' },
      { system: 'hubspot', id: 'H3', name: '' },
    ]);
    expect(links.map(([a, b]) => pairKey(a, b)).sort()).toEqual([
      'hubspot:H1|netsuite:7', 'salesforce:S2|hubspot:H2',
      'salesforce:S1|hubspot:H1', 'salesforce:S1|netsuite:7', 'salesforce:S1|salesforce:S3',
      'salesforce:S3|hubspot:H1', 'salesforce:S3|netsuite:7',
    ].sort());
  });

  it('says what to do when the normalisation macros are missing', async () => {
    const bare = await openWarehouse(':memory:');
    try {
      const other = await bare.connection();
      await expect(nameBaselineLinks(other, [{ system: 'salesforce', id: 'S1', name: 'Acme' }]))
        .rejects.toThrow(/installNormalisation/);
    } finally {
      await bare.close();
    }
  });
});

describe('name baseline on a generated dataset', () => {
  it('falls well short of the recall target, with precision reported per pair type', async () => {
    const out = path.join(dir, 'dataset');
    await generateDataset({ out, companies: 300, seed: 5, asOf: '2026-11-01' });
    const records = [
      ...(await namesFrom(path.join(out, 'salesforce/Account.ndjson'), 'salesforce', 'Id', (r) => r.Name)),
      ...(await namesFrom(path.join(out, 'hubspot/companies.ndjson'), 'hubspot', 'id', (r) => (r.properties as Record<string, unknown>).name)),
      ...(await namesFrom(path.join(out, 'netsuite/customer.ndjson'), 'netsuite', 'id', (r) => r.companyname)),
    ];
    const truth = await readTruthPairs(path.join(out, 'truth.json'));
    const evaluation = evaluateLinks(await nameBaselineLinks(connection, records), truth);
    console.log(formatEvaluationTable({ 'name baseline': evaluation }));

    expect(truth.get('salesforce-netsuite')!.size + truth.get('hubspot-netsuite')!.size).toBeGreaterThan(100);
    expect(truth.get('salesforce-salesforce')!.size + truth.get('hubspot-hubspot')!.size).toBeGreaterThan(0);
    expect(evaluation.crossSystem.recall).toBeLessThan(0.9);
    expect(evaluation.crossSystem.truePositives).toBeGreaterThan(0);
    expect(evaluation.crossSystem.precision).toEqual(expect.any(Number));
    for (const type of ['salesforce-netsuite', 'hubspot-netsuite'] as const) {
      const score = evaluation.byType.get(type)!;
      expect(score.recall).toBeLessThan(0.97);
      expect(score.precision).toEqual(expect.any(Number));
    }
  });
});
