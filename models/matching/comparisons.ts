/**
 * How a candidate pair is compared, field by field (Fellegi-Sunter, as Splink does it in SQL).
 * Each comparison sorts a pair into the first level whose condition holds (NULL when either side
 * lacks the field: no evidence either way). A level's match weight is log2(m / u):
 *  - m = P(level | same customer): fixed here, a judgement of how often real matches disagree;
 *  - u = P(level | different customers): estimated from the data in int.match_level_weights, from
 *    pairs of a deterministic sample of records; for exact levels with `termFrequency`, u is the
 *    value's own frequency (a shared rare domain is stronger evidence than a shared common one).
 * The conditions read columns of the compared pair: `l_<column>` / `r_<column>` of
 * int.customer_records, plus `name_jw` (Jaro-Winkler of name_core) and `name_distinct_agree`: the
 * names share their distinctive part (either name's rarest token appears in the other, or the two
 * rarest tokens are near-identical: a typo). Common tokens are down-weighted this way: "Acme Holdings
 * Group" and "Zeta Holdings Group" are similar strings (Jaro-Winkler 0.91) but not similar names.
 * Conditions are evaluated in order and only for pairs no earlier level took.
 */
export interface ComparisonLevel {
  readonly level: string;
  readonly when: string;
  readonly m: number;
  /** The int.customer_records count column whose frequency is u for this exact level. */
  readonly termFrequency?: 'name_key_count' | 'domain_count' | 'phone_count';
  /** Agreement at this level is evidence besides the name (needed before anything links automatically). */
  readonly corroborates?: boolean;
  /** SQL text: how the evidence reads for a pair at this level. */
  readonly explain: string;
}

export interface Comparison {
  readonly name: 'name' | 'domain' | 'phone' | 'address';
  readonly nullWhen: string;
  /** In order; the last level's condition is usually TRUE. */
  readonly levels: readonly ComparisonLevel[];
}

const quoted = (column: string): string => `'''' || ${column} || ''''`;

export const COMPARISONS: readonly Comparison[] = [
  {
    name: 'name',
    nullWhen: 'length(coalesce(l_name_key, \'\')) < 2 OR length(coalesce(r_name_key, \'\')) < 2',
    levels: [
      { level: 'exact', when: 'l_name_key = r_name_key', m: 0.55, termFrequency: 'name_key_count', explain: `'name ' || ${quoted('l_name_core')} || ' equal'` },
      {
        level: 'very_similar',
        when: '(name_jw >= 0.94 AND name_distinct_agree) OR l_name_token_key = r_name_token_key',
        m: 0.25,
        explain: `'names very similar: ' || ${quoted('l_name_core')} || ' ~ ' || ${quoted('r_name_core')}`,
      },
      {
        level: 'similar',
        // at least half of all distinct tokens shared: |A ∩ B| ≥ |A ∪ B| / 2 = (|A| + |B| − |A ∩ B|) / 2
        when: 'name_distinct_agree AND (name_jw >= 0.86 OR (least(length(l_name_key), length(r_name_key)) >= 6 AND (contains(l_name_key, r_name_key) OR contains(r_name_key, l_name_key))) '
          + 'OR 3 * len(list_intersect(l_name_tokens, r_name_tokens)) >= len(l_name_tokens) + len(r_name_tokens))',
        m: 0.12,
        explain: `'names similar: ' || ${quoted('l_name_core')} || ' ~ ' || ${quoted('r_name_core')}`,
      },
      { level: 'different', when: 'TRUE', m: 0.08, explain: `'names differ: ' || ${quoted('l_name_core')} || ' vs ' || ${quoted('r_name_core')}` },
    ],
  },
  {
    name: 'domain',
    nullWhen: 'l_domain IS NULL OR r_domain IS NULL',
    levels: [
      { level: 'exact', when: 'l_domain = r_domain', m: 0.7, termFrequency: 'domain_count', corroborates: true, explain: `'domain ' || l_domain || ' equal'` },
      {
        level: 'same_label',
        when: 'replace(split_part(l_domain, \'.\', 1), \'-\', \'\') = replace(split_part(r_domain, \'.\', 1), \'-\', \'\')',
        m: 0.12,
        explain: `'domains share their name: ' || l_domain || ' ~ ' || r_domain`,
      },
      { level: 'different', when: 'TRUE', m: 0.18, explain: `'domains differ: ' || l_domain || ' vs ' || r_domain` },
    ],
  },
  {
    name: 'phone',
    nullWhen: 'l_phone IS NULL OR r_phone IS NULL',
    levels: [
      { level: 'exact', when: 'l_phone = r_phone', m: 0.6, termFrequency: 'phone_count', corroborates: true, explain: `'phone …' || l_phone || ' equal'` },
      { level: 'different', when: 'TRUE', m: 0.4, explain: `'phones differ'` },
    ],
  },
  {
    name: 'address',
    nullWhen: '(l_postal_code IS NULL AND l_city IS NULL) OR (r_postal_code IS NULL AND r_city IS NULL)',
    levels: [
      {
        level: 'postcode_number',
        when: 'l_postal_code = r_postal_code AND l_street_number = r_street_number AND coalesce(l_country = r_country, TRUE)',
        m: 0.55,
        corroborates: true,
        explain: `'address: postcode ' || l_postal_code || ' and number ' || l_street_number || ' equal'`,
      },
      {
        level: 'postcode',
        when: 'l_postal_code = r_postal_code AND coalesce(l_country = r_country, TRUE)',
        m: 0.15,
        corroborates: true,
        explain: `'address: postcode ' || l_postal_code || ' equal'`,
      },
      { level: 'city', when: 'l_city = r_city AND coalesce(l_country = r_country, TRUE)', m: 0.12, explain: `'address: same city ' || l_city` },
      { level: 'country_conflict', when: 'l_country <> r_country', m: 0.03, explain: `'countries differ: ' || l_country || ' vs ' || r_country` },
      { level: 'different', when: 'TRUE', m: 0.15, explain: `'addresses differ'` },
    ],
  },
];

