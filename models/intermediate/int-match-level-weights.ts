import { sql } from 'kysely';
import { expression } from '../runner/data-tests.ts';
import { defineModel } from '../runner/model-definition.ts';
import { COMPARISONS, comparedPairsSql, levelsValuesSql } from '../matching/comparisons.ts';

/** Records in the sample whose pairs estimate u (about SAMPLE_RECORDS² / 2 pairs). */
export const SAMPLE_RECORDS = 1000;

/**
 * u per level from every pair of a deterministic sample of records (the same data gives the same
 * sample, so scores do not move between runs for nothing). Almost all random pairs are different
 * customers, so the share of sampled pairs at a level estimates P(level | different customers).
 * Add-one smoothing keeps a level never seen in the sample from getting an infinite weight.
 */
const QUERY = `
WITH levels(comparison, position, level, m, term_frequency, corroborates) AS (VALUES ${levelsValuesSql()}),
sample AS (
  SELECT record_no, row_number() OVER (ORDER BY hash(system || ':' || source_id), system, source_id) AS n
  FROM int.customer_records QUALIFY n <= ${SAMPLE_RECORDS}
),
sample_pairs AS (SELECT a.record_no AS left_no, b.record_no AS right_no FROM sample a JOIN sample b ON a.n < b.n),
compared AS MATERIALIZED (${comparedPairsSql('sample_pairs')}),
observed AS (
  ${COMPARISONS.map((c) => `SELECT '${c.name}' AS comparison, gamma_${c.name} AS level, count(*) AS n FROM compared WHERE gamma_${c.name} IS NOT NULL GROUP BY ALL`).join('\n  UNION ALL ')}
),
sized AS (
  SELECT v.*, coalesce(o.n, 0) AS sample_pairs_at_level,
    sum(coalesce(o.n, 0)) OVER (PARTITION BY v.comparison) AS sample_pairs_compared,
    count(*) OVER (PARTITION BY v.comparison) AS level_count
  FROM levels v LEFT JOIN observed o USING (comparison, level)
)
SELECT comparison, position, level, m, term_frequency, corroborates, sample_pairs_at_level, sample_pairs_compared,
  (sample_pairs_at_level + 1) / (sample_pairs_compared + level_count) AS u,
  log2(m / ((sample_pairs_at_level + 1) / (sample_pairs_compared + level_count))) AS match_weight
FROM sized ORDER BY comparison, position`;

export const intMatchLevelWeights = defineModel({
  name: 'int.match_level_weights',
  description: 'The match weight of every comparison level (models/matching/comparisons.ts): fixed m, u estimated from sampled record pairs, weight = log2(m/u).',
  key: ['comparison', 'level'],
  dependsOn: ['int.customer_records'],
  columns: {
    comparison: 'Field compared: name, domain, phone or address.',
    position: 'Order of the level within the comparison (1 = strongest agreement).',
    level: 'Level name (exact, very_similar, ..., different).',
    m: 'P(level | same customer): fixed, see models/matching/comparisons.ts.',
    term_frequency: 'For exact levels scored by the value\'s own frequency: the count column used instead of u.',
    corroborates: 'Whether this level counts as evidence besides the name (required to link automatically).',
    sample_pairs_at_level: 'Sampled record pairs that fell into this level.',
    sample_pairs_compared: 'Sampled record pairs where both sides had the field.',
    u: 'P(level | different customers), estimated with add-one smoothing.',
    match_weight: 'log2(m / u): the bits of evidence this level adds to a pair\'s score.',
  },
  tests: [expression('u_is_a_probability', 'u > 0 AND u <= 1'), expression('m_is_a_probability', 'm > 0 AND m <= 1')],
  query: () => sql.raw(QUERY),
});
