import { MATCH_SYSTEMS, PAIR_TYPES, pairKey, pairType, type PairType, type RecordRef } from './record-ref.ts';
import { readTruthCustomers, type TruthCustomerIds } from './truth-customers.ts';

/** The true links: canonical pair keys (see pairKey) per pair type. */
export type TruthPairs = ReadonlyMap<PairType, ReadonlySet<string>>;

function emptyPairs(): Map<PairType, Set<string>> {
  return new Map(PAIR_TYPES.map((type) => [type, new Set<string>()]));
}

function customerRecords(customer: TruthCustomerIds): RecordRef[] {
  return MATCH_SYSTEMS.flatMap((system) => customer[system].map((id) => ({ system, id: String(id) })));
}

function addCustomer(pairs: Map<PairType, Set<string>>, customer: TruthCustomerIds): void {
  const records = customerRecords(customer);
  for (let i = 0; i < records.length; i++) {
    for (let j = i + 1; j < records.length; j++) {
      const a = records[i]!;
      const b = records[j]!;
      pairs.get(pairType(a, b))!.add(pairKey(a, b));
    }
  }
}

/**
 * Every pair of records of one customer: cross-system pairs (two systems) and within-system
 * duplicate pairs (two ids in one system).
 */
export function truthPairsFromCustomers(customers: Iterable<TruthCustomerIds>): TruthPairs {
  const pairs = emptyPairs();
  for (const customer of customers) addCustomer(pairs, customer);
  return pairs;
}

/** truthPairsFromCustomers over a truth.json file, read streaming. */
export async function readTruthPairs(truthFile: string): Promise<TruthPairs> {
  const pairs = emptyPairs();
  for await (const customer of readTruthCustomers(truthFile)) addCustomer(pairs, customer);
  return pairs;
}
