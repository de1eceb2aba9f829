/** Industries, with the value each system's picklist uses for them. */
export interface Industry {
  key: string;
  /** Salesforce Account.Industry picklist value. */
  salesforce: string;
  /** HubSpot company `industry` enumeration value. */
  hubspot: string;
}

const TABLE: readonly (readonly [string, string, string])[] = [
  ['technology', 'Technology', 'COMPUTER_SOFTWARE'],
  ['manufacturing', 'Manufacturing', 'MACHINERY'],
  ['transportation', 'Transportation', 'LOGISTICS_AND_SUPPLY_CHAIN'],
  ['healthcare', 'Healthcare', 'HOSPITAL_HEALTH_CARE'],
  ['finance', 'Finance', 'FINANCIAL_SERVICES'],
  ['energy', 'Energy', 'OIL_ENERGY'],
  ['retail', 'Retail', 'RETAIL'],
  ['consulting', 'Consulting', 'MANAGEMENT_CONSULTING'],
  ['media', 'Media', 'MARKETING_AND_ADVERTISING'],
  ['food', 'Food & Beverage', 'FOOD_BEVERAGES'],
  ['construction', 'Construction', 'CONSTRUCTION'],
  ['biotech', 'Biotechnology', 'BIOTECHNOLOGY'],
  ['telecom', 'Telecommunications', 'TELECOMMUNICATIONS'],
  ['engineering', 'Engineering', 'MECHANICAL_OR_INDUSTRIAL_ENGINEERING'],
  ['electronics', 'Electronics', 'CONSUMER_ELECTRONICS'],
  ['chemicals', 'Chemicals', 'CHEMICALS'],
];

export const INDUSTRIES: Readonly<Record<string, Industry>> = Object.fromEntries(
  TABLE.map(([key, salesforce, hubspot]) => [key, { key, salesforce, hubspot }]),
);

export function industry(key: string): Industry {
  const found = INDUSTRIES[key];
  if (!found) throw new Error(`Unknown industry "${key}"; known: ${Object.keys(INDUSTRIES).join(', ')}`);
  return found;
}
