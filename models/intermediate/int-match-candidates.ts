import { sql } from 'kysely';
import { expression } from '../runner/data-tests.ts';
import { defineModel } from '../runner/model-definition.ts';
import { BLOCKING_RULES, STORED_XREF_RULE, keyedCteSql, rulePairsSql } from '../matching/blocking-rules.ts';
import { beforeSql, recordOf } from '../matching/pair-order.ts';

/** Stored cross-reference ids that resolve to a live record (any status: the score decides), as pairs. */
const STORED_XREF_PAIRS = `
SELECT CASE WHEN ${beforeSql(recordOf('f'), recordOf('t'))} THEN f.record_no ELSE t.record_no END AS left_no,
  CASE WHEN ${beforeSql(recordOf('f'), recordOf('t'))} THEN t.record_no ELSE f.record_no END AS right_no,
  '${STORED_XREF_RULE.name}' AS rule
FROM int.existing_xrefs x
JOIN int.customer_records f ON f.system = x.from_system AND f.source_id = x.from_id
JOIN int.customer_records t ON t.system = x.to_system AND t.source_id = x.resolved_to_id`;

export function matchCandidatesSql(): string {
  return `WITH ${BLOCKING_RULES.map(keyedCteSql).join(',\n')},
pairs AS (
  ${[...BLOCKING_RULES.map(rulePairsSql), STORED_XREF_PAIRS].join('\n  UNION ALL\n  ')}
),
grouped AS (SELECT left_no, right_no, list(DISTINCT rule ORDER BY rule) AS blocking_rules FROM pairs GROUP BY left_no, right_no)
SELECT l.system AS left_system, l.source_id AS left_id, r.system AS right_system, r.source_id AS right_id, g.blocking_rules, g.left_no, g.right_no
FROM grouped g JOIN int.customer_records l ON l.record_no = g.left_no JOIN int.customer_records r ON r.record_no = g.right_no`;
}

export const intMatchCandidates = defineModel({
  name: 'int.match_candidates',
  description:
    'Record pairs worth comparing: the union of the blocking rules\' equi-joins (models/matching/blocking-rules.ts) plus stored cross-reference ids. '
    + 'Every pair in canonical order (salesforce < hubspot < netsuite, then id).',
  key: ['left_system', 'left_id', 'right_system', 'right_id'],
  dependsOn: ['int.customer_records', 'int.existing_xrefs'],
  columns: {
    left_system: 'System of the first record of the pair.',
    left_id: 'Its id.',
    right_system: 'System of the second record (equal to left_system for a possible duplicate).',
    right_id: 'Its id.',
    blocking_rules: 'The blocking rules that produced the pair.',
    left_no: 'record_no of the left record (int.customer_records), for fast joins within this build.',
    right_no: 'record_no of the right record.',
  },
  tests: [expression('not_a_self_pair', 'NOT (left_system = right_system AND left_id = right_id)')],
  query: () => sql.raw(matchCandidatesSql()),
});
