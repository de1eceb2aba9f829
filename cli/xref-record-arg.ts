import { MATCH_SYSTEMS, isSameRecord, ordered as canonicalPair, type MatchSystem, type RecordRef } from '../models/matching/record-ref.ts';

/** One customer record as a user writes it on the command line: `system:id`. */
export type RecordArg = RecordRef;

/** isSameRecord, and canonicalPair: the pair in the warehouse's order (salesforce < hubspot < netsuite, then id as text). */
export { canonicalPair, isSameRecord };

/** Parses `salesforce:001…`, `hubspot:5012`, `netsuite:1043` (system case-insensitive). */
export function parseRecordArg(text: string): RecordArg {
  const colon = text.indexOf(':');
  const system = colon < 0 ? '' : text.slice(0, colon).trim().toLowerCase();
  const id = colon < 0 ? '' : text.slice(colon + 1).trim();
  const example = 'write it system:id, e.g. salesforce:0015g00000AbCdEAAV, hubspot:5012 or netsuite:1043';
  if (colon < 0 || id === '') throw new Error(`"${text}" is not a record: ${example}.`);
  if (!(MATCH_SYSTEMS as readonly string[]).includes(system)) {
    throw new Error(`"${text}": unknown system "${system}"; the systems are ${MATCH_SYSTEMS.join(', ')} (${example}).`);
  }
  return { system: system as MatchSystem, id };
}

export function recordText(record: RecordArg): string {
  return `${record.system}:${record.id}`;
}

