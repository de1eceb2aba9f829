import type { CurrencyCode } from './country-profiles.ts';

/** The seller's NetSuite OneWorld setup: subsidiaries and their base currencies. */
export interface Subsidiary {
  id: number;
  name: string;
  parent: number | null;
  currency: CurrencyCode;
  country: string;
  elimination: boolean;
}

export const SUBSIDIARIES: readonly Subsidiary[] = [
  { id: 1, name: 'Northbeam Inc.', parent: null, currency: 'USD', country: 'US', elimination: false },
  { id: 2, name: 'Northbeam Ltd', parent: 1, currency: 'GBP', country: 'GB', elimination: false },
  { id: 3, name: 'Northbeam GmbH', parent: 1, currency: 'EUR', country: 'DE', elimination: false },
  { id: 4, name: 'Northbeam Elimination', parent: 1, currency: 'USD', country: 'US', elimination: true },
];

export const SUBSIDIARY_CURRENCY: Readonly<Record<number, CurrencyCode>> = Object.fromEntries(SUBSIDIARIES.map((s) => [s.id, s.currency]));

export const CURRENCY_NAMES: Readonly<Record<string, string>> = { USD: 'US Dollar', GBP: 'British pound', CAD: 'Canadian Dollar', EUR: 'Euro' };
