import { describe, expect, it } from 'vitest';
import { evaluateLinks } from '../../../models/matching/match-evaluation.ts';
import { evaluateClusters, evaluateLinksAsClusters, linksToClusters } from '../../../models/matching/match-clusters.ts';
import { formatEvaluationTable } from '../../../models/matching/evaluation-table.ts';
import { truthPairsFromCustomers } from '../../../models/matching/truth-pairs.ts';
import type { RecordPair, RecordRef } from '../../../models/matching/record-ref.ts';

const sf = (id: string): RecordRef => ({ system: 'salesforce', id });
const hs = (id: string): RecordRef => ({ system: 'hubspot', id });
const ns = (id: string): RecordRef => ({ system: 'netsuite', id });

const truth = truthPairsFromCustomers([
  { key: 'C1', salesforce: ['S1'], hubspot: [], netsuite: ['N1'] },
  { key: 'C2', salesforce: ['S2', 'S3'], hubspot: ['H1'], netsuite: ['N2'] },
  { key: 'C3', salesforce: [], hubspot: ['H2', 'H3'], netsuite: [] },
  { key: 'C4', salesforce: ['S4'], hubspot: [], netsuite: [] },
]);

describe('truthPairsFromCustomers', () => {
  it('lists every pair of one customer\'s records by pair type, canonically keyed', () => {
    expect([...truth.get('salesforce-netsuite')!].sort()).toEqual([
      'salesforce:S1|netsuite:N1', 'salesforce:S2|netsuite:N2', 'salesforce:S3|netsuite:N2',
    ]);
    expect([...truth.get('hubspot-netsuite')!]).toEqual(['hubspot:H1|netsuite:N2']);
    expect([...truth.get('salesforce-hubspot')!].sort()).toEqual(['salesforce:S2|hubspot:H1', 'salesforce:S3|hubspot:H1']);
    expect([...truth.get('salesforce-salesforce')!]).toEqual(['salesforce:S2|salesforce:S3']);
    expect([...truth.get('hubspot-hubspot')!]).toEqual(['hubspot:H2|hubspot:H3']);
    expect(truth.get('netsuite-netsuite')!.size).toBe(0);
  });
});

describe('evaluateLinks', () => {
  const predicted: RecordPair[] = [
    [ns('N1'), sf('S1')], // true, given in reverse order
    [sf('S1'), ns('N1')], // the same link again: counted once
    [sf('S2'), ns('N1')], // false
    [hs('H1'), ns('N2')], // true
    [sf('S3'), sf('S2')], // true duplicate
    [hs('H2'), hs('H2')], // a record with itself: ignored
    [hs('H1'), sf('S3')], // true
  ];
  const evaluation = evaluateLinks(predicted, truth);

  it('counts tp, fp and fn per pair type', () => {
    expect(evaluation.byType.get('salesforce-netsuite')).toMatchObject({ truePositives: 1, falsePositives: 1, falseNegatives: 2, precision: 0.5 });
    expect(evaluation.byType.get('salesforce-netsuite')!.recall).toBeCloseTo(1 / 3);
    expect(evaluation.byType.get('salesforce-netsuite')!.f1).toBeCloseTo(0.4);
    expect(evaluation.byType.get('hubspot-netsuite')).toEqual({ truePositives: 1, falsePositives: 0, falseNegatives: 0, precision: 1, recall: 1, f1: 1 });
    expect(evaluation.byType.get('salesforce-hubspot')).toMatchObject({ truePositives: 1, falsePositives: 0, falseNegatives: 1, precision: 1, recall: 0.5 });
    expect(evaluation.byType.get('salesforce-salesforce')).toMatchObject({ truePositives: 1, falsePositives: 0, falseNegatives: 0 });
  });

  it('reports precision as undefined (null) where nothing was predicted, and recall null where nothing is true', () => {
    expect(evaluation.byType.get('hubspot-hubspot')).toEqual({ truePositives: 0, falsePositives: 0, falseNegatives: 1, precision: null, recall: 0, f1: null });
    expect(evaluation.byType.get('netsuite-netsuite')).toEqual({ truePositives: 0, falsePositives: 0, falseNegatives: 0, precision: null, recall: null, f1: null });
  });

  it('micro-averages the cross-system and duplicate totals', () => {
    expect(evaluation.crossSystem).toMatchObject({ truePositives: 3, falsePositives: 1, falseNegatives: 3, precision: 0.75, recall: 0.5 });
    expect(evaluation.crossSystem.f1).toBeCloseTo(0.6);
    expect(evaluation.duplicates).toMatchObject({ truePositives: 1, falsePositives: 0, falseNegatives: 1, precision: 1, recall: 0.5 });
  });

  it('scores no predictions as zero recall with undefined precision', () => {
    const none = evaluateLinks([], truth);
    expect(none.crossSystem).toEqual({ truePositives: 0, falsePositives: 0, falseNegatives: 6, precision: null, recall: 0, f1: null });
  });

  it('scores only wrong predictions as zero precision, recall and F1', () => {
    const wrong = evaluateLinks([[sf('S4'), ns('N1')], [sf('S1'), hs('H3')]], truth);
    expect(wrong.crossSystem).toMatchObject({ truePositives: 0, falsePositives: 2, falseNegatives: 6, precision: 0, recall: 0, f1: 0 });
  });
});

describe('clustered view', () => {
  it('scores every pair a predicted cluster implies', () => {
    const evaluation = evaluateClusters([[sf('S2'), sf('S3'), hs('H1'), ns('N2')], [sf('S4'), ns('N1')]], truth);
    expect(evaluation.byType.get('salesforce-netsuite')).toMatchObject({ truePositives: 2, falsePositives: 1, falseNegatives: 1 });
    expect(evaluation.byType.get('salesforce-hubspot')).toMatchObject({ truePositives: 2, falsePositives: 0, falseNegatives: 0 });
    expect(evaluation.duplicates).toMatchObject({ truePositives: 1, falsePositives: 0, falseNegatives: 1 });
  });

  it('closes pairwise links transitively', () => {
    const links: RecordPair[] = [[sf('S2'), hs('H1')], [hs('H1'), ns('N2')], [sf('S3'), ns('N2')], [sf('S1'), ns('N1')]];
    const clusters = linksToClusters(links).map((c) => c.map((r) => r.id).sort());
    expect(clusters.sort()).toEqual([['H1', 'N2', 'S2', 'S3'], ['N1', 'S1']]);
    expect(evaluateLinks(links, truth).crossSystem.recall).toBeCloseTo(4 / 6);
    expect(evaluateLinksAsClusters(links, truth).crossSystem).toMatchObject({ truePositives: 6, falsePositives: 0, recall: 1 });
  });
});

describe('formatEvaluationTable', () => {
  it('puts methods side by side with one row per pair type and totals', () => {
    const table = formatEvaluationTable({ matcher: evaluateLinks([[sf('S1'), ns('N1')]], truth), baseline: evaluateLinks([], truth) });
    const lines = table.split('\n');
    expect(lines[0]).toBe('| method | pairs | tp | fp | fn | precision | recall | F1 |');
    expect(lines).toContain('| matcher | salesforce-netsuite | 1 | 0 | 2 | 1.0000 | 0.3333 | 0.5000 |');
    expect(lines).toContain('| baseline | all cross-system | 0 | 0 | 6 | — | 0.0000 | — |');
    expect(lines).toHaveLength(2 + 2 * 8);
  });
});
