import { sql, type Kysely } from 'kysely';
import { defineModel } from '../runner/model-definition.ts';
import { BLOCKING_RULES, STORED_XREF_RULE, skippedBlocksSql } from '../matching/blocking-rules.ts';

const RULES = [...BLOCKING_RULES, STORED_XREF_RULE];

function rulesValuesSql(): string {
  return RULES.map((rule, i) => `(${i + 1}, '${rule.name}', '${rule.description.replaceAll("'", "''")}', ${'maxBlock' in rule ? rule.maxBlock : 'NULL'})`).join(', ');
}

const QUERY = `
WITH rules(position, rule, description, max_block) AS (VALUES ${rulesValuesSql()}),
produced AS (
  SELECT rule, count(*) AS pairs, count(*) FILTER (WHERE len(blocking_rules) = 1) AS only_this_rule
  FROM (SELECT unnest(blocking_rules) AS rule, blocking_rules FROM int.match_candidates) GROUP BY rule
),
skipped AS (${BLOCKING_RULES.map(skippedBlocksSql).join(' UNION ALL ')}),
records AS (SELECT count(*) AS n FROM int.customer_records)
SELECT r.position, r.rule, r.description, r.max_block,
  coalesce(p.pairs, 0) AS pairs, coalesce(p.only_this_rule, 0) AS only_this_rule,
  coalesce(s.skipped_keys, 0) AS skipped_keys, coalesce(s.skipped_records, 0) AS skipped_records,
  (SELECT count(*) FROM int.match_candidates) AS candidate_pairs,
  (SELECT CAST(n AS HUGEINT) * (n - 1) // 2 FROM records) AS naive_pairs
FROM rules r LEFT JOIN produced p USING (rule) LEFT JOIN skipped s USING (rule)
ORDER BY r.position`;

interface RuleRow {
  rule: string;
  pairs: bigint;
  only_this_rule: bigint;
  skipped_keys: bigint;
  skipped_records: bigint;
  candidate_pairs: bigint;
  naive_pairs: bigint;
}

const count = (n: bigint | number): string => Number(n).toLocaleString('en-US');

/** The pair count per rule, for the build log. */
async function blockingLog(db: Kysely<unknown>): Promise<string[]> {
  const { rows } = await sql<RuleRow>`SELECT * FROM int.match_blocking_rules ORDER BY position`.execute(db);
  const first = rows[0];
  if (first === undefined) return [];
  const share = Number(first.naive_pairs) === 0 ? 0 : (Number(first.candidate_pairs) / Number(first.naive_pairs)) * 100;
  return [
    `candidate pairs: ${count(first.candidate_pairs)} of ${count(first.naive_pairs)} possible (${share.toPrecision(2)}%)`,
    ...rows.map((r) => `  ${r.rule}: ${count(r.pairs)} pairs, ${count(r.only_this_rule)} found by no other rule`
      + (Number(r.skipped_keys) > 0 ? `; skipped ${count(r.skipped_keys)} common values (${count(r.skipped_records)} records)` : '')),
  ];
}

export const intMatchBlockingRules = defineModel({
  name: 'int.match_blocking_rules',
  description: 'One row per blocking rule: the pairs it produced, the pairs only it found, and the common values it skipped; '
    + 'beside the total candidate pairs and the naive cross product of all records.',
  key: ['rule'],
  dependsOn: ['int.match_candidates', 'int.customer_records'],
  columns: {
    position: 'Order of the rule in models/matching/blocking-rules.ts.',
    rule: 'Rule name.',
    description: 'What records the rule pairs.',
    max_block: 'Blocks (records sharing one key value) larger than this are skipped.',
    pairs: 'Candidate pairs this rule produced.',
    only_this_rule: 'Pairs no other rule produced.',
    skipped_keys: 'Key values skipped for being shared by more than max_block records.',
    skipped_records: 'Records in those skipped blocks.',
    candidate_pairs: 'All candidate pairs (the union over rules).',
    naive_pairs: 'Pairs of the naive cross product, n(n-1)/2 over all records.',
  },
  query: () => sql.raw(QUERY),
  afterBuild: blockingLog,
});
