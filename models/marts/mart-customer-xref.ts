import { sql, type Kysely } from 'kysely';
import { acceptedValues, relationship } from '../runner/data-tests.ts';
import { defineModel } from '../runner/model-definition.ts';
import { MATCH_SYSTEMS } from '../matching/record-ref.ts';

export const XREF_STATUSES = ['linked', 'review', 'unmatched'] as const;

/**
 * Master ids stay with their customers across runs. Each cluster votes with the current master ids
 * of its records (meta.master_ids) and takes the id most of them hold; when two clusters claim one
 * id (a cluster split), the cluster holding more of its records keeps it. Clusters left without an
 * id get the next unused number (ids are never reused), in cluster order so a rebuild of the same
 * data assigns the same ids.
 */
const MASTER_IDS = `
current_ids AS (
  SELECT system, source_id, master_id FROM meta.master_ids
  QUALIFY row_number() OVER (PARTITION BY system, source_id ORDER BY assigned_at DESC, master_id DESC) = 1
),
votes AS (
  SELECT c.cluster_key, i.master_id, count(*) AS votes
  FROM int.customer_clusters c JOIN current_ids i USING (system, source_id) GROUP BY c.cluster_key, i.master_id
),
cluster_choice AS (SELECT * FROM votes QUALIFY row_number() OVER (PARTITION BY cluster_key ORDER BY votes DESC, master_id) = 1),
kept AS (SELECT cluster_key, master_id FROM cluster_choice QUALIFY row_number() OVER (PARTITION BY master_id ORDER BY votes DESC, cluster_key) = 1),
highest AS (SELECT coalesce(max(TRY_CAST(substr(master_id, 2) AS BIGINT)), 0) AS n FROM meta.master_ids),
unassigned AS (SELECT DISTINCT cluster_key FROM int.customer_clusters WHERE cluster_key NOT IN (SELECT cluster_key FROM kept)),
minted AS (
  SELECT u.cluster_key, 'M' || lpad(CAST(highest.n + row_number() OVER (ORDER BY u.cluster_key) AS VARCHAR), 8, '0') AS master_id
  FROM unassigned u CROSS JOIN highest
),
assigned AS (SELECT * FROM kept UNION ALL SELECT * FROM minted)`;

/** Each record's strongest linked pair, else its strongest pair waiting for review. */
const BEST_PAIRS = `
ends AS (
  SELECT left_system AS system, left_id AS source_id, right_system AS other_system, right_id AS other_id, status, match_rule, match_probability, match_weight
  FROM int.match_pairs WHERE status IN ('linked', 'review')
  UNION ALL
  SELECT right_system, right_id, left_system, left_id, status, match_rule, match_probability, match_weight
  FROM int.match_pairs WHERE status IN ('linked', 'review')
),
best AS (
  SELECT *, count(*) FILTER (WHERE status = 'review') OVER (PARTITION BY system, source_id) AS review_pairs FROM ends
  QUALIFY row_number() OVER (PARTITION BY system, source_id ORDER BY status = 'linked' DESC, match_weight DESC, other_system, other_id) = 1
)`;

const QUERY = `
WITH ${MASTER_IDS},
${BEST_PAIRS}
SELECT a.master_id, c.system, c.source_id,
  CASE WHEN c.cluster_size > 1 THEN 'linked' WHEN b.status = 'review' THEN 'review' ELSE 'unmatched' END AS match_status,
  CASE WHEN c.cluster_size > 1 THEN b.match_rule END AS match_rule,
  CASE WHEN b.status IS NOT NULL THEN b.match_probability END AS match_score,
  CASE WHEN b.status IS NOT NULL THEN b.other_system END AS matched_system,
  CASE WHEN b.status IS NOT NULL THEN b.other_id END AS matched_id,
  coalesce(b.review_pairs, 0) AS review_pairs,
  c.cluster_size AS master_records
FROM int.customer_clusters c
JOIN assigned a USING (cluster_key)
LEFT JOIN best b USING (system, source_id)`;

/** Appends the assignments that are new or changed, so the next build keeps them; returns a summary. */
async function recordMasterIds(db: Kysely<unknown>): Promise<string[]> {
  const changed = await sql`INSERT INTO meta.master_ids (system, source_id, master_id)
    SELECT x.system, x.source_id, x.master_id FROM mart.customer_xref x
    LEFT JOIN (
      SELECT system, source_id, master_id FROM meta.master_ids
      QUALIFY row_number() OVER (PARTITION BY system, source_id ORDER BY assigned_at DESC, master_id DESC) = 1
    ) p USING (system, source_id)
    WHERE p.master_id IS DISTINCT FROM x.master_id`.execute(db);
  const { rows } = await sql<{ records: bigint; masters: bigint; linked: bigint; review: bigint; unmatched: bigint; queue: bigint }>`
    SELECT count(*) AS records, count(DISTINCT master_id) AS masters, count(*) FILTER (WHERE match_status = 'linked') AS linked,
      count(*) FILTER (WHERE match_status = 'review') AS review, count(*) FILTER (WHERE match_status = 'unmatched') AS unmatched,
      (SELECT count(*) FROM int.match_pairs WHERE status = 'review') AS queue
    FROM mart.customer_xref`.execute(db);
  const s = rows[0]!;
  return [
    `${s.records} customer records → ${s.masters} master customers: ${s.linked} linked, ${s.review} unlinked with a possible match, ${s.unmatched} unmatched`,
    `${s.queue} pairs wait for review: closeloop xref review`,
    `${changed.numAffectedRows ?? 0n} records got a new or changed master id`,
  ];
}

export const martCustomerXref = defineModel({
  name: 'mart.customer_xref',
  description:
    'One row per customer record in Salesforce, HubSpot and NetSuite with its master customer id: records of one customer share it. '
    + 'Master ids stay the same across runs while the customer\'s records stay together.',
  key: ['system', 'source_id'],
  dependsOn: ['int.customer_clusters', 'int.match_pairs', 'meta.master_ids'],
  columns: {
    master_id: 'Master customer id (mart.customer_master), e.g. M00000042; stable across runs.',
    system: 'salesforce, hubspot or netsuite.',
    source_id: 'The record\'s id in its system.',
    match_status: 'linked (shares its master id with other records), review (a possible match waits for a person: closeloop xref review) or unmatched.',
    match_rule: 'For linked records, what linked its strongest pair: human_confirmed, stored_xref, score or score_duplicate.',
    match_score: 'Probability of its strongest linked (else review) pair.',
    matched_system: 'System of the other record of that pair.',
    matched_id: 'Id of the other record of that pair (see int.match_pairs for the evidence).',
    review_pairs: 'Pairs involving this record that wait for review.',
    master_records: 'Records sharing the master id.',
  },
  tests: [
    acceptedValues('system', [...MATCH_SYSTEMS]),
    acceptedValues('match_status', [...XREF_STATUSES]),
    relationship('source_id', 'int.customer_records', 'source_id'),
  ],
  query: () => sql.raw(QUERY),
  afterBuild: recordMasterIds,
});
