import { sql } from 'kysely';
import { acceptedValues, expression } from '../runner/data-tests.ts';
import { defineModel } from '../runner/model-definition.ts';
import { canonicalPairSql } from '../matching/pair-order.ts';
import { COMPARISONS, comparedPairsSql, explainSql, type Comparison } from '../matching/comparisons.ts';

/**
 * A pair scoring at least this (p ≥ 0.99) links automatically, if something besides the name agrees.
 * (At 0.98, an exact rare name with an equal postcode links, but so do sister companies sharing a
 * family name and a postcode: those wait for a person.)
 */
export const LINK_WEIGHT = Math.log2(0.99 / 0.01);
/**
 * A pair scoring at least this (p ≥ 0.2) and not linked goes to the review queue: an exactly equal,
 * rare name with nothing else to compare scores just under p = 0.5 and deserves a person's look.
 */
export const REVIEW_WEIGHT = -2;
/** Assumed share of a system's records that have a duplicate in the same system (the duplicate prior). */
export const DUPLICATE_SHARE = 0.1;

export const PAIR_STATUSES = ['linked', 'review', 'rejected', 'not_selected', 'below_threshold'] as const;
export const MATCH_RULES = ['human_confirmed', 'stored_xref', 'score', 'score_duplicate'] as const;

const fmt = (column: string): string => `printf('%+.1f', ${column})`;

/** mw_<name>: the level's weight; exact levels with a term frequency use the value's own frequency as u. */
function weightSql(c: Comparison): string {
  const tf = c.levels.find((l) => l.termFrequency !== undefined);
  const tfBranch = tf
    ? `WHEN gamma_${c.name} = '${tf.level}' THEN log2(w_${c.name}.m / (greatest(l_${tf.termFrequency}, r_${tf.termFrequency}) / totals.${tf.termFrequency}))`
    : '';
  return `CASE WHEN gamma_${c.name} IS NULL THEN 0 ${tfBranch} ELSE w_${c.name}.match_weight END AS mw_${c.name}`;
}

const weightJoins = COMPARISONS.map((c) =>
  `LEFT JOIN int.match_level_weights w_${c.name} ON w_${c.name}.comparison = '${c.name}' AND w_${c.name}.level = compared.gamma_${c.name}`).join('\n  ');
const corroborated = COMPARISONS.map((c) => `coalesce(w_${c.name}.corroborates, false)`).join(' OR ');
const weightSum = COMPARISONS.map((c) => `mw_${c.name}`).join(' + ');
/** Each comparison's evidence with its weight, read from the relation `alias`. */
const evidenceParts = (alias: string): string => COMPARISONS.map((c) =>
  `CASE WHEN ${alias}.gamma_${c.name} IS NOT NULL THEN ${alias}.why_${c.name} || ' (' || ${fmt(`${alias}.mw_${c.name}`)} || ')' END`).join(', ');

const CANONICAL_DECISIONS = `
SELECT ${canonicalPairSql({ system: 'left_system', id: 'left_id' }, { system: 'right_system', id: 'right_id' })}, decision, decided_at
FROM meta.xref_decisions`;

