import { Faker, base, de, en, en_CA, en_GB, en_US, fr, type LocaleDefinition } from '@faker-js/faker';
import { COUNTRY_CODES, COUNTRY_PROFILES, type CountryCode } from './country-profiles.ts';
import { CA_POSTAL_LETTER, type Region } from './geo-reference.ts';
import { SeededRandom, STREAMS, hashInts, hashString } from './seeded-random.ts';
import { stripAccents } from './text-utils.ts';

/** A city with its region and a postal code in it. */
export interface Place {
  city: string;
  region: Region | null;
  /** County or region name where the country has no coded regions (GB, FR). */
  regionName: string | null;
  postalCode: string;
}

/** Per-country word pools drawn once from faker (seeded), then combined cheaply per company. */
export interface LocalePool {
  surnames: string[];
  /** Nouns and place words companies are named after ("Falcon", "Stokesview"), owned by this country alone. */
  nouns: string[];
  /** Invented brand words ("Verantis"), owned by this country alone. */
  coined: string[];
  firstNames: string[];
  streets: string[];
  places: Place[];
}

export type LocalePools = Record<CountryCode, LocalePool>;

const LOCALES: Record<CountryCode, LocaleDefinition[]> = {
  US: [en_US, en, base], CA: [en_CA, en, base], GB: [en_GB, en, base], DE: [de, en, base], FR: [fr, en, base],
};

const SIZES = { surnameDraws: 6000, firstNames: 400, streets: 1500, places: 1500 };

/**
 * Builds the pools. A surname drawn by several countries (English names in US, CA and GB) is given
 * to one of them, by hash weighted by country size, so company names of different countries never
 * coincide.
 */
export function buildLocalePools(seed: number): LocalePools {
  const drawn = new Map<string, DrawnWord>();
  const pools = {} as LocalePools;
  COUNTRY_CODES.forEach((code, countryIndex) => {
    const faker = new Faker({ locale: LOCALES[code] });
    faker.seed(hashInts(seed, STREAMS.pools, countryIndex));
    const rng = new SeededRandom(seed, STREAMS.pools, countryIndex);
    drawSurnames(faker, code, drawn);
    const places = Array.from({ length: SIZES.places }, () => makePlace(code, faker, rng));
    for (const place of places) {
      if (/^\p{L}{5,}$/u.test(place.city)) remember(drawn, place.city, code, false);
    }
    pools[code] = {
      surnames: [],
      nouns: [],
      coined: coinedBrands(countryIndex),
      firstNames: distinct(() => faker.person.firstName(), SIZES.firstNames, SIZES.firstNames * 4),
      streets: distinct(() => faker.location.street(), SIZES.streets, SIZES.streets * 4),
      places,
    };
  });
  for (const [key, { name, countries, surname }] of drawn) {
    const owner = ownerCountry(key, countries, seed);
    if (COUNTRY_PROFILES[owner].genericTokens.some((token) => token.toLowerCase() === name.toLowerCase())) continue;
    (surname ? pools[owner].surnames : pools[owner].nouns).push(name);
  }
  for (const noun of BRAND_NOUNS) {
    if (drawn.has(noun.toLowerCase())) continue;
    const owner = ownerCountry(noun.toLowerCase(), ['US', 'CA', 'GB'], seed);
    pools[owner].nouns.push(noun);
  }
  return pools;
}

/** Nouns companies like to be named after; shared out among the English-speaking countries. */
const BRAND_NOUNS = (
  'Falcon Harbor Beacon Cedar Granite Ironwood Lighthouse Meridian Northstar Oakridge Pioneer Quarry Redwood Sequoia ' +
  'Silverline Stonebridge Trident Vanguard Willow Aspen Bluewater Cobalt Compass Crescent Everest Foxglove Harvest Horizon ' +
  'Juniper Kestrel Lakeshore Magnolia Nimbus Orchard Pinecrest Raven Sable Tidewater Upland Vista Zephyr Anchor Arrow ' +
  'Atlas Bridgewater Canyon Delta Echo Ember Forge Glacier Helix Keel Lynx Mosaic Nova Orbit Prism Quantum Ridgeline ' +
  'Sentinel Talon Unity Vertex Wavecrest Birch Copper Driftwood Eagle Fjord Grove Hawthorn Ivy Jasper Lantern Mariner'
).split(' ');

