import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatEvaluationTable } from '../../../models/matching/evaluation-table.ts';
import { evaluateClusters } from '../../../models/matching/match-clusters.ts';
import { evaluateLinks, type MatchEvaluation } from '../../../models/matching/match-evaluation.ts';
import { nameBaselineLinksFromRelation } from '../../../models/matching/name-baseline.ts';
import { readTruthPairs } from '../../../models/matching/truth-pairs.ts';
import { generateDataset } from '../../../sandbox/generator/generate-dataset.ts';
import { makeTempDir, removeDir } from '../../support/dataset-files.ts';
import { buildFailures, buildMatching, predictedClusters, warehouseWithCustomers } from './matching-support.ts';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await removeDir(dir);
});

interface Scored {
  matcher: MatchEvaluation;
  baseline: MatchEvaluation;
}

/** Generates a company, matches its customer records and scores the clusters and the exact-name baseline against truth.json. */
async function matchGenerated(companies: number, seed: number): Promise<Scored> {
  const dir = await makeTempDir('closeloop-matching-');
  dirs.push(dir);
  const data = path.join(dir, 'data');
  await generateDataset({ out: data, companies, seed, asOf: '2026-11-01' });
  const warehouse = await warehouseWithCustomers(dir, data);
  try {
    const result = await buildMatching(warehouse);
    expect(buildFailures(result)).toEqual([]);
    const truth = await readTruthPairs(path.join(data, 'truth.json'));
    const baselineLinks = await warehouse.withConnection((connection) =>
      nameBaselineLinksFromRelation(connection, '(SELECT system, source_id AS id, name FROM int.customer_records)'));
    const scored = { matcher: evaluateClusters(await predictedClusters(warehouse), truth), baseline: evaluateLinks(baselineLinks, truth) };
    console.log(`seed ${seed}, ${companies} companies:\n${formatEvaluationTable({ matcher: scored.matcher, 'exact-name baseline': scored.baseline })}`);
    return scored;
  } finally {
    await warehouse.close();
  }
}

describe.each([7, 13])('customer matching on a generated company (seed %i) scored against truth.json', (seed) => {
  let scored: Scored;

  it('links records across systems with precision ≥ 0.99 and recall ≥ 0.97, well above the exact-name baseline', async () => {
    scored = await matchGenerated(3000, seed);
    const { crossSystem } = scored.matcher;
    expect(crossSystem.precision).toBeGreaterThanOrEqual(0.99);
    expect(crossSystem.recall).toBeGreaterThanOrEqual(0.97);
    expect(crossSystem.recall! - scored.baseline.crossSystem.recall!).toBeGreaterThan(0.05);
  }, 120_000);

  it('finds the duplicates within each CRM with precision ≥ 0.99 and recall ≥ 0.95', () => {
    const { duplicates } = scored.matcher;
    expect(duplicates.truePositives).toBeGreaterThan(50);
    expect(duplicates.precision).toBeGreaterThanOrEqual(0.99);
    expect(duplicates.recall).toBeGreaterThanOrEqual(0.95);
    expect(duplicates.recall!).toBeGreaterThan(scored.baseline.duplicates.recall!);
  });
});