const QUERY = `
WITH decisions AS (
  SELECT left_system, left_id, right_system, right_id, decision FROM (${CANONICAL_DECISIONS})
  QUALIFY row_number() OVER (PARTITION BY left_system, left_id, right_system, right_id ORDER BY decided_at DESC) = 1
),
verified_xrefs AS (
  SELECT DISTINCT ${canonicalPairSql({ system: 'from_system', id: 'from_id' }, { system: 'to_system', id: 'resolved_to_id' })}
  FROM int.existing_xrefs WHERE status = 'verified'
),
all_pairs AS (
  SELECT * FROM int.match_candidates
  UNION ALL
  SELECT d.left_system, d.left_id, d.right_system, d.right_id, ['human_decision'], l.record_no, r.record_no FROM decisions d
  JOIN int.customer_records l ON l.system = d.left_system AND l.source_id = d.left_id
  JOIN int.customer_records r ON r.system = d.right_system AND r.source_id = d.right_id
  WHERE d.decision = 'confirm'
    AND NOT EXISTS (SELECT 1 FROM int.match_candidates c WHERE c.left_system = d.left_system AND c.left_id = d.left_id AND c.right_system = d.right_system AND c.right_id = d.right_id)
),
totals AS (
  SELECT count(name_key) AS name_key_count, count(domain) AS domain_count, count(phone) AS phone_count FROM int.customer_records
),
sizes AS (SELECT system, count(*) AS n FROM int.customer_records GROUP BY system),
compared AS (${comparedPairsSql('all_pairs')}),
weighed AS (
  SELECT compared.*, ${COMPARISONS.map(weightSql).join(',\n    ')},
    ${COMPARISONS.map(explainSql).join(',\n    ')},
    (${corroborated}) AS corroborated,
    -- the prior: P(two random records match); cross-system most of the smaller side has a partner
    CASE WHEN left_system <> right_system THEN log2(1.0 / (greatest(sl.n, sr.n) - 1))
      ELSE log2(${DUPLICATE_SHARE} / (sl.n - 1)) END AS mw_prior,
    (x.left_id IS NOT NULL) AS stored_xref_verified,
    d.decision
  FROM compared CROSS JOIN totals
  ${weightJoins}
  JOIN sizes sl ON sl.system = compared.left_system
  JOIN sizes sr ON sr.system = compared.right_system
  LEFT JOIN verified_xrefs x USING (left_system, left_id, right_system, right_id)
  LEFT JOIN decisions d USING (left_system, left_id, right_system, right_id)
),
banded AS MATERIALIZED (
  SELECT *, mw_prior + ${weightSum} AS match_weight,
    CASE WHEN left_system <> right_system THEN 'cross' ELSE 'duplicate' END AS pair_kind,
    CASE
      WHEN stored_xref_verified THEN 'link'
      WHEN mw_prior + ${weightSum} >= ${LINK_WEIGHT} AND corroborated THEN 'link'
      WHEN mw_prior + ${weightSum} >= ${REVIEW_WEIGHT} THEN 'review'
      ELSE 'none' END AS band
  FROM weighed
),
-- one-to-one across systems: a pair is chosen when each record is the other's best candidate in that system
eligible AS (
  SELECT left_system, left_id, right_system, right_id, band, decision,
    row_number() OVER (PARTITION BY left_system, left_id, right_system ORDER BY decision = 'confirm' DESC, stored_xref_verified DESC, match_weight DESC, right_id) AS rank_for_left,
    row_number() OVER (PARTITION BY right_system, right_id, left_system ORDER BY decision = 'confirm' DESC, stored_xref_verified DESC, match_weight DESC, left_id) AS rank_for_right
  FROM banded
  WHERE pair_kind = 'cross' AND (decision = 'confirm' OR (band <> 'none' AND decision IS DISTINCT FROM 'reject'))
),
chosen AS MATERIALIZED (
  SELECT e.*, (rank_for_left = 1 AND rank_for_right = 1) AS mutual_best FROM eligible e
),
-- a record whose best candidate already went to another record of its own system joins it when its
-- own link is strong: the two are duplicates of one customer
absorbed AS (
  SELECT c.left_system, c.left_id, c.right_system, c.right_id, true AS absorbed
  FROM chosen c
  WHERE NOT c.mutual_best AND c.band = 'link' AND c.decision IS NULL
    AND c.rank_for_left = 1
    AND NOT EXISTS (SELECT 1 FROM chosen o WHERE o.mutual_best AND o.left_system = c.left_system AND o.left_id = c.left_id AND o.right_system = c.right_system)
    AND EXISTS (SELECT 1 FROM chosen o WHERE o.mutual_best AND o.band = 'link' AND o.right_system = c.right_system AND o.right_id = c.right_id AND o.left_system = c.left_system)
),
decided AS MATERIALIZED (
  SELECT b.*,
    CASE
      WHEN b.decision = 'reject' THEN 'rejected'
      WHEN b.decision = 'confirm' THEN 'linked'
      WHEN b.pair_kind = 'duplicate' AND b.band = 'link' THEN 'linked'
      WHEN b.pair_kind = 'duplicate' AND b.band = 'review' THEN 'review'
      WHEN c.mutual_best AND b.band = 'link' THEN 'linked'
      WHEN c.mutual_best THEN 'review'
      WHEN a.absorbed THEN 'linked'
      WHEN c.left_id IS NOT NULL THEN 'not_selected'
      ELSE 'below_threshold' END AS decided_status,
    coalesce(a.absorbed, false) AS absorbed
  FROM banded b
  LEFT JOIN chosen c USING (left_system, left_id, right_system, right_id)
  LEFT JOIN absorbed a USING (left_system, left_id, right_system, right_id)
),
-- A link by score that would put two different records of one system into one customer, each held
-- there by a stronger link of its own (sister companies in one building, say), goes to review instead.
scored_links AS MATERIALIZED (SELECT left_no, right_no, match_weight, decision FROM decided WHERE decided_status = 'linked'),
link_ends AS MATERIALIZED (
  SELECT l.left_no AS node, l.right_no AS other, r.system AS other_system, r.system || ':' || r.source_id AS other_key, l.match_weight
  FROM scored_links l JOIN int.customer_records r ON r.record_no = l.right_no
  UNION ALL
  SELECT l.right_no, l.left_no, r.system, r.system || ':' || r.source_id, l.match_weight
  FROM scored_links l JOIN int.customer_records r ON r.record_no = l.left_no
),
-- each link's stronger links on either side, joined per link (never side against side directly)
stronger_left AS MATERIALIZED (
  SELECT l.left_no, l.right_no, e.other, e.other_system, e.other_key FROM scored_links l
  JOIN link_ends e ON e.node = l.left_no AND e.other <> l.right_no AND e.match_weight > l.match_weight WHERE l.decision IS NULL
),
stronger_right AS MATERIALIZED (
  SELECT l.left_no, l.right_no, e.other, e.other_system, e.other_key FROM scored_links l
  JOIN link_ends e ON e.node = l.right_no AND e.other <> l.left_no AND e.match_weight > l.match_weight WHERE l.decision IS NULL
),
conflicts AS (
  SELECT a.left_no, a.right_no, min(a.other_key) || ' and ' || min(b.other_key) AS kept_apart
  FROM stronger_left a
  JOIN stronger_right b ON b.left_no = a.left_no AND b.right_no = a.right_no AND b.other_system = a.other_system AND b.other <> a.other
  LEFT JOIN scored_links d1 ON d1.left_no = a.other AND d1.right_no = b.other
  LEFT JOIN scored_links d2 ON d2.left_no = b.other AND d2.right_no = a.other
  WHERE d1.left_no IS NULL AND d2.left_no IS NULL
  GROUP BY a.left_no, a.right_no
)
SELECT d.left_system, d.left_id, d.right_system, d.right_id, d.pair_kind,
  d.match_weight, 1.0 / (1.0 + pow(2.0, -d.match_weight)) AS match_probability, d.band, d.decision,
  CASE WHEN x.kept_apart IS NOT NULL THEN 'review' ELSE d.decided_status END AS status,
  CASE
    WHEN d.decision = 'confirm' THEN 'human_confirmed'
    WHEN d.stored_xref_verified THEN 'stored_xref'
    WHEN d.absorbed THEN 'score_duplicate'
    ELSE 'score' END AS match_rule,
  concat_ws('; ', ${evidenceParts('d')},
    CASE WHEN d.stored_xref_verified THEN 'a verified cross-reference id is stored between them' END,
    CASE WHEN NOT d.corroborated AND d.band <> 'none' AND NOT d.stored_xref_verified THEN 'only the name agrees: never linked without review' END,
    CASE WHEN x.kept_apart IS NOT NULL THEN 'not linked: it would join ' || x.kept_apart || ', each held by a stronger link' END,
    'prior ' || ${fmt('d.mw_prior')} || ' → weight ' || ${fmt('d.match_weight')},
    'blocked by ' || array_to_string(d.blocking_rules, ', ')) AS evidence,
  d.gamma_name, d.gamma_domain, d.gamma_phone, d.gamma_address,
  d.mw_prior, d.mw_name, d.mw_domain, d.mw_phone, d.mw_address,
  d.corroborated, d.stored_xref_verified, d.blocking_rules, d.left_no, d.right_no
FROM decided d
LEFT JOIN conflicts x USING (left_no, right_no)`;

