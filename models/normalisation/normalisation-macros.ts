import type { DuckDBConnection } from '@duckdb/node-api';
import { lookupKeySql } from './lookup-key.ts';
import { readSeedPatterns, type SeedPatterns } from './seed-patterns.ts';

/**
 * Normalisation macros in schema `ref`. They read the seed tables (see seed-tables.ts), so
 * create those first. Exact lookups are `IN (SELECT …)` or equality subqueries, which DuckDB
 * runs as hash joins. Suffix matches (legal forms, public suffixes) would be nested-loop joins,
 * and a free-mail `IN (SELECT …)` costs a mark join per call, so those lists are read from the
 * seed tables once and baked into the macros: re-create the macros after changing
 * ref.legal_forms, ref.public_suffixes, ref.free_mail_domains or ref.free_mail_allow_list
 * (installNormalisation does both steps).
 */
interface MacroDefinition {
  readonly name: string;
  readonly parameters: string;
  readonly body: string | ((seeds: SeedPatterns) => string);
}

const letterFolds = `replace(replace(replace(replace(replace(lower(s), 'ß', 'ss'), 'æ', 'ae'), 'œ', 'oe'), 'ø', 'o'), 'ł', 'l')`;

const macros: readonly MacroDefinition[] = [
  { name: 'lookup_key', parameters: 's', body: lookupKeySql('s') },
  {
    // lower → fold accents → & to and → drop . ' ’ → other punctuation to one space → drop "the ".
    name: 'norm_name',
    parameters: 's',
    body: `nullif(trim(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
      strip_accents(${letterFolds}), '&', ' and ', 'g'), '[.''’\`]', '', 'g'), '[^\\p{L}\\p{N}]+', ' ', 'g'), '^ ?the ', '')), '')`,
  },
  {
    // The longest listed legal form ending the normalised name after at least one other word.
    name: 'legal_variant',
    parameters: 'n',
    body: (seeds) => `nullif(regexp_extract(n, '^.+? (${seeds.legalVariants})$', 1), '')`,
  },
  { name: 'legal_form', parameters: 's', body: '(SELECT canonical FROM ref.legal_forms WHERE variant = ref.legal_variant(ref.norm_name(s)))' },
  {
    name: 'name_core',
    parameters: 's',
    body: `trim(left(ref.norm_name(s), length(ref.norm_name(s)) - coalesce(length(ref.legal_variant(ref.norm_name(s))), 0)))`,
  },
  { name: 'name_key', parameters: 's', body: `nullif(replace(ref.name_core(s), ' ', ''), '')` },
  {
    // scheme or mailto: → credentials / e-mail local part → cut at path, query, port, '>' or space → www\d*. → trailing dots.
    name: 'host',
    parameters: 's',
    body: `nullif(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(lower(trim(s)),
      '^([a-z][a-z0-9+-]*://|mailto:)', ''), '^[^/?#]*@', ''), '[/?#:>;,\\s].*$', ''), '^www[0-9]*\\.', ''), '\\.+$', ''), '')`,
  },
  {
    name: 'host_if_valid',
    parameters: 'h',
    body: `CASE WHEN regexp_full_match(h, '[\\p{L}\\p{N}-]+(\\.[\\p{L}\\p{N}-]+)+') AND NOT regexp_full_match(h, '[0-9.]+') THEN h END`,
  },
  {
    // The last two labels, or three when the last two are a listed public suffix (leftmost match wins).
    name: 'registrable_host',
    parameters: 'h',
    body: (seeds) => `CASE WHEN NOT regexp_full_match(h, '${seeds.publicSuffixes}')
      THEN nullif(regexp_extract(h, '[^.]+\\.(${seeds.publicSuffixes}|[^.]+)$'), '') END`,
  },
  { name: 'registrable_domain', parameters: 's', body: 'ref.registrable_host(ref.host_if_valid(ref.host(s)))' },
  {
    // The lambda evaluates the (macro-expanded) domain once instead of twice.
    name: 'company_domain_of',
    parameters: 'd',
    body: (seeds) =>
      seeds.blockedDomains.length === 0
        ? 'd'
        : `list_transform([d], lambda x: CASE WHEN x IN (${seeds.blockedDomains.join(', ')}) THEN NULL ELSE x END)[1]`,
  },
  { name: 'company_domain', parameters: 's', body: 'ref.company_domain_of(ref.registrable_domain(s))' },
  {
    // A state name, or a code written with dots or spaces (N.Y.), becomes the code; other text is kept upper-cased.
    name: 'state_code',
    parameters: 's',
    body: `coalesce(
      (SELECT code FROM ref.us_states WHERE name_key = ref.lookup_key(s)),
      CASE WHEN upper(replace(ref.lookup_key(s), ' ', '')) IN (SELECT code FROM ref.us_states)
        THEN upper(replace(ref.lookup_key(s), ' ', '')) END,
      nullif(upper(trim(s)), ''))`,
  },
  { name: 'country_iso2', parameters: 's', body: '(SELECT iso2 FROM ref.countries WHERE alias_key = ref.lookup_key(s))' },
  {
    // 5-digit ZIP or ZIP+4 → first 5 digits; with country 'US', Excel-shortened ZIPs are zero-padded.
    name: 'zip5',
    parameters: 's, country := NULL',
    body: `CASE
      WHEN regexp_full_match(trim(s), '[0-9]{5}([- ]?[0-9]{4})?') THEN left(trim(s), 5)
      WHEN upper(trim(country)) = 'US' AND regexp_full_match(trim(s), '[0-9]{3,4}(-[0-9]{4})?')
        THEN lpad(regexp_extract(trim(s), '^[0-9]+'), 5, '0')
      ELSE nullif(upper(regexp_replace(trim(s), '\\s+', ' ', 'g')), '') END`,
  },
];

/** The names (without schema) of the macros `createNormalisationMacros` creates in `ref`. */
export const normalisationMacroNames: readonly string[] = macros.map((macro) => macro.name);

/** (Re)creates every normalisation macro in schema `ref`. Idempotent. */
export async function createNormalisationMacros(connection: DuckDBConnection): Promise<void> {
  const seeds = await readSeedPatterns(connection);
  for (const macro of macros) {
    const body = typeof macro.body === 'string' ? macro.body : macro.body(seeds);
    try {
      await connection.run(`CREATE OR REPLACE MACRO ref.${macro.name}(${macro.parameters}) AS ${body}`);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(
        `Could not create macro ref.${macro.name}: ${reason}. Create the seed tables (createSeedTables) first.`,
        { cause: error },
      );
    }
  }
}
