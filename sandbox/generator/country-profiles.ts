import { CA_PROVINCES, DE_STATES, US_STATES, type Region } from './geo-reference.ts';

export type CountryCode = 'US' | 'CA' | 'GB' | 'DE' | 'FR';
export type CurrencyCode = 'USD' | 'EUR' | 'GBP';

export interface LegalForm {
  /** How the company's registered name spells it. */
  canonical: string;
  /** Spellings seen in the systems (the canonical one included). */
  variants: readonly string[];
  weight: number;
}

/** A word that makes a company name, and the industry it suggests. */
export interface BusinessWord {
  word: string;
  industry: string;
}

/** Everything country-specific about a generated company. */
export interface CountryProfile {
  code: CountryCode;
  weight: number;
  currency: CurrencyCode;
  /** NetSuite subsidiary that bills customers of this country. */
  subsidiaryId: number;
  fakerLocale: 'en_US' | 'en_CA' | 'en_GB' | 'de' | 'fr';
  /** How CRMs spell the country (weighted); NetSuite always stores the ISO code. */
  countryNames: readonly (readonly [string, number])[];
  /** States/provinces with codes, or null where addresses carry a county/region name only. */
  regions: readonly Region[] | null;
  legalForms: readonly LegalForm[];
  /** Weight of registering without a legal form in the name. */
  noLegalFormWeight: number;
  tlds: readonly (readonly [string, number])[];
  /** Shared, generic first words ("Global", "Nord") that make distinct companies look alike. */
  genericTokens: readonly string[];
  businessWords: readonly BusinessWord[];
  /** Trailing words: "Group", "Partners". */
  groupWords: readonly string[];
  /** "&" in "Kessler & Hahn", and the word systems spell it out as. */
  ampersandWord: string;
  /** Street number before ("12 High Street") or after ("Hauptstraße 12") the street name. */
  streetNumberFirst: boolean;
}

function words(industryKey: string, list: string): BusinessWord[] {
  return list.split(',').map((word) => ({ word: word.trim(), industry: industryKey }));
}

const ENGLISH_WORDS: readonly BusinessWord[] = [
  ...words('technology', 'Software, Technologies, Systems, Digital, Data, Analytics, Networks, Cloud, Labs, Computing, Robotics, Dynamics'),
  ...words('manufacturing', 'Manufacturing, Industries, Fabrication, Tooling, Plastics, Metals, Components, Machinery'),
  ...words('transportation', 'Logistics, Freight, Transport, Shipping, Express'),
  ...words('healthcare', 'Health, Medical, Care, Diagnostics'),
  ...words('finance', 'Capital, Financial, Advisors, Insurance'),
  ...words('energy', 'Energy, Power, Solar, Utilities'),
  ...words('retail', 'Retail, Supply, Outfitters, Trading'),
  ...words('consulting', 'Consulting, Advisory, Strategies, Management'),
  ...words('media', 'Media, Marketing, Studios, Communications'),
  ...words('food', 'Foods, Brewing, Farms, Kitchens'),
  ...words('construction', 'Construction, Builders, Homes, Contractors'),
  ...words('biotech', 'Biotech, Pharmaceuticals, Biosciences, Therapeutics'),
  ...words('telecom', 'Telecom, Wireless'),
  ...words('engineering', 'Engineering, Designs'),
  ...words('electronics', 'Electronics, Devices, Instruments'),
  ...words('chemicals', 'Chemicals, Materials, Coatings'),
];

