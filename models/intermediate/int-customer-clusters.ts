import { sql } from 'kysely';
import { defineModel } from '../runner/model-definition.ts';

/** Rounds of label propagation; each round also jumps to the label's own label, so chains settle fast. */
export const CLUSTER_ROUNDS = 5;

function roundSql(round: number): string {
  const previous = `round_${round - 1}`;
  return `step_${round} AS MATERIALIZED (
  SELECT p.node, least(p.label, coalesce(min(n.label), p.label)) AS label
  FROM ${previous} p LEFT JOIN directed d ON d.a = p.node LEFT JOIN ${previous} n ON n.node = d.b
  GROUP BY p.node, p.label
),
round_${round} AS MATERIALIZED (SELECT s.node, least(s.label, j.label) AS label FROM step_${round} s JOIN step_${round} j ON j.node = s.label)`;
}

/**
 * Connected components of the linked pairs: every linked record starts with its own record_no as label,
 * then each round takes the smallest label among itself and its neighbours, and jumps to that
 * label's own label. Records linked to nothing are clusters of their own. Should a chain of links be
 * too long to settle in CLUSTER_ROUNDS rounds, the build fails rather than split a customer.
 */
const QUERY = `
WITH edges AS (SELECT left_no AS a, right_no AS b FROM int.match_pairs WHERE status = 'linked'),
directed AS MATERIALIZED (SELECT a, b FROM edges UNION ALL SELECT b, a FROM edges),
round_0 AS MATERIALIZED (SELECT DISTINCT a AS node, a AS label FROM directed),
${Array.from({ length: CLUSTER_ROUNDS }, (_, i) => roundSql(i + 1)).join(',\n')},
settled AS MATERIALIZED (SELECT * FROM round_${CLUSTER_ROUNDS}),
-- one more round changes nothing once every record holds its cluster's smallest key
unsettled AS (
  SELECT count(*) AS n FROM (
    SELECT p.node, p.label, min(n.label) AS neighbour_min
    FROM settled p LEFT JOIN directed d ON d.a = p.node LEFT JOIN settled n ON n.node = d.b GROUP BY p.node, p.label
  ) WHERE neighbour_min < label
),
labelled AS (
  SELECT r.system, r.source_id, coalesce(k.system || ':' || k.source_id, r.system || ':' || r.source_id) AS cluster_key
  FROM int.customer_records r LEFT JOIN settled s ON s.node = r.record_no LEFT JOIN int.customer_records k ON k.record_no = s.label
)
SELECT system, source_id,
  CASE WHEN (SELECT n FROM unsettled) = 0 THEN cluster_key
    ELSE error('customer clusters did not settle in ${CLUSTER_ROUNDS} rounds: some chain of linked records (int.match_pairs, status linked) is longer than the clustering follows; look for a long chain of duplicates and reject a wrong link with closeloop xref reject') END AS cluster_key,
  count(*) OVER (PARTITION BY cluster_key) AS cluster_size
FROM labelled`;

export const intCustomerClusters = defineModel({
  name: 'int.customer_clusters',
  description: 'Every customer record with the cluster of records it is linked to (one cluster = one customer); records linked to nothing are clusters of one.',
  key: ['system', 'source_id'],
  dependsOn: ['int.customer_records', 'int.match_pairs'],
  columns: {
    system: 'Source system.',
    source_id: 'Record id.',
    cluster_key: 'Key (system:id) of the cluster\'s first record in (system, id) order: changes when the cluster does, unlike mart master ids.',
    cluster_size: 'Records in the cluster.',
  },
  query: () => sql.raw(QUERY),
});