const ONSETS = ['Ver', 'Zen', 'Nov', 'Lum', 'Kor', 'Ax', 'Tri', 'Quan', 'Vel', 'Sol', 'Mar', 'Cor', 'Dyn', 'Hel', 'Oct', 'Pol', 'Syn', 'Tel', 'Vin', 'Ori',
  'Cal', 'Ner', 'Sen', 'Tar', 'Val', 'Xen', 'Ald', 'Bel', 'Cyr', 'Ev', 'Ark', 'Bry', 'Cen', 'Dor', 'Fal', 'Gal', 'Jor', 'Kal', 'Lor', 'Mir', 'Nex', 'Pra', 'Rho', 'Sty', 'Zor'];
const MIDDLES = ['', 'a', 'e', 'i', 'o', 'ar', 'en', 'is', 'or', 'an', 'el', 'ix', 'on', 'u'];
const ENDINGS = ['tis', 'ra', 'nix', 'va', 'lis', 'tek', 'ion', 'ora', 'ent', 'ex', 'um', 'ia', 'yx', 'ar', 'o', 'ic', 'sys', 'gen', 'ity', 'ova', 'ane', 'us', 'era', 'ium'];

/** Invented brand words; each country gets every fifth combination, so no two countries share one. */
function coinedBrands(countryIndex: number): string[] {
  const result: string[] = [];
  const total = ONSETS.length * MIDDLES.length * ENDINGS.length;
  for (let i = countryIndex; i < total; i += COUNTRY_CODES.length) {
    const onset = ONSETS[i % ONSETS.length]!;
    const middle = MIDDLES[Math.floor(i / ONSETS.length) % MIDDLES.length]!;
    const ending = ENDINGS[Math.floor(i / (ONSETS.length * MIDDLES.length))]!;
    result.push(onset + middle + ending);
  }
  return result;
}

interface DrawnWord {
  name: string;
  countries: CountryCode[];
  surname: boolean;
}

function drawSurnames(faker: Faker, code: CountryCode, drawn: Map<string, DrawnWord>): void {
  for (let i = 0; i < SIZES.surnameDraws; i++) {
    const name = faker.person.lastName();
    // One word (double-barrelled allowed): surnames are building blocks of company names.
    if (/^[\p{L}'’]+(-[\p{L}'’]+)?$/u.test(name) && name.length >= 3) remember(drawn, name, code, true);
  }
}

function remember(drawn: Map<string, DrawnWord>, name: string, code: CountryCode, surname: boolean): void {
  const key = stripAccents(name).toLowerCase();
  const entry = drawn.get(key);
  if (!entry) drawn.set(key, { name, countries: [code], surname });
  else if (!entry.countries.includes(code)) entry.countries.push(code);
}

function ownerCountry(key: string, countries: CountryCode[], seed: number): CountryCode {
  if (countries.length === 1) return countries[0]!;
  const rng = new SeededRandom(seed, STREAMS.pools, hashString(key));
  return rng.weighted(countries.map((c) => [c, COUNTRY_PROFILES[c].weight] as const));
}

function distinct(draw: () => string, size: number, attempts: number): string[] {
  const found = new Set<string>();
  for (let i = 0; i < attempts && found.size < size; i++) found.add(draw());
  return [...found];
}

function makePlace(code: CountryCode, faker: Faker, rng: SeededRandom): Place {
  const profile = COUNTRY_PROFILES[code];
  const region = profile.regions ? rng.weighted(profile.regions.map((r) => [r, r.weight] as const)) : null;
  const city = faker.location.city();
  switch (code) {
    case 'US':
      return { city, region, regionName: null, postalCode: usZip(faker, region!.code) };
    case 'CA':
      return { city, region, regionName: null, postalCode: canadianPostalCode(rng, region!.code) };
    case 'GB':
      return { city, region: null, regionName: faker.location.county(), postalCode: faker.location.zipCode() };
    case 'DE':
      return { city, region, regionName: null, postalCode: faker.location.zipCode('#####') };
    case 'FR':
      return { city, region: null, regionName: faker.location.state(), postalCode: faker.location.zipCode('#####') };
  }
}

function usZip(faker: Faker, state: string): string {
  try {
    return faker.location.zipCode({ state }).slice(0, 5);
  } catch {
    return faker.location.zipCode('#####');
  }
}

function canadianPostalCode(rng: SeededRandom, province: string): string {
  const letters = 'ABCEGHJKLMNPRSTVXY';
  const first = rng.pick([...(CA_POSTAL_LETTER[province] ?? 'K')]);
  return `${first}${rng.int(0, 9)}${rng.pick([...letters])} ${rng.int(0, 9)}${rng.pick([...letters])}${rng.int(0, 9)}`;
}