/** Record columns a comparison reads, selected as l_<c> and r_<c>. */
export const COMPARED_COLUMNS = [
  'name_core', 'name_key', 'name_token_key', 'rare_token_1', 'domain', 'phone', 'street_number', 'city', 'postal_code', 'country',
  'name_key_count', 'domain_count', 'phone_count',
] as const;

/** `CASE … END AS gamma_<name>`: the level a pair falls into. */
export function levelSql(comparison: Comparison): string {
  const branches = comparison.levels.map((l) => `WHEN ${l.when} THEN '${l.level}'`).join(' ');
  return `CASE WHEN ${comparison.nullWhen} THEN NULL ${branches} END AS gamma_${comparison.name}`;
}

/** `CASE … END AS why_<name>`: the evidence text of the pair's level. */
export function explainSql(comparison: Comparison): string {
  const branches = comparison.levels.map((l) => `WHEN '${l.level}' THEN ${l.explain}`).join(' ');
  return `CASE gamma_${comparison.name} ${branches} END AS why_${comparison.name}`;
}

/**
 * The compared pairs of `pairs` (a relation with left_no and right_no, the records' record_no in
 * int.customer_records, and any other columns, kept): both records' columns, the name similarity and
 * one gamma column per comparison.
 */
export function comparedPairsSql(pairs: string): string {
  const side = (alias: 'l' | 'r'): string => COMPARED_COLUMNS.map((c) => `${alias}.${c} AS ${alias}_${c}`).join(', ');
  return `SELECT *, ${COMPARISONS.map(levelSql).join(',\n    ')} FROM (
    SELECT p.*, ${side('l')}, ${side('r')},
      string_split(l.name_token_key, ' ') AS l_name_tokens, string_split(r.name_token_key, ' ') AS r_name_tokens,
      jaro_winkler_similarity(coalesce(l.name_core, ''), coalesce(r.name_core, '')) AS name_jw,
      coalesce(list_contains(r_name_tokens, l.rare_token_1) OR list_contains(l_name_tokens, r.rare_token_1)
        OR jaro_winkler_similarity(l.rare_token_1, r.rare_token_1) >= 0.9, false) AS name_distinct_agree
    FROM ${pairs} p
    JOIN int.customer_records l ON l.record_no = p.left_no
    JOIN int.customer_records r ON r.record_no = p.right_no)`;
}

/** One row per comparison level: (comparison, level, m, term-frequency column, corroborates). */
export function levelsValuesSql(): string {
  return COMPARISONS.flatMap((c) => c.levels.map((l, i) =>
    `('${c.name}', ${i + 1}, '${l.level}', ${l.m}, ${l.termFrequency ? `'${l.termFrequency}'` : 'NULL'}, ${l.corroborates === true})`)).join(', ');
}
