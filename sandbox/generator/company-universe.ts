import { COUNTRY_CODES, COUNTRY_PROFILES, countryWeights, type CountryCode, type CountryProfile, type CurrencyCode, type LegalForm } from './country-profiles.ts';
import { CompanyNameSpace } from './company-names.ts';
import type { Region } from './geo-reference.ts';
import { industry, type Industry } from './industries.ts';
import type { LocalePools, Place } from './locale-pools.ts';
import { SeededRandom, STREAMS, hashInts } from './seeded-random.ts';
import { pad, slug } from './text-utils.ts';

export type Segment = 'enterprise' | 'smb';

/**
 * Where the company shows up. `crm_and_erp`: a customer in a CRM and NetSuite; `prospect`: CRM only,
 * never won; `won_not_set_up`: CRM only although a deal was won (unmatched_customer leakage);
 * `erp_only`: a legacy or direct NetSuite customer no CRM knows.
 */
export type Presence = 'crm_and_erp' | 'prospect' | 'won_not_set_up' | 'erp_only';

export interface Address {
  street: string;
  line2: string | null;
  city: string;
  region: Region | null;
  regionName: string | null;
  postalCode: string;
  /** ZIP+4 extension (US), when known. */
  zip4: string | null;
  country: CountryCode;
}

export interface PhoneNumber {
  countryDial: string;
  /** National significant number, digits only. */
  national: string;
}

/** One real company: the canonical facts every system's record of it is a noisy copy of. */
export interface Company {
  index: number;
  key: string;
  profile: CountryProfile;
  core: string;
  legalForm: LegalForm | null;
  /** Registered name: core plus canonical legal form. */
  name: string;
  leadToken: number;
  domain: string;
  address: Address;
  phone: PhoneNumber;
  industry: Industry;
  employees: number;
  annualRevenue: number;
  currency: CurrencyCode;
  segment: Segment;
  presence: Presence;
  inSalesforce: boolean;
  inHubspot: boolean;
  inNetsuite: boolean;
}

const PRESENCE: readonly (readonly [Presence, number])[] = [
  ['crm_and_erp', 75], ['prospect', 10], ['won_not_set_up', 3.5], ['erp_only', 11.5],
];

/** Generates the companies one after the other (names are handed out per country in order). */
export class CompanyUniverse {
  private readonly seed: number;
  private readonly pools: LocalePools;
  private readonly nameSpaces: Record<CountryCode, CompanyNameSpace>;
  private readonly ordinals: Record<CountryCode, number>;
  private readonly keyWidth: number;
  private readonly totalWeight: number;
  private nextIndex = 0;

  constructor(seed: number, companies: number, pools: LocalePools) {
    this.seed = seed;
    this.pools = pools;
    this.keyWidth = Math.max(5, String(companies).length);
    this.totalWeight = COUNTRY_CODES.reduce((sum, code) => sum + COUNTRY_PROFILES[code].weight, 0);
    this.nameSpaces = {} as Record<CountryCode, CompanyNameSpace>;
    this.ordinals = {} as Record<CountryCode, number>;
    COUNTRY_CODES.forEach((code, i) => {
      const expected = Math.ceil((companies * COUNTRY_PROFILES[code].weight) / this.totalWeight) + 20;
      this.nameSpaces[code] = new CompanyNameSpace(COUNTRY_PROFILES[code], pools[code], expected, hashInts(seed, STREAMS.names, i));
      this.ordinals[code] = 0;
    });
  }

  next(): Company {
    const index = this.nextIndex++;
    const rng = new SeededRandom(this.seed, STREAMS.company, index);
    const country = rng.weighted(countryWeights());
    const profile = COUNTRY_PROFILES[country];
    const named = this.nameSpaces[country].nameAt(this.ordinals[country]++);
    const legalForm = pickLegalForm(profile, rng);
    const segment: Segment = rng.chance(0.38) ? 'enterprise' : 'smb';
    const presence = rng.weighted(PRESENCE);
    const inCrm = presence !== 'erp_only';
    const both = inCrm && rng.chance(0.05);
    const employees = segment === 'enterprise' ? Math.round(Math.exp(rng.between(Math.log(400), Math.log(60_000)))) : rng.int(4, 450);
    return {
      index,
      key: `C${pad(index + 1, this.keyWidth)}`,
      profile,
      core: named.core,
      legalForm,
      name: legalForm ? `${named.core} ${legalForm.canonical}` : named.core,
      leadToken: named.leadToken,
      domain: makeDomain(named.core, profile, rng),
      address: this.makeAddress(profile, named.leadToken, rng),
      phone: makePhone(country, rng),
      industry: industry(named.industry),
      employees,
      annualRevenue: Math.round((employees * rng.between(80_000, 260_000)) / 1000) * 1000,
      currency: profile.currency,
      segment,
      presence,
      inSalesforce: inCrm && (both || segment === 'enterprise'),
      inHubspot: inCrm && (both || segment === 'smb'),
      inNetsuite: presence === 'crm_and_erp' || presence === 'erp_only',
    };
  }

