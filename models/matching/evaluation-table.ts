import type { MatchEvaluation, PairScore } from './match-evaluation.ts';
import { PAIR_TYPES } from './record-ref.ts';

function ratio(value: number | null): string {
  return value === null ? '—' : value.toFixed(4);
}

function row(method: string, pairs: string, s: PairScore): string {
  const cells = [method, pairs, String(s.truePositives), String(s.falsePositives), String(s.falseNegatives),
    ratio(s.precision), ratio(s.recall), ratio(s.f1)];
  return `| ${cells.join(' | ')} |`;
}

/**
 * A Markdown table of one or more evaluations side by side (e.g. `{ matcher, 'name baseline' }`),
 * one row per method and pair type, then the cross-system and duplicate totals. `—` marks a
 * ratio that is undefined (nothing predicted, or nothing to find).
 */
export function formatEvaluationTable(evaluations: Readonly<Record<string, MatchEvaluation>>): string {
  const lines = ['| method | pairs | tp | fp | fn | precision | recall | F1 |', '|---|---|--:|--:|--:|--:|--:|--:|'];
  for (const [method, evaluation] of Object.entries(evaluations)) {
    for (const type of PAIR_TYPES) lines.push(row(method, type, evaluation.byType.get(type)!));
    lines.push(row(method, 'all cross-system', evaluation.crossSystem));
    lines.push(row(method, 'all duplicates', evaluation.duplicates));
  }
  return lines.join('\n');
}
