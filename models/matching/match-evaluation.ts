import {
  CROSS_PAIR_TYPES, DUPLICATE_PAIR_TYPES, PAIR_TYPES, isSameRecord, pairKey, pairType,
  type PairType, type RecordPair,
} from './record-ref.ts';
import type { TruthPairs } from './truth-pairs.ts';

/** Counts and scores for one pair type (or a total over several). */
export interface PairScore {
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly falseNegatives: number;
  /** tp / (tp + fp); null when nothing was predicted (undefined, not perfect). */
  readonly precision: number | null;
  /** tp / (tp + fn); null when the truth holds no pair of this type. */
  readonly recall: number | null;
  /** Harmonic mean of precision and recall; null when either is null. */
  readonly f1: number | null;
}

export interface MatchEvaluation {
  readonly byType: ReadonlyMap<PairType, PairScore>;
  /** Micro-averaged over the three cross-system pair types. */
  readonly crossSystem: PairScore;
  /** Micro-averaged over the within-system duplicate pair types. */
  readonly duplicates: PairScore;
}

interface Counts {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

function score(counts: Counts): PairScore {
  const predicted = counts.truePositives + counts.falsePositives;
  const actual = counts.truePositives + counts.falseNegatives;
  const precision = predicted === 0 ? null : counts.truePositives / predicted;
  const recall = actual === 0 ? null : counts.truePositives / actual;
  let f1: number | null = null;
  if (precision !== null && recall !== null) f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { ...counts, precision, recall, f1 };
}

function total(counts: ReadonlyMap<PairType, Counts>, types: readonly PairType[]): PairScore {
  const sum: Counts = { truePositives: 0, falsePositives: 0, falseNegatives: 0 };
  for (const type of types) {
    const c = counts.get(type)!;
    sum.truePositives += c.truePositives;
    sum.falsePositives += c.falsePositives;
    sum.falseNegatives += c.falseNegatives;
  }
  return score(sum);
}

/** Distinct predicted pair keys per type; a record linked to itself is ignored. */
function predictedByType(predicted: Iterable<RecordPair>): Map<PairType, Set<string>> {
  const byType = new Map<PairType, Set<string>>(PAIR_TYPES.map((type) => [type, new Set<string>()]));
  for (const [a, b] of predicted) {
    if (isSameRecord(a, b)) continue;
    byType.get(pairType(a, b))!.add(pairKey(a, b));
  }
  return byType;
}

/**
 * Scores predicted links against the true pairs, per pair type. Predictions are compared as
 * unordered pairs and counted once however often (and in whichever order) they are given.
 */
export function evaluateLinks(predicted: Iterable<RecordPair>, truth: TruthPairs): MatchEvaluation {
  const predictions = predictedByType(predicted);
  const counts = new Map<PairType, Counts>();
  for (const type of PAIR_TYPES) {
    const truePairs = truth.get(type) ?? new Set<string>();
    const predictedPairs = predictions.get(type)!;
    let truePositives = 0;
    for (const key of predictedPairs) if (truePairs.has(key)) truePositives++;
    counts.set(type, {
      truePositives,
      falsePositives: predictedPairs.size - truePositives,
      falseNegatives: truePairs.size - truePositives,
    });
  }
  return {
    byType: new Map(PAIR_TYPES.map((type) => [type, score(counts.get(type)!)])),
    crossSystem: total(counts, CROSS_PAIR_TYPES),
    duplicates: total(counts, DUPLICATE_PAIR_TYPES),
  };
}
