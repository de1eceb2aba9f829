import { afterAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { generateDataset } from '../../../sandbox/generator/generate-dataset.ts';
import { makeTempDir, removeDir } from '../../support/dataset-files.ts';

const dirs: string[] = [];

afterAll(async () => {
  for (const dir of dirs) await removeDir(dir);
});

async function generate(seed: number, asOf: string, companies = 300): Promise<Map<string, string>> {
  const dir = await makeTempDir('closeloop-determinism-');
  dirs.push(dir);
  await generateDataset({ out: dir, companies, seed, asOf });
  return fingerprints(dir);
}

/** Relative path → SHA-256 of every file in the folder (no leftovers such as truth part files allowed). */
async function fingerprints(dir: string): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    result.set(path.relative(dir, file), createHash('sha256').update(await readFile(file)).digest('hex'));
  }
  return result;
}

describe('generateDataset determinism', () => {
  it('writes byte-identical files for the same seed and as-of date', async () => {
    const first = await generate(42, '2026-06-30');
    const second = await generate(42, '2026-06-30');
    expect(first.size).toBe(18);
    expect([...first.keys()].some((name) => name.includes('.part'))).toBe(false);
    expect(second).toEqual(first);
  });

  it('writes different data for another seed or another as-of date', async () => {
    const base = await generate(42, '2026-06-30');
    const otherSeed = await generate(43, '2026-06-30');
    const otherDate = await generate(42, '2026-07-31');
    expect(otherSeed.get('truth.json')).not.toBe(base.get('truth.json'));
    expect(otherSeed.get(path.join('salesforce', 'Account.ndjson'))).not.toBe(base.get(path.join('salesforce', 'Account.ndjson')));
    expect(otherDate.get(path.join('netsuite', 'transaction.ndjson'))).not.toBe(base.get(path.join('netsuite', 'transaction.ndjson')));
  });

  it('reports progress and rejects invalid options with a readable message', async () => {
    const dir = await makeTempDir('closeloop-options-');
    dirs.push(dir);
    const progress: [number, number][] = [];
    const summary = await generateDataset({ out: dir, companies: 260, seed: 1, asOf: '2026-01-15', onProgress: (done, total) => progress.push([done, total]) });
    expect(progress).toEqual([[250, 260], [260, 260]]);
    expect(summary.truth.customers).toBe(260);
    await expect(generateDataset({ out: dir, companies: 10, seed: 1, asOf: '2026-02-30' })).rejects.toThrow(/as-of date "2026-02-30"/);
    await expect(generateDataset({ out: dir, companies: 0, seed: 1, asOf: '2026-01-15' })).rejects.toThrow(/companies/);
  });
});
