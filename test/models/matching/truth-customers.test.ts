import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readTruthCustomers } from '../../../models/matching/truth-customers.ts';
import { readTruthPairs } from '../../../models/matching/truth-pairs.ts';
import { makeTempDir, removeDir } from '../../support/dataset-files.ts';

let dir: string;
beforeAll(async () => {
  dir = await makeTempDir('closeloop-truth-');
});
afterAll(async () => {
  await removeDir(dir);
});

async function drain(file: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const customer of readTruthCustomers(file)) keys.push(customer.key);
  return keys;
}

describe('readTruthCustomers', () => {
  it('streams the customers section of a generator-written truth.json, one customer per line', async () => {
    const file = path.join(dir, 'truth.json');
    await writeFile(file, [
      '{', '"as_of": "2026-11-01",', '"customers": [',
      '{"key":"C1","salesforce":["S1"],"hubspot":[],"netsuite":["1"]},',
      '{"key":"C2","salesforce":[],"hubspot":["H1","H2"],"netsuite":[]}',
      '],', '"leakage": [', '{"key":"not a customer","salesforce":["X"],"hubspot":[],"netsuite":["Y"]}', '],', '"stats": {}', '}', '',
    ].join('\n'));
    expect(await drain(file)).toEqual(['C1', 'C2']);
    const pairs = await readTruthPairs(file);
    expect([...pairs.get('salesforce-netsuite')!]).toEqual(['salesforce:S1|netsuite:1']);
    expect([...pairs.get('hubspot-hubspot')!]).toEqual(['hubspot:H1|hubspot:H2']);
  });

  it('rejects a file that is not a generator truth.json with a readable error', async () => {
    const file = path.join(dir, 'compact.json');
    await writeFile(file, JSON.stringify({ customers: [] }));
    await expect(drain(file)).rejects.toThrow(/expected a truth\.json written by the dataset generator/);
  });

  it('names the line of a customer without id arrays', async () => {
    const file = path.join(dir, 'broken.json');
    await writeFile(file, '{\n"customers": [\n{"key":"C9","salesforce":[]}\n]\n}\n');
    await expect(drain(file)).rejects.toThrow(/line 3: customer C9 has no "hubspot" id array/);
  });
});