const GERMAN_WORDS: readonly BusinessWord[] = [
  ...words('technology', 'Software, Technik, Systeme, Digital, Datentechnik, Automation'),
  ...words('manufacturing', 'Maschinenbau, Metallbau, Kunststofftechnik, Anlagenbau, Feinmechanik, Gerätebau'),
  ...words('transportation', 'Logistik, Spedition, Transporte'),
  ...words('healthcare', 'Medizintechnik, Pflege'),
  ...words('finance', 'Finanz, Versicherungen'),
  ...words('energy', 'Energie, Solartechnik'),
  ...words('retail', 'Handel, Vertrieb'),
  ...words('consulting', 'Beratung, Consulting, Planung'),
  ...words('media', 'Medien, Werbung, Kommunikation'),
  ...words('food', 'Lebensmittel, Brauerei'),
  ...words('construction', 'Bau, Bauunternehmung, Immobilien'),
  ...words('biotech', 'Pharma, Biotech'),
  ...words('electronics', 'Elektronik, Elektrotechnik'),
  ...words('chemicals', 'Chemie, Werkstoffe'),
];

const FRENCH_WORDS: readonly BusinessWord[] = [
  ...words('technology', 'Logiciels, Technologies, Systèmes, Numérique, Informatique, Automatisme'),
  ...words('manufacturing', 'Industries, Mécanique, Plasturgie, Métallurgie'),
  ...words('transportation', 'Logistique, Transports, Fret'),
  ...words('healthcare', 'Santé, Médical'),
  ...words('finance', 'Finance, Assurances, Gestion'),
  ...words('energy', 'Énergie, Solaire'),
  ...words('retail', 'Distribution, Commerce, Négoce'),
  ...words('consulting', 'Conseil, Stratégie, Études'),
  ...words('media', 'Médias, Communication, Éditions'),
  ...words('food', 'Alimentation, Brasserie, Vignobles'),
  ...words('construction', 'Construction, Bâtiment, Immobilier'),
  ...words('biotech', 'Pharma, Biotech'),
  ...words('engineering', 'Ingénierie'),
  ...words('electronics', 'Électronique'),
  ...words('chemicals', 'Chimie, Matériaux'),
];

const ENGLISH_GROUP_WORDS = ['Group', 'Partners', 'Holdings', 'Solutions', 'Services', 'International', 'Worldwide', 'Associates', 'Enterprises', 'Ventures'];

function forms(entries: readonly (readonly [string, number, readonly string[]])[]): LegalForm[] {
  return entries.map(([canonical, weight, variants]) => ({ canonical, weight, variants: [canonical, ...variants] }));
}

