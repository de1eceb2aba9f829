import { sql } from 'kysely';
import { acceptedValues } from '../runner/data-tests.ts';
import { defineModel } from '../runner/model-definition.ts';
import { lookupKeySql } from '../normalisation/lookup-key.ts';

export const XREF_STATUSES = ['verified', 'dangling', 'contradicted'] as const;

/**
 * Rules, applied in order to each stored reference from record R to target id T:
 *  1. dangling      T is not a live record of the target system (never existed, deleted, archived),
 *                   or it is an inactive NetSuite customer.
 *  2. verified      T stores a reference back to R (mutual agreement), whatever the names say.
 *  3. contradicted  R's and T's names disagree (see NAMES_AGREE): T belongs to another company.
 *                   When T points back to a different record, the evidence says which.
 *  4. verified      the names agree and nothing contradicts; when T points back to a different record
 *                   whose name also agrees, that is read as a duplicate of R, noted in the evidence.
 * Salesforce ids compare case-sensitively on their first 15 characters (15 and 18 character forms).
 * NetSuite values that look like neither a Salesforce id nor a HubSpot id (e.g. legacy migration keys
 * in externalid) are not cross-references and are left out.
 */
const NAME_KEY = (column: string): string => `regexp_replace(coalesce(${lookupKeySql(column)}, ''), '^the ', '')`;

/** Names agree when close as strings, or when they share their first word (abbreviations, legal forms). */
const NAMES_AGREE = `(from_key <> '' AND to_key <> '' AND (
  jaro_winkler_similarity(from_key, to_key) >= 0.85
  OR split_part(from_key, ' ', 1) = split_part(to_key, ' ', 1)
  OR contains(from_key, to_key) OR contains(to_key, from_key)))`;

const SF_ID = `'^[A-Za-z0-9]{15}([A-Za-z0-9]{3})?$'`;
const HS_ID = `'^[0-9]+$'`;