export const intMatchPairs = defineModel({
  name: 'int.match_pairs',
  description:
    'Every candidate pair scored field by field (Fellegi-Sunter weights from int.match_level_weights), with the evidence behind its score '
    + 'and its outcome: linked, review, rejected (by a person), not_selected (another record was the better match) or below_threshold. '
    + 'Human decisions in meta.xref_decisions win over scores; verified stored cross-reference ids link.',
  key: ['left_system', 'left_id', 'right_system', 'right_id'],
  dependsOn: ['int.match_candidates', 'int.match_level_weights', 'int.customer_records', 'int.existing_xrefs', 'meta.xref_decisions'],
  columns: {
    left_system: 'System of the first record (pair order: salesforce < hubspot < netsuite, then id).',
    left_id: 'Its id.',
    right_system: 'System of the second record.',
    right_id: 'Its id.',
    pair_kind: 'cross (two systems) or duplicate (two records of one system).',
    match_weight: 'Total evidence in bits: mw_prior plus the mw_ columns.',
    match_probability: 'Probability the two records are one customer: 1 / (1 + 2^-match_weight).',
    band: 'By score alone: link (p ≥ 0.99 and something besides the name agrees, or a verified stored id), review (p ≥ 0.2), none.',
    decision: 'The latest human decision on the pair (confirm, reject), if any.',
    status: 'linked, review (a possible match, or a link that would join two records of one system each held by a stronger link), rejected, not_selected (each record links to at most one record of another system) or below_threshold.',
    match_rule: 'What decided it: human_confirmed, stored_xref, score, score_duplicate (strong link to a record already linked to a duplicate).',
    evidence: 'The comparison levels and their weights, in words.',
    gamma_name: 'Name comparison level.',
    gamma_domain: 'Domain comparison level.',
    gamma_phone: 'Phone comparison level.',
    gamma_address: 'Address comparison level.',
    mw_prior: 'Prior weight: log2 of the chance two random records of these systems match.',
    mw_name: 'Weight of the name level.',
    mw_domain: 'Weight of the domain level.',
    mw_phone: 'Weight of the phone level.',
    mw_address: 'Weight of the address level.',
    corroborated: 'Whether a field besides the name agrees (domain, phone, postcode).',
    stored_xref_verified: 'Whether a verified cross-reference id (int.existing_xrefs) is stored between the two.',
    blocking_rules: 'Which blocking rules produced the pair (human_decision: a person confirmed a pair no rule produced).',
    left_no: 'record_no of the left record in this build (int.customer_records).',
    right_no: 'record_no of the right record in this build.',
  },
  tests: [
    acceptedValues('status', [...PAIR_STATUSES]),
    acceptedValues('match_rule', [...MATCH_RULES]),
    acceptedValues('band', ['link', 'review', 'none']),
    expression('probability_in_range', 'match_probability BETWEEN 0 AND 1'),
    expression('name_only_never_links_by_score', "NOT (status = 'linked' AND match_rule IN ('score', 'score_duplicate') AND NOT corroborated)"),
  ],
  query: () => sql.raw(QUERY),
});
