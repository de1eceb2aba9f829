/** The three source systems whose customer records are matched. */
export const MATCH_SYSTEMS = ['salesforce', 'hubspot', 'netsuite'] as const;
export type MatchSystem = (typeof MATCH_SYSTEMS)[number];

/** One customer record in one system. */
export interface RecordRef {
  readonly system: MatchSystem;
  readonly id: string;
}

/** A predicted or true link between two records. */
export type RecordPair = readonly [a: RecordRef, b: RecordRef];

/**
 * Pair types, named `<first>-<second>` in MATCH_SYSTEMS order: three cross-system types and one
 * within-system (duplicate) type per system.
 */
export const CROSS_PAIR_TYPES = ['salesforce-netsuite', 'hubspot-netsuite', 'salesforce-hubspot'] as const;
export const DUPLICATE_PAIR_TYPES = ['salesforce-salesforce', 'hubspot-hubspot', 'netsuite-netsuite'] as const;
export const PAIR_TYPES = [...CROSS_PAIR_TYPES, ...DUPLICATE_PAIR_TYPES] as const;
export type PairType = (typeof PAIR_TYPES)[number];

function systemRank(system: MatchSystem): number {
  const rank = MATCH_SYSTEMS.indexOf(system);
  if (rank < 0) throw new Error(`Unknown system "${String(system)}" in a record pair; expected one of ${MATCH_SYSTEMS.join(', ')}.`);
  return rank;
}

/** The pair in canonical order: by system (MATCH_SYSTEMS order), then by id as text (as the warehouse's pair tables keep it). */
export function ordered(a: RecordRef, b: RecordRef): RecordPair {
  const bySystem = systemRank(a.system) - systemRank(b.system);
  if (bySystem < 0 || (bySystem === 0 && a.id <= b.id)) return [a, b];
  return [b, a];
}

export function recordKey(record: RecordRef): string {
  return `${record.system}:${record.id}`;
}

/** The pair's type, independent of the order a and b are given in. */
export function pairType(a: RecordRef, b: RecordRef): PairType {
  const [first, second] = ordered(a, b);
  return `${first.system}-${second.system}` as PairType;
}

/** Canonical pair key `system:id|system:id`, the same whichever order a and b are given in. */
export function pairKey(a: RecordRef, b: RecordRef): string {
  const [first, second] = ordered(a, b);
  return `${recordKey(first)}|${recordKey(second)}`;
}

export function isSameRecord(a: RecordRef, b: RecordRef): boolean {
  return a.system === b.system && a.id === b.id;
}