const QUERY = `
WITH sf AS (SELECT id, left(id, 15) AS id15, name, nullif(trim(erp_customer_id), '') AS erp_ref FROM stg.salesforce_account),
hs AS (SELECT id, name, nullif(trim(erp_customer_id), '') AS erp_ref FROM stg.hubspot_companies),
ns AS (
  SELECT CAST(id AS VARCHAR) AS id, coalesce(company_name, entity_id) AS name,
    coalesce(lower(CAST(is_inactive AS VARCHAR)) IN ('true', 't'), false) AS inactive,
    nullif(trim(external_id), '') AS external_id, nullif(trim(crm_account_id), '') AS crm_account_id
  FROM stg.netsuite_customer
),
ns_fields AS (
  SELECT id, name, 'externalid' AS field, external_id AS value FROM ns WHERE external_id IS NOT NULL
  UNION ALL SELECT id, name, 'custentity_crm_account_id', crm_account_id FROM ns WHERE crm_account_id IS NOT NULL
),
-- One row per stored reference; a value held in both NetSuite fields is one reference.
refs AS (
  SELECT 'salesforce' AS from_system, id AS from_id, any_value(name) AS from_name, 'ERP_Customer_Id__c' AS from_field, 'netsuite' AS to_system, erp_ref AS to_id
    FROM sf WHERE erp_ref IS NOT NULL GROUP BY id, erp_ref
  UNION ALL
  SELECT 'hubspot', id, any_value(name), 'erp_customer_id', 'netsuite', erp_ref FROM hs WHERE erp_ref IS NOT NULL GROUP BY id, erp_ref
  UNION ALL
  SELECT 'netsuite', id, any_value(name), string_agg(field, ', ' ORDER BY field DESC),
    CASE WHEN regexp_full_match(value, ${HS_ID}) THEN 'hubspot' ELSE 'salesforce' END, value
    FROM ns_fields WHERE regexp_full_match(value, ${HS_ID}) OR regexp_full_match(value, ${SF_ID}) GROUP BY id, value
),
-- Every live record a reference can land on, with what it stores about the other system(s).
targets AS (
  SELECT 'netsuite' AS system, id AS match_id, id, name, inactive FROM ns
  UNION ALL SELECT 'salesforce', id15, id, name, false FROM sf
  UNION ALL SELECT 'hubspot', id, id, name, false FROM hs
),
resolved AS (
  SELECT r.*, t.id AS resolved_to_id, t.name AS to_name, coalesce(t.inactive, false) AS inactive,
    ${NAME_KEY('r.from_name')} AS from_key, ${NAME_KEY('t.name')} AS to_key
  FROM refs r LEFT JOIN targets t ON t.system = r.to_system
    AND t.match_id = CASE WHEN r.to_system = 'salesforce' THEN left(r.to_id, 15) ELSE r.to_id END
),
-- The references each target stores back into the referring record's system, resolved to ids.
back AS (
  SELECT r.from_system, r.from_id, r.to_system, r.to_id,
    list_distinct(list(b.resolved_to_id) FILTER (WHERE b.resolved_to_id IS NOT NULL)) AS back_ids
  FROM resolved r JOIN resolved b ON b.from_system = r.to_system AND b.from_id = r.resolved_to_id AND b.to_system = r.from_system
  GROUP BY ALL
),
judged AS (
  SELECT r.*, coalesce(b.back_ids, []) AS back_ids, list_contains(coalesce(b.back_ids, []), r.from_id) AS points_back, ${NAMES_AGREE} AS names_agree
  FROM resolved r LEFT JOIN back b USING (from_system, from_id, to_system, to_id)
)
SELECT from_system, from_id, from_field, to_system, to_id, resolved_to_id,
  CASE
    WHEN resolved_to_id IS NULL OR inactive THEN 'dangling'
    WHEN points_back THEN 'verified'
    WHEN NOT names_agree THEN 'contradicted'
    ELSE 'verified'
  END AS status,
  CASE
    WHEN resolved_to_id IS NULL THEN 'no live ' || to_system || ' record has id ' || to_id || ' (never existed, deleted or archived)'
    WHEN inactive THEN 'netsuite customer ' || resolved_to_id || ' exists but is inactive'
    WHEN points_back THEN to_system || ' record ' || resolved_to_id || ' points back to this record'
    ELSE concat_ws('; ',
      CASE WHEN names_agree THEN 'names agree' ELSE 'names disagree' END || ': ''' || coalesce(from_name, '') || ''' vs ''' || coalesce(to_name, '') || '''',
      CASE WHEN len(back_ids) > 0 THEN to_system || ' record ' || resolved_to_id || ' points back to ' || from_system || ' ' || array_to_string(back_ids, ', ') || ' instead' END)
  END AS evidence
FROM judged`;

export const intExistingXrefs = defineModel({
  name: 'int.existing_xrefs',
  description:
    'One row per cross-reference id already stored in Salesforce, HubSpot or NetSuite, checked against the target system: '
    + 'verified (target live and points back, or names agree and nothing contradicts), dangling (target missing, deleted or inactive), '
    + 'contradicted (target live but its name disagrees: it belongs to another company).',
  key: ['from_system', 'from_id', 'to_system', 'to_id'],
  dependsOn: ['stg.salesforce_account', 'stg.hubspot_companies', 'stg.netsuite_customer'],
  columns: {
    from_system: 'System holding the reference (salesforce, hubspot, netsuite).',
    from_id: 'Id of the record holding the reference.',
    from_field: 'Field(s) holding it (ERP_Customer_Id__c, erp_customer_id, externalid, custentity_crm_account_id).',
    to_system: 'System the reference points into (NetSuite values: digits = hubspot, 15/18 characters = salesforce).',
    to_id: 'The id as stored.',
    resolved_to_id: 'The target\'s id in its staging table (Salesforce: the 18-character id), NULL when not found.',
    status: 'verified, dangling or contradicted (rules in models/intermediate/int-existing-xrefs.ts).',
    evidence: 'Why the status was given.',
  },
  tests: [acceptedValues('status', [...XREF_STATUSES])],
  query: () => sql.raw(QUERY),
});