export const COUNTRY_PROFILES: Readonly<Record<CountryCode, CountryProfile>> = {
  US: {
    code: 'US', weight: 50, currency: 'USD', subsidiaryId: 1, fakerLocale: 'en_US',
    countryNames: [['United States', 40], ['USA', 25], ['US', 20], ['United States of America', 8], ['U.S.', 4], ['U.S.A.', 3]],
    regions: US_STATES,
    legalForms: forms([['Inc.', 40, ['Inc', 'Incorporated', 'INC']], ['LLC', 25, ['L.L.C.', 'Llc']], ['Corp.', 12, ['Corp', 'Corporation']], ['Co.', 5, ['Co', 'Company']]]),
    noLegalFormWeight: 18,
    tlds: [['com', 82], ['io', 6], ['net', 6], ['co', 4], ['us', 2]],
    genericTokens: ['Global', 'United', 'American', 'National', 'Pacific', 'Atlantic', 'Summit', 'Pinnacle', 'Premier', 'Apex', 'Advanced', 'Allied',
      'Integrated', 'Frontier', 'Liberty', 'Keystone', 'Heritage', 'Evergreen', 'Coastal', 'Midwest', 'Great Lakes', 'Blue Ridge', 'Golden State'],
    businessWords: ENGLISH_WORDS, groupWords: ENGLISH_GROUP_WORDS, ampersandWord: 'and', streetNumberFirst: true,
  },
  CA: {
    code: 'CA', weight: 5, currency: 'USD', subsidiaryId: 1, fakerLocale: 'en_CA',
    countryNames: [['Canada', 80], ['CA', 15], ['CAN', 5]],
    regions: CA_PROVINCES,
    legalForms: forms([['Inc.', 45, ['Inc', 'Incorporated']], ['Ltd.', 35, ['Ltd', 'Limited']], ['Corp.', 10, ['Corp', 'Corporation']]]),
    noLegalFormWeight: 10,
    tlds: [['ca', 60], ['com', 40]],
    genericTokens: ['Northern', 'Maple', 'Canadian', 'Dominion', 'True North', 'Laurentian', 'Polar', 'Prairie', 'Boreal'],
    businessWords: ENGLISH_WORDS, groupWords: ENGLISH_GROUP_WORDS, ampersandWord: 'and', streetNumberFirst: true,
  },
  GB: {
    code: 'GB', weight: 18, currency: 'GBP', subsidiaryId: 2, fakerLocale: 'en_GB',
    countryNames: [['United Kingdom', 45], ['UK', 25], ['GB', 12], ['Great Britain', 8], ['England', 7], ['U.K.', 3]],
    regions: null,
    legalForms: forms([['Ltd', 60, ['Ltd.', 'Limited', 'LTD']], ['PLC', 8, ['plc', 'P.L.C.']], ['LLP', 7, ['L.L.P.']]]),
    noLegalFormWeight: 25,
    tlds: [['co.uk', 65], ['com', 25], ['uk', 5], ['io', 5]],
    genericTokens: ['British', 'Albion', 'Britannia', 'Thames', 'Crown', 'Royal', 'Sterling', 'Highland', 'Pennine', 'Cambrian', 'Mercia', 'Wessex', 'Anglia'],
    businessWords: ENGLISH_WORDS, groupWords: ENGLISH_GROUP_WORDS, ampersandWord: 'and', streetNumberFirst: true,
  },
  DE: {
    code: 'DE', weight: 17, currency: 'EUR', subsidiaryId: 3, fakerLocale: 'de',
    countryNames: [['Germany', 60], ['Deutschland', 20], ['DE', 15], ['DEU', 5]],
    regions: DE_STATES,
    legalForms: forms([['GmbH', 65, ['G.m.b.H.', 'Gmbh', 'GMBH']], ['AG', 10, ['Aktiengesellschaft']], ['GmbH & Co. KG', 10, ['GmbH & Co KG', 'GmbH u. Co. KG']], ['KG', 5, []]]),
    noLegalFormWeight: 10,
    tlds: [['de', 80], ['com', 15], ['eu', 5]],
    genericTokens: ['Deutsche', 'Nord', 'Süd', 'Rhein', 'Alpen', 'Hanse', 'Ruhr', 'Elbe', 'Euro', 'Bavaria', 'Weser', 'Spree'],
    businessWords: GERMAN_WORDS, groupWords: ['Gruppe', 'Partner', 'Holding', 'Service', 'International', 'Solutions', 'Werke'],
    ampersandWord: 'und', streetNumberFirst: false,
  },
  FR: {
    code: 'FR', weight: 10, currency: 'EUR', subsidiaryId: 3, fakerLocale: 'fr',
    countryNames: [['France', 85], ['FR', 12], ['FRA', 3]],
    regions: null,
    legalForms: forms([['SAS', 45, ['S.A.S.', 'S.A.S']], ['SARL', 30, ['S.A.R.L.', 'Sàrl', 'S.à r.l.']], ['SA', 15, ['S.A.']]]),
    noLegalFormWeight: 10,
    tlds: [['fr', 75], ['com', 20], ['eu', 5]],
    genericTokens: ['Alpes', 'Atlantique', 'Provence', 'Seine', 'Loire', 'Rhône', 'Normandie', 'Méditerranée', 'Lumière', 'Hexagone', 'Azur'],
    businessWords: FRENCH_WORDS, groupWords: ['Services', 'Solutions', 'International', 'Partenaires', 'Associés', 'Développement', 'France'],
    ampersandWord: 'et', streetNumberFirst: true,
  },
};

export const COUNTRY_CODES: readonly CountryCode[] = ['US', 'CA', 'GB', 'DE', 'FR'];

export function countryWeights(): (readonly [CountryCode, number])[] {
  return COUNTRY_CODES.map((code) => [code, COUNTRY_PROFILES[code].weight] as const);
}
