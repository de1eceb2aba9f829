import { sql, type Kysely } from 'kysely';
import type { WarehouseSchema } from '../warehouse/warehouse-schema.ts';
import type { XrefDecision } from '../warehouse/meta-schema.ts';
import { existingTables } from './xref-built-tables.ts';
import { canonicalPair, isSameRecord, recordText, type RecordArg } from './xref-record-arg.ts';

/** A decision as the user asked for it. */
export interface DecisionRequest {
  readonly decision: XrefDecision;
  readonly records: readonly [RecordArg, RecordArg];
  readonly decidedBy: string;
  readonly note: string | null;
}

/** How the matcher saw the pair in the last build; null when it was not a candidate. */
export interface ScoredPair {
  readonly matchWeight: number;
  readonly matchProbability: number;
  readonly status: string;
}

/** The decision in force before this one, if any. */
export interface EarlierDecision {
  readonly decision: XrefDecision;
  readonly decidedBy: string;
  readonly decidedAt: Date;
}

/** What was stored: the pair in canonical order, plus what the user should know about it. */
export interface RecordedDecision {
  readonly decision: XrefDecision;
  readonly left: RecordArg;
  readonly right: RecordArg;
  readonly decidedBy: string;
  readonly note: string | null;
  readonly scored: ScoredPair | null;
  readonly earlier: EarlierDecision | null;
}

/** Fails before the warehouse is opened when both arguments name the same record. */
export function assertDistinct(a: RecordArg, b: RecordArg): void {
  if (isSameRecord(a, b)) throw new Error(`${recordText(a)} was given twice: a decision is about two different records.`);
}

/**
 * Validates both records against int.customer_records (a Salesforce id may be given in its
 * 15-character form) and appends the decision to meta.xref_decisions in canonical pair order.
 */
export async function recordDecision(db: Kysely<WarehouseSchema>, request: DecisionRequest): Promise<RecordedDecision> {
  const [a, b] = await resolveRecords(db, request.records);
  assertDistinct(a, b);
  const [left, right] = canonicalPair(a, b);
  const scored = await readScoredPair(db, left, right);
  const earlier = await readDecisionInForce(db, left, right);
  await db.insertInto('meta.xref_decisions').values({
    left_system: left.system, left_id: left.id, right_system: right.system, right_id: right.id,
    decision: request.decision, decided_by: request.decidedBy, note: request.note,
  }).execute();
  return { decision: request.decision, left, right, decidedBy: request.decidedBy, note: request.note, scored, earlier };
}

async function resolveRecords(db: Kysely<WarehouseSchema>, records: readonly [RecordArg, RecordArg]): Promise<[RecordArg, RecordArg]> {
  const [a, b] = await Promise.all(records.map((record) => findRecord(db, record)));
  const missing = records.filter((_, index) => [a, b][index] === undefined).map(recordText);
  if (missing.length > 0) {
    const what = missing.length === 1 ? `${missing[0]} is not a live customer record` : `${missing.join(' and ')} are not live customer records`;
    throw new Error(`${what} in int.customer_records; check the id (\`closeloop xref review\` lists the records it pairs), or run \`closeloop build\` if the record is new. Nothing was recorded.`);
  }
  return [a!, b!];
}

/** The record as stored, or undefined. Salesforce's 15-character id form finds the stored 18-character id. */
async function findRecord(db: Kysely<WarehouseSchema>, record: RecordArg): Promise<RecordArg | undefined> {
  const result = await sql<{ source_id: string }>`
    SELECT source_id FROM int.customer_records
    WHERE system = ${record.system}
      AND (source_id = ${record.id} OR (system = 'salesforce' AND length(${record.id}) = 15 AND left(source_id, 15) = ${record.id}))
    ORDER BY source_id = ${record.id} DESC
    LIMIT 1`.execute(db);
  const found = result.rows[0];
  return found === undefined ? undefined : { system: record.system, id: found.source_id };
}

async function readScoredPair(db: Kysely<WarehouseSchema>, left: RecordArg, right: RecordArg): Promise<ScoredPair | null> {
  if (!(await existingTables(db, ['int.match_pairs'])).has('int.match_pairs')) return null;
  const result = await sql<{ match_weight: number; match_probability: number; status: string }>`
    SELECT match_weight, match_probability, status FROM int.match_pairs
    WHERE left_system = ${left.system} AND left_id = ${left.id} AND right_system = ${right.system} AND right_id = ${right.id}`.execute(db);
  const row = result.rows[0];
  return row === undefined ? null : { matchWeight: Number(row.match_weight), matchProbability: Number(row.match_probability), status: row.status };
}

async function readDecisionInForce(db: Kysely<WarehouseSchema>, left: RecordArg, right: RecordArg): Promise<EarlierDecision | null> {
  const row = await db.selectFrom('meta.xref_decisions')
    .select(['decision', 'decided_by', 'decided_at'])
    .where('left_system', '=', left.system).where('left_id', '=', left.id)
    .where('right_system', '=', right.system).where('right_id', '=', right.id)
    .orderBy('decided_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row === undefined ? null : { decision: row.decision, decidedBy: row.decided_by, decidedAt: row.decided_at };
}
