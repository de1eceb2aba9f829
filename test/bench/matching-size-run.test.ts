import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMatchingSize, type MatchingRunFigure } from '../../bench/matching-size-run.ts';
import { generateDataset, type GenerateSummary } from '../../sandbox/generator/generate-dataset.ts';
import { openWarehouse } from '../../warehouse/warehouse.ts';
import { makeTempDir, removeDir } from '../support/dataset-files.ts';

let dir = '';
let generated: GenerateSummary;
let figure: MatchingRunFigure;
let pairsWithinMasters = 0;

beforeAll(async () => {
  dir = await makeTempDir();
  generated = await generateDataset({ out: path.join(dir, 'data'), companies: 400, seed: 5, asOf: '2026-11-01' });
  const warehouseFile = path.join(dir, 'matching.duckdb');
  figure = await runMatchingSize(generated.out, warehouseFile);
  const warehouse = await openWarehouse(warehouseFile);
  try {
    pairsWithinMasters = await warehouse.withConnection(async (connection) => Number((await connection.runAndReadAll(
      'SELECT count(*) FROM mart.customer_xref a JOIN mart.customer_xref b ON a.master_id = b.master_id AND (a.system, a.source_id) < (b.system, b.source_id)',
    )).getRows()[0]?.[0]));
  } finally {
    await warehouse.close();
  }
}, 120_000);

afterAll(async () => {
  if (dir) await removeDir(dir);
});

describe('one size of the matching bench', () => {
  it('counts the records of each system and their naive cross product', () => {
    expect(figure.records).toEqual({
      salesforce: generated.counts['salesforce/Account.ndjson'],
      hubspot: generated.counts['hubspot/companies.ndjson'],
      netsuite: generated.counts['netsuite/customer.ndjson'],
    });
    const n = figure.records.salesforce + figure.records.hubspot + figure.records.netsuite;
    expect(figure.naivePairs).toBe((n * (n - 1)) / 2);
  });

  it('builds staging and matching up to mart.customer_xref and reads the candidate pairs and blocking rules', () => {
    expect(figure.notes).toEqual([]);
    expect(figure.models.filter((m) => m.status !== 'built')).toEqual([]);
    expect(figure.models.map((m) => m.name)).toEqual(expect.arrayContaining(['stg.netsuite_customer', 'int.match_candidates', 'int.match_blocking_rules', 'mart.customer_xref']));
    expect(figure.stagingSeconds).toBeGreaterThan(0);
    expect(figure.matchingSeconds).toBeGreaterThan(figure.stagingSeconds);
    expect(figure.candidatePairs).toBeGreaterThan(0);
    expect(figure.candidatePairs).toBeLessThan(figure.naivePairs);
    expect(figure.blockingRules?.length).toBeGreaterThan(0);
  });

  it('scores every pair the master ids imply, beside the name baseline', () => {
    const matcher = figure.evaluation.matcher!;
    const predicted = (score: { truePositives: number; falsePositives: number }): number => score.truePositives + score.falsePositives;
    expect(predicted(matcher.crossSystem) + predicted(matcher.duplicates)).toBe(pairsWithinMasters);
    expect(pairsWithinMasters).toBeGreaterThan(0);
    expect(figure.evaluation['name baseline']?.crossSystem.recall).toBeGreaterThan(0);
    expect(figure.evaluationTable).toMatch(/\| matcher \| all cross-system \|/);
    expect(figure.evaluationTable).toMatch(/\| name baseline \| all cross-system \|/);
  });
});
