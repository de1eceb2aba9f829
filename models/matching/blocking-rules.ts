import { beforeSql, recordOf } from './pair-order.ts';

/**
 * Blocking: which record pairs are compared at all. Each rule is an equi-join on one key of
 * int.customer_records; the candidates are the union of the pairs every rule produces (a pair
 * remembers which rules found it). A key value shared by more than `maxBlock` records is skipped
 * (a generic domain, a switchboard number, the token "holdings") and counted in
 * int.match_blocking_rules, so one common value cannot blow up the pair count.
 */
export interface BlockingRule {
  readonly name: string;
  readonly description: string;
  /** SQL over one int.customer_records row; NULL means the record is not in this rule's blocks. */
  readonly key: string;
  readonly maxBlock: number;
}

export const BLOCKING_RULES: readonly BlockingRule[] = [
  { name: 'name_key', description: 'same name without legal form, spaces or punctuation', key: 'name_key', maxBlock: 50 },
  { name: 'domain', description: 'same registrable company domain', key: 'domain', maxBlock: 50 },
  { name: 'phone', description: 'same last 9 phone digits', key: 'phone', maxBlock: 20 },
  {
    // no country in the key: a record without a recognised country still meets its partner (the score weighs countries)
    name: 'postcode_number',
    description: 'same postal code and house number',
    key: `CASE WHEN postal_code IS NOT NULL AND street_number IS NOT NULL THEN postal_code || '|' || street_number END`,
    maxBlock: 20,
  },
  {
    name: 'name_token_city',
    description: 'same rarest name token and same city',
    key: `CASE WHEN rare_token_1 IS NOT NULL AND city IS NOT NULL THEN rare_token_1 || '|' || city END`,
    maxBlock: 10,
  },
  {
    // only tokens that are truly rare: a typo elsewhere in the name still meets its partner
    name: 'rare_token',
    description: 'same rarest name token, when at most 10 records have it',
    key: `CASE WHEN rare_token_count <= 10 THEN rare_token_1 END`,
    maxBlock: 10,
  },
];

/** Pairs from a cross-reference id stored in one system and pointing into another (int.existing_xrefs). */
export const STORED_XREF_RULE = { name: 'stored_xref', description: 'a cross-reference id stored in one system points at the other record' } as const;

/** A CTE `k_<rule>` holding the keyed records of one rule, blocks over the cap left out. */
export function keyedCteSql(rule: BlockingRule): string {
  return `k_${rule.name} AS MATERIALIZED (
    WITH keyed AS (SELECT record_no, system, source_id, ${rule.key} AS block_key FROM int.customer_records),
    sizes AS (SELECT block_key, count(*) AS block_size FROM keyed WHERE block_key IS NOT NULL GROUP BY block_key)
    SELECT keyed.* FROM keyed JOIN sizes USING (block_key) WHERE block_size <= ${rule.maxBlock})`;
}

/** The pairs one rule produces (reading its `k_<rule>` CTE), in canonical order, with the rule's name. */
export function rulePairsSql(rule: BlockingRule): string {
  return `SELECT a.record_no AS left_no, b.record_no AS right_no, '${rule.name}' AS rule
    FROM k_${rule.name} a JOIN k_${rule.name} b ON a.block_key = b.block_key AND ${beforeSql(recordOf('a'), recordOf('b'))}`;
}

/** Per rule: the blocks it skipped for being over the cap. */
export function skippedBlocksSql(rule: BlockingRule): string {
  return `SELECT '${rule.name}' AS rule, count(*) AS skipped_keys, coalesce(sum(n), 0) AS skipped_records, max(n) AS largest_skipped_block
    FROM (SELECT ${rule.key} AS block_key, count(*) AS n FROM int.customer_records GROUP BY ALL)
    WHERE block_key IS NOT NULL AND n > ${rule.maxBlock}`;
}
