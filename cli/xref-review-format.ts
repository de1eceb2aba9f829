import { recordText, type RecordArg } from './xref-record-arg.ts';
import { REVIEW_FIELDS, type ReviewField, type ReviewPair, type ReviewQueue, type ReviewRecord } from './xref-review-queue.ts';

const DEFAULT_CONFIG = 'closeloop.json';
const MISSING = '—';

const FIELD_LABELS: Record<ReviewField, string> = {
  name: 'name', domain: 'domain', phone: 'phone', street: 'street', city: 'city', state: 'state', postal_code: 'postal code', country: 'country',
};

/** The exact command that records a decision on this pair (with --config when not the default). */
export function decisionCommand(decision: 'confirm' | 'reject', left: RecordArg, right: RecordArg, config: string): string {
  const words = ['closeloop', 'xref', decision, recordText(left), recordText(right)];
  if (config !== DEFAULT_CONFIG) words.push('--config', config);
  return words.map(shellWord).join(' ');
}

/** The build that applies recorded decisions (with --config when not the default). */
export function applyCommand(config: string): string {
  const words = ['closeloop', 'build', '--select', 'int.match_pairs+'];
  if (config !== DEFAULT_CONFIG) words.push('--config', config);
  return words.map(shellWord).join(' ');
}

/** The review queue as text: a header with the total, then one side-by-side block per pair. */
export function formatReviewQueue(queue: ReviewQueue, config: string): string[] {
  if (queue.total === 0) return ['No customer matches wait for review: every candidate pair is linked, rejected or decided.'];
  const shown = queue.pairs.length < queue.total ? `; showing the first ${queue.pairs.length} (--limit N for more)` : '';
  const lines = [`${queue.total} customer match${queue.total === 1 ? '' : 'es'} wait for review, highest match weight first${shown}.`];
  queue.pairs.forEach((pair, index) => lines.push('', ...formatPair(pair, index + 1, queue.total, config)));
  return lines;
}

function formatPair(pair: ReviewPair, position: number, total: number, config: string): string[] {
  const rule = pair.matchRule === null ? '' : `, rule ${pair.matchRule}`;
  const head = `[${position}/${total}] ${pair.pairKind} pair  weight ${pair.matchWeight.toFixed(2)}  probability ${pair.matchProbability.toFixed(3)}${rule}`;
  return [
    head,
    ...sideBySide(pair.left, pair.right).map((line) => `  ${line}`),
    `  evidence: ${pair.evidence ?? MISSING}`,
    `  confirm:  ${decisionCommand('confirm', pair.left, pair.right, config)}`,
    `  reject:   ${decisionCommand('reject', pair.left, pair.right, config)}`,
  ];
}

/** Rows field | left | right, with `=` where both sides agree (ignoring case) and `≠` where they differ. */
function sideBySide(left: ReviewRecord, right: ReviewRecord): string[] {
  const rows: [string, string, string, string][] = [['field', recordText(left), recordText(right), '']];
  for (const field of REVIEW_FIELDS) {
    const [a, b] = [left.fields[field], right.fields[field]];
    rows.push([FIELD_LABELS[field], a ?? MISSING, b ?? MISSING, agreement(a, b)]);
  }
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd());
}

function agreement(a: string | null, b: string | null): string {
  if (a === null || b === null) return '';
  return a.toLowerCase() === b.toLowerCase() ? '=' : '≠';
}

/** The queue for machines: one object per pair, fields named as in the warehouse, plus the commands. */
export function reviewQueueJson(queue: ReviewQueue, config: string): object[] {
  return queue.pairs.map((pair) => ({
    left: recordJson(pair.left),
    right: recordJson(pair.right),
    pair_kind: pair.pairKind,
    match_weight: pair.matchWeight,
    match_probability: pair.matchProbability,
    match_rule: pair.matchRule,
    evidence: pair.evidence,
    confirm_command: decisionCommand('confirm', pair.left, pair.right, config),
    reject_command: decisionCommand('reject', pair.left, pair.right, config),
  }));
}

function recordJson(record: ReviewRecord): object {
  return { system: record.system, id: record.id, ...record.fields };
}

/** Quotes a word for a POSIX shell only when it needs it. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
