import { sql } from 'kysely';
import { defineModel } from '../runner/model-definition.ts';

/**
 * Connected components of the linked pairs, by label propagation: every record starts with its own
 * key as label and takes the smallest label among its linked neighbours until nothing changes.
 * Cross-system links are one-to-one, so a component holds one customer's records (duplicates
 * within a system included).
 */
const QUERY = `
WITH RECURSIVE
nodes AS (SELECT system || ':' || source_id AS node FROM int.customer_records),
edges AS (
  SELECT left_system || ':' || left_id AS a, right_system || ':' || right_id AS b FROM int.match_pairs WHERE status = 'linked'
),
directed AS (SELECT a, b FROM edges UNION ALL SELECT b, a FROM edges),
components(node, label) USING KEY (node) AS (
  SELECT node, node FROM nodes
  UNION
  SELECT d.b, min(c.label) FROM components c JOIN directed d ON d.a = c.node
  GROUP BY d.b
  HAVING min(c.label) < (SELECT r.label FROM recurring.components r WHERE r.node = d.b)
)
SELECT split_part(node, ':', 1) AS system, substr(node, strpos(node, ':') + 1) AS source_id, label AS cluster_key,
  count(*) OVER (PARTITION BY label) AS cluster_size
FROM components`;

export const intCustomerClusters = defineModel({
  name: 'int.customer_clusters',
  description: 'Every customer record with the cluster of records it is linked to (one cluster = one customer); records linked to nothing are clusters of one.',
  key: ['system', 'source_id'],
  dependsOn: ['int.customer_records', 'int.match_pairs'],
  columns: {
    system: 'Source system.',
    source_id: 'Record id.',
    cluster_key: 'The smallest record key (system:id) of the cluster: changes when the cluster does, unlike mart master ids.',
    cluster_size: 'Records in the cluster.',
  },
  query: () => sql.raw(QUERY),
});
