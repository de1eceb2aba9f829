import { sql, type Kysely } from 'kysely';
import type { RecordArg } from './xref-record-arg.ts';

/** The record fields shown side by side, in display order (columns of int.customer_records). */
export const REVIEW_FIELDS = ['name', 'domain', 'phone', 'street', 'city', 'state', 'postal_code', 'country'] as const;
export type ReviewField = (typeof REVIEW_FIELDS)[number];

/** One side of a queued pair; fields are null when empty or when the record is no longer live. */
export interface ReviewRecord extends RecordArg {
  readonly fields: Readonly<Record<ReviewField, string | null>>;
}

/** One candidate pair waiting for a human decision. */
export interface ReviewPair {
  readonly left: ReviewRecord;
  readonly right: ReviewRecord;
  readonly pairKind: string;
  readonly matchWeight: number;
  readonly matchProbability: number;
  readonly matchRule: string | null;
  readonly evidence: string | null;
}

export interface ReviewQueue {
  /** Every pair waiting, however many are shown. */
  readonly total: number;
  /** The first ones, highest match weight first. */
  readonly pairs: readonly ReviewPair[];
}

type QueueRow = Record<string, string | number | null> & { total: number };

const sideColumns = (alias: 'l' | 'r'): ReturnType<typeof sql.raw> =>
  sql.raw(REVIEW_FIELDS.map((field) => `${alias}.${field} AS ${alias}_${field}`).join(', '));

/**
 * Pairs the last build put up for review that nobody has decided since: a decision recorded after
 * that build already takes them out of the queue, though it is applied only by the next build.
 */
export async function readReviewQueue<DB>(db: Kysely<DB>, limit: number): Promise<ReviewQueue> {
  const result = await sql<QueueRow>`
    SELECT p.left_system, p.left_id, p.right_system, p.right_id, p.pair_kind,
      p.match_weight, p.match_probability, p.match_rule, p.evidence,
      ${sideColumns('l')}, ${sideColumns('r')}, CAST(count(*) OVER () AS INTEGER) AS total
    FROM int.match_pairs p
    LEFT JOIN int.customer_records l ON l.system = p.left_system AND l.source_id = p.left_id
    LEFT JOIN int.customer_records r ON r.system = p.right_system AND r.source_id = p.right_id
    WHERE p.status = 'review' AND p.decision IS NULL
      AND NOT EXISTS (SELECT 1 FROM meta.xref_decisions d
        WHERE d.left_system = p.left_system AND d.left_id = p.left_id AND d.right_system = p.right_system AND d.right_id = p.right_id)
    ORDER BY p.match_weight DESC, p.left_system, p.left_id, p.right_system, p.right_id
    LIMIT ${limit}`.execute(db);
  return { total: result.rows[0]?.total ?? 0, pairs: result.rows.map(toReviewPair) };
}

function toReviewPair(row: QueueRow): ReviewPair {
  return {
    left: toRecord(row, 'left', 'l'),
    right: toRecord(row, 'right', 'r'),
    pairKind: String(row.pair_kind),
    matchWeight: Number(row.match_weight),
    matchProbability: Number(row.match_probability),
    matchRule: textOrNull(row.match_rule),
    evidence: textOrNull(row.evidence),
  };
}

function toRecord(row: QueueRow, side: 'left' | 'right', alias: 'l' | 'r'): ReviewRecord {
  const fields = Object.fromEntries(REVIEW_FIELDS.map((field) => [field, textOrNull(row[`${alias}_${field}`])]));
  return {
    system: String(row[`${side}_system`]) as RecordArg['system'],
    id: String(row[`${side}_id`]),
    fields: fields as Record<ReviewField, string | null>,
  };
}

function textOrNull(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value).trim();
  return text === '' ? null : text;
}
