import { sql } from 'kysely';
import { acceptedValues, expression, unique } from '../runner/data-tests.ts';
import { defineModel } from '../runner/model-definition.ts';
import { MATCH_SYSTEMS } from '../matching/record-ref.ts';

/**
 * Every live customer record of the three systems in one shape, normalised for matching with the
 * `ref.*` macros (models/normalisation). Address fields are the billing address (Salesforce falls
 * back to the shipping address when no billing field is filled). NetSuite has no website on most
 * customers, so its domain also comes from the billing e-mail (free-mail domains are NULL).
 */
const SOURCES = `
sf AS (
  SELECT 'salesforce' AS system, id AS source_id, name, website AS web, NULL AS email, phone,
    CASE WHEN coalesce(billing_street, billing_city, billing_postal_code, billing_country) IS NULL THEN shipping_street ELSE billing_street END AS street,
    CASE WHEN coalesce(billing_street, billing_city, billing_postal_code, billing_country) IS NULL THEN shipping_city ELSE billing_city END AS city,
    CASE WHEN coalesce(billing_street, billing_city, billing_postal_code, billing_country) IS NULL THEN shipping_state ELSE billing_state END AS state_raw,
    CASE WHEN coalesce(billing_street, billing_city, billing_postal_code, billing_country) IS NULL THEN shipping_postal_code ELSE billing_postal_code END AS postal_raw,
    CASE WHEN coalesce(billing_street, billing_city, billing_postal_code, billing_country) IS NULL THEN shipping_country ELSE billing_country END AS country_raw,
    last_modified_at AS modified_at
  FROM stg.salesforce_account
),
hs AS (
  SELECT 'hubspot', id, name, coalesce(nullif(trim(domain), ''), website), NULL, phone, address, city, state, zip, country, updated_at
  FROM stg.hubspot_companies
),
ns AS (
  SELECT 'netsuite', CAST(id AS VARCHAR), coalesce(nullif(trim(company_name), ''), entity_id), url, email, coalesce(phone, billing_phone),
    billing_address_1, billing_city, billing_state, billing_zip, billing_country, last_modified_at
  FROM stg.netsuite_customer
),
unioned AS (SELECT * FROM sf UNION ALL SELECT * FROM hs UNION ALL SELECT * FROM ns)`;

/** Each macro once per record: the name is normalised once and its parts derived from that. */
const NORMALISED = `
named AS (
  SELECT *, ref.norm_name(name) AS name_norm,
    regexp_replace(regexp_replace(lower(phone), '(ext|x|#).*$', ''), '[^0-9]', '', 'g') AS phone_digits
  FROM unioned
),
split AS (SELECT *, ref.legal_variant(name_norm) AS legal_variant FROM named),
normalised AS (
  SELECT system, source_id, name, modified_at,
    nullif(trim(left(name_norm, length(name_norm) - coalesce(length(legal_variant), 0))), '') AS name_core,
    lf.canonical AS legal_form,
    coalesce(ref.company_domain(web), ref.company_domain(email)) AS domain,
    -- the last 9 digits survive country codes and trunk prefixes (+44 1215… vs 01215…); extensions are cut
    CASE WHEN length(phone_digits) >= 7 THEN right(phone_digits, 9) END AS phone,
    nullif(trim(street), '') AS street,
    nullif(regexp_extract(street, '(^|[^0-9])([0-9]+[A-Za-z]?)([^0-9]|$)', 2), '') AS street_number,
    ref.lookup_key(city) AS city,
    ref.country_iso2(country_raw) AS country,
    state_raw, postal_raw
  FROM split LEFT JOIN ref.legal_forms lf ON lf.variant = split.legal_variant
),
located AS (
  SELECT * EXCLUDE (state_raw, postal_raw),
    nullif(replace(name_core, ' ', ''), '') AS name_key,
    CASE WHEN country = 'US' OR country IS NULL THEN ref.state_code(state_raw) ELSE nullif(upper(trim(state_raw)), '') END AS state,
    CASE WHEN country = 'US' THEN ref.zip5(postal_raw, 'US')
      ELSE nullif(upper(regexp_replace(postal_raw, '[^A-Za-z0-9]', '', 'g')), '') END AS postal_code
  FROM normalised
)`;

/**
 * Name tokens (2+ characters) and their frequency over all records: the two rarest tokens block and
 * explain matches. Frequencies are group-by counts joined back (cheaper than window counts). The
 * normalised records are materialised once: several parts of the query read them.
 */
