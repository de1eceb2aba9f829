import { evaluateLinks, type MatchEvaluation } from './match-evaluation.ts';
import { recordKey, type RecordPair, type RecordRef } from './record-ref.ts';
import type { TruthPairs } from './truth-pairs.ts';

/** Every pair implied by clusters: all records of one cluster are the same customer. */
export function* clusterPairs(clusters: Iterable<Iterable<RecordRef>>): Generator<RecordPair> {
  for (const cluster of clusters) {
    const records = [...cluster];
    for (let i = 0; i < records.length; i++) {
      for (let j = i + 1; j < records.length; j++) yield [records[i]!, records[j]!];
    }
  }
}

/** Groups linked records into clusters by transitive closure (a–b and b–c put a, b, c together). */
export function linksToClusters(links: Iterable<RecordPair>): RecordRef[][] {
  const parent = new Map<string, string>();
  const records = new Map<string, RecordRef>();
  const find = (key: string): string => {
    let root = key;
    while (parent.get(root) !== root) root = parent.get(root)!;
    for (let node = key; node !== root; ) {
      const next = parent.get(node)!;
      parent.set(node, root);
      node = next;
    }
    return root;
  };
  const add = (record: RecordRef): string => {
    const key = recordKey(record);
    if (!parent.has(key)) {
      parent.set(key, key);
      records.set(key, record);
    }
    return key;
  };
  for (const [a, b] of links) {
    const rootA = find(add(a));
    const rootB = find(add(b));
    if (rootA !== rootB) parent.set(rootA, rootB);
  }
  const clusters = new Map<string, RecordRef[]>();
  for (const [key, record] of records) {
    const root = find(key);
    const cluster = clusters.get(root) ?? [];
    cluster.push(record);
    clusters.set(root, cluster);
  }
  return [...clusters.values()];
}

/** Scores clusters by the pairs they imply. */
export function evaluateClusters(clusters: Iterable<Iterable<RecordRef>>, truth: TruthPairs): MatchEvaluation {
  return evaluateLinks(clusterPairs(clusters), truth);
}

/** The clustered view of pairwise links: scores their transitive closure. */
export function evaluateLinksAsClusters(links: Iterable<RecordPair>, truth: TruthPairs): MatchEvaluation {
  return evaluateClusters(linksToClusters(links), truth);
}