  private makeAddress(profile: CountryProfile, leadToken: number, rng: SeededRandom): Address {
    const pool = this.pools[profile.code];
    // Siblings (same lead word) often sit in the same city; otherwise big cities are hotter than small ones.
    const placeIndex = rng.chance(0.5)
      ? hashInts(this.seed, leadToken, 31) % pool.places.length
      : Math.floor(pool.places.length * rng.float() ** 2);
    const place: Place = pool.places[placeIndex]!;
    const street = rng.pick(pool.streets);
    return {
      street: streetLine(profile.code, street, rng),
      line2: secondLine(profile.code, rng),
      city: place.city,
      region: place.region,
      regionName: place.regionName,
      postalCode: place.postalCode,
      zip4: profile.code === 'US' && rng.chance(0.4) ? pad(rng.int(1, 9999), 4) : null,
      country: profile.code,
    };
  }
}

function pickLegalForm(profile: CountryProfile, rng: SeededRandom): LegalForm | null {
  const options: (readonly [LegalForm | null, number])[] = profile.legalForms.map((form) => [form, form.weight] as const);
  options.push([null, profile.noLegalFormWeight]);
  return rng.weighted(options);
}

function makeDomain(core: string, profile: CountryProfile, rng: SeededRandom): string {
  const words = core.split(/[\s-]+/).filter((w) => w !== '&').map(slug).filter((w) => w.length > 0);
  const joined = words.join(rng.chance(0.3) ? '-' : '');
  return `${joined}.${rng.weighted(profile.tlds)}`;
}

function streetLine(country: CountryCode, street: string, rng: SeededRandom): string {
  switch (country) {
    case 'US':
    case 'CA':
      return `${rng.int(1, 9899)} ${street}`;
    case 'GB':
      return `${rng.int(1, 240)} ${street}`;
    case 'DE':
      return `${street} ${rng.int(1, 180)}${rng.chance(0.08) ? 'a' : ''}`;
    case 'FR':
      return `${rng.int(1, 160)}${rng.chance(0.05) ? ' bis' : ''} ${street}`;
  }
}

function secondLine(country: CountryCode, rng: SeededRandom): string | null {
  if (country === 'US' || country === 'CA') return rng.chance(0.35) ? (rng.chance(0.7) ? `Suite ${rng.int(1, 30) * 100 + rng.int(0, 20)}` : `Floor ${rng.int(2, 40)}`) : null;
  if (country === 'GB') return rng.chance(0.15) ? (rng.chance(0.5) ? `Unit ${rng.int(1, 40)}` : `Floor ${rng.int(1, 12)}`) : null;
  if (country === 'FR') return rng.chance(0.1) ? `Bâtiment ${rng.pick(['A', 'B', 'C', 'D'])}` : null;
  return null;
}

function makePhone(country: CountryCode, rng: SeededRandom): PhoneNumber {
  switch (country) {
    case 'US':
    case 'CA':
      return { countryDial: '1', national: `${rng.int(201, 989)}${rng.int(200, 999)}${pad(rng.int(0, 9999), 4)}` };
    case 'GB':
      return { countryDial: '44', national: `${rng.pick(['20', '161', '121', '113', '131', '117'])}${pad(rng.int(0, 9_999_999), 7)}` };
    case 'DE':
      return { countryDial: '49', national: `${rng.pick(['30', '40', '89', '69', '221', '711', '211'])}${pad(rng.int(0, 99_999_999), 8)}` };
    case 'FR':
      return { countryDial: '33', national: `${rng.int(1, 5)}${pad(rng.int(0, 99_999_999), 8)}` };
  }
}