const TOKENS = `
tokenised AS MATERIALIZED (
  SELECT *, list_sort(list_distinct(list_filter(string_split(name_core, ' '), t -> length(t) >= 2))) AS name_tokens FROM located
),
record_tokens AS (SELECT system, source_id, unnest(name_tokens) AS token FROM tokenised),
token_counts AS (SELECT token, count(*) AS token_count FROM record_tokens GROUP BY token),
rare_tokens AS (
  SELECT system, source_id, min_by(token, {'n': token_count, 't': token}, 2) AS rarest, min(token_count) AS rare_token_count
  FROM record_tokens JOIN token_counts USING (token) GROUP BY system, source_id
),
${['name_key', 'domain', 'phone'].map((c) => `${c}_counts AS (SELECT ${c}, count(*) AS ${c}_count FROM tokenised WHERE ${c} IS NOT NULL GROUP BY ${c})`).join(',\n')}`;

const QUERY = `
WITH ${SOURCES},
${NORMALISED},
${TOKENS}
SELECT row_number() OVER (ORDER BY l.system, l.source_id) AS record_no, l.system, l.source_id, l.name, l.name_core, l.name_key, l.legal_form, array_to_string(l.name_tokens, ' ') AS name_token_key,
  t.rarest[1] AS rare_token_1, t.rarest[2] AS rare_token_2, t.rare_token_count,
  l.domain, l.phone, l.street, l.street_number, l.city, l.state, l.postal_code, l.country, l.modified_at,
  nk.name_key_count, dc.domain_count, pc.phone_count
FROM tokenised l
LEFT JOIN rare_tokens t USING (system, source_id)
LEFT JOIN name_key_counts nk USING (name_key)
LEFT JOIN domain_counts dc USING (domain)
LEFT JOIN phone_counts pc USING (phone)`;

export const intCustomerRecords = defineModel({
  name: 'int.customer_records',
  description:
    'One row per live customer record in Salesforce (Account), HubSpot (company) and NetSuite (customer), normalised for matching: '
    + 'name without legal form, registrable company domain, phone digits, billing address with ISO country, state code and postal code.',
  key: ['system', 'source_id'],
  dependsOn: ['stg.salesforce_account', 'stg.hubspot_companies', 'stg.netsuite_customer'],
  columns: {
    record_no: 'The record\'s number in this build (for fast joins between matching models); not stable across runs: use system + source_id.',
    system: 'Source system: salesforce, hubspot or netsuite.',
    source_id: 'The record\'s id in its system (Salesforce: 18 characters).',
    name: 'Name as the system holds it.',
    name_core: 'Normalised name without its legal form (lower case, accents folded, & as and, no leading "the").',
    name_key: 'name_core without spaces: the exact-name comparison key.',
    legal_form: 'Canonical legal form found at the end of the name (inc, llc, gmbh, ...), if any.',
    name_token_key: 'The distinct tokens (2+ characters) of name_core, sorted and joined by spaces: equal for names with the same words in another order.',
    rare_token_1: 'The name token (2+ characters) rarest across all records: a blocking key.',
    rare_token_2: 'The second-rarest name token.',
    rare_token_count: 'How many records share rare_token_1.',
    domain: 'Registrable company domain from website, domain or e-mail; NULL for free-mail and invalid hosts.',
    phone: 'Last 9 digits of the phone number (extensions cut); NULL when shorter than 7 digits.',
    street: 'Street line as held.',
    street_number: 'First house number in the street line.',
    city: 'City, lower case without accents or punctuation.',
    state: 'US state code (other countries: the region upper-cased).',
    postal_code: 'US: 5-digit ZIP; elsewhere upper case without spaces or punctuation.',
    country: 'ISO 3166-1 alpha-2 country code; NULL when not recognised.',
    modified_at: 'When the record was last modified in its system (UTC).',
    name_key_count: 'Records (all systems) with the same name_key: term frequency for the name comparison.',
    domain_count: 'Records with the same domain.',
    phone_count: 'Records with the same phone.',
  },
  tests: [
    unique('record_no'),
    acceptedValues('system', [...MATCH_SYSTEMS]),
    expression('country_is_iso2', 'country IS NULL OR regexp_full_match(country, \'[A-Z]{2}\')'),
  ],
  query: () => sql.raw(QUERY),
});
