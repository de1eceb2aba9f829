import type { Address, PhoneNumber } from './company-universe.ts';
import type { SeededRandom } from './seeded-random.ts';

/** One system's spelling of an address. */
export interface AddressSpelling {
  street: string;
  line2: string | null;
  city: string;
  state: string | null;
  postalCode: string;
  country: string | null;
}

/** How a system's users write addresses (probabilities). */
export interface AddressNoise {
  /** CRMs hold free-text country names; NetSuite holds the ISO code. */
  countryStyle: 'names' | 'iso';
  /** A coded state/province is written as its code (else as its name). */
  stateCode: number;
  /** ZIP+4 written when the company has one. */
  zip4: number;
  /** "02134" typed (or exported through a spreadsheet) as "2134". */
  dropLeadingZero: number;
  /** Street → St (or back). */
  streetAbbreviation: number;
  upper: number;
  /** The region left empty. */
  missingState: number;
  /** A different street number: the system holds an older or a remit-to address. */
  relocated: number;
}

export const ADDRESS_NOISE = {
  salesforce: { countryStyle: 'names', stateCode: 0.55, zip4: 0.3, dropLeadingZero: 0.15, streetAbbreviation: 0.35, upper: 0.03, missingState: 0.05, relocated: 0.04 },
  hubspot: { countryStyle: 'names', stateCode: 0.4, zip4: 0.15, dropLeadingZero: 0.2, streetAbbreviation: 0.35, upper: 0.02, missingState: 0.12, relocated: 0.05 },
  netsuite: { countryStyle: 'iso', stateCode: 0.92, zip4: 0.6, dropLeadingZero: 0.02, streetAbbreviation: 0.5, upper: 0.1, missingState: 0.02, relocated: 0.04 },
} as const satisfies Record<string, AddressNoise>;

const STREET_WORDS: readonly (readonly [string, string])[] = [
  ['Street', 'St'], ['Avenue', 'Ave'], ['Road', 'Rd'], ['Boulevard', 'Blvd'], ['Drive', 'Dr'], ['Lane', 'Ln'], ['Court', 'Ct'],
  ['Place', 'Pl'], ['Square', 'Sq'], ['Parkway', 'Pkwy'], ['Highway', 'Hwy'], ['Terrace', 'Ter'], ['Suite', 'Ste'],
  ['North', 'N'], ['South', 'S'], ['East', 'E'], ['West', 'W'],
];

export function spellAddress(address: Address, countryNames: readonly (readonly [string, number])[], noise: AddressNoise, rng: SeededRandom): AddressSpelling {
  let street = address.street;
  let line2 = address.line2;
  if (rng.chance(noise.relocated)) street = street.replace(/\d+/, (n) => String(Math.max(1, Number(n) + rng.int(-40, 60))));
  if (rng.chance(noise.streetAbbreviation)) {
    street = swapStreetWords(street, rng.chance(0.75));
    if (line2) line2 = swapStreetWords(line2, true);
  }
  let city = address.city;
  if (rng.chance(noise.upper)) {
    street = street.toUpperCase();
    city = city.toUpperCase();
    line2 = line2?.toUpperCase() ?? null;
  }
  return {
    street,
    line2,
    city,
    state: rng.chance(noise.missingState) ? null : spellState(address, noise, rng),
    postalCode: spellPostalCode(address, noise, rng),
    country: noise.countryStyle === 'iso' ? address.country : rng.weighted(countryNames),
  };
}

const ABBREVIATE = STREET_WORDS.map(([long, short]) => [new RegExp(`\\b${long}\\b`), short] as const);
const EXPAND = STREET_WORDS.map(([long, short]) => [new RegExp(`\\b${short}\\b`), long] as const);

function swapStreetWords(text: string, abbreviate: boolean): string {
  let result = text;
  for (const [pattern, replacement] of abbreviate ? ABBREVIATE : EXPAND) result = result.replace(pattern, replacement);
  return abbreviate ? result.replace(/straße\b/, 'str.').replace(/Straße\b/, 'Str.') : result.replace(/str\.$/, 'straße').replace(/Str\.$/, 'Straße');
}

function spellState(address: Address, noise: AddressNoise, rng: SeededRandom): string | null {
  if (address.region) return rng.chance(noise.stateCode) ? address.region.code : address.region.name;
  if (!address.regionName) return null;
  // County / French region: CRMs often leave it out; when present it is the name.
  return rng.chance(noise.countryStyle === 'iso' ? 0.3 : 0.5) ? address.regionName : null;
}

function spellPostalCode(address: Address, noise: AddressNoise, rng: SeededRandom): string {
  let code = address.postalCode;
  if (address.country === 'US') {
    if (address.zip4 && rng.chance(noise.zip4)) code = `${code}-${address.zip4}`;
    if (code.startsWith('0') && rng.chance(noise.dropLeadingZero)) code = code.replace(/^0+/, '');
  } else if (address.country === 'GB' || address.country === 'CA') {
    if (rng.chance(0.15)) code = code.replace(' ', '');
    if (rng.chance(0.05)) code = code.toLowerCase();
  }
  return code;
}

/** One system's formatting of a phone number. */
export function formatPhone(phone: PhoneNumber, rng: SeededRandom): string {
  const n = phone.national;
  if (phone.countryDial === '1') {
    const [a, b, c] = [n.slice(0, 3), n.slice(3, 6), n.slice(6)];
    return rng.weighted([[`(${a}) ${b}-${c}`, 40], [`${a}-${b}-${c}`, 25], [`+1 ${a} ${b} ${c}`, 15], [`${a}.${b}.${c}`, 10], [n, 5], [`+1 (${a}) ${b}-${c}`, 5]]);
  }
  const international = `+${phone.countryDial} ${groupDigits(n)}`;
  return rng.weighted([[international, 50], [`0${groupDigits(n)}`, 35], [`+${phone.countryDial}${n}`, 10], [`00${phone.countryDial} ${n}`, 5]]);
}

function groupDigits(digits: string): string {
  return digits.replace(/(\d{2,4})(?=(\d{3,4})+$)/g, '$1 ');
}
