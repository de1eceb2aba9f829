import type { CurrencyCode } from './country-profiles.ts';
import { salesforceId } from './salesforce-id.ts';

export type ProductKind = 'platform' | 'seat' | 'support' | 'service' | 'addon' | 'adjustment';

/** One sellable item, known to all three systems under their own ids. */
export interface Product {
  code: string;
  name: string;
  kind: ProductKind;
  /** List price per unit, in cents, per currency. */
  prices: Readonly<Record<CurrencyCode, number>>;
  netsuiteItemId: number;
  netsuiteItemType: 'NonInvtPart' | 'Service' | 'Discount';
  hubspotProductId: string;
  salesforceProduct2Id: string;
  salesforcePricebookEntryIds: Readonly<Record<CurrencyCode, string>>;
}

/** The seller: a mid-size B2B software company. */
export const SELLER = {
  name: 'Northbeam',
  emailDomain: 'northbeam.example',
  salesforcePricebookId: salesforceId('01s', 1_000_123),
} as const;

const ROWS: readonly (readonly [string, string, ProductKind, number, 'NonInvtPart' | 'Service' | 'Discount'])[] = [
  ['NB-PLAT-ENT', 'Northbeam Platform Enterprise (annual)', 'platform', 48_000, 'NonInvtPart'],
  ['NB-PLAT-PRO', 'Northbeam Platform Professional (annual)', 'platform', 12_000, 'NonInvtPart'],
  ['NB-PLAT-STD', 'Northbeam Platform Starter (annual)', 'platform', 2_400, 'NonInvtPart'],
  ['NB-SEAT', 'Additional user seat (annual)', 'seat', 360, 'NonInvtPart'],
  ['NB-SUP-PREM', 'Premium Support (annual)', 'support', 9_600, 'Service'],
  ['NB-SUP-STD', 'Standard Support (annual)', 'support', 1_800, 'Service'],
  ['NB-IMPL', 'Implementation Services', 'service', 15_000, 'Service'],
  ['NB-TRAIN', 'Training day', 'service', 1_800, 'Service'],
  ['NB-CONS-HR', 'Consulting hour', 'service', 225, 'Service'],
  ['NB-API', 'API Add-on (annual)', 'addon', 6_000, 'NonInvtPart'],
  ['NB-DATA', 'Data Connector Pack (annual)', 'addon', 4_200, 'NonInvtPart'],
  ['NB-CREDIT', 'Service credit', 'adjustment', 0, 'Discount'],
];

/** Local list prices: rounded conversions, as a price book would hold them. */
function localPrices(usd: number): Record<CurrencyCode, number> {
  return { USD: usd * 100, EUR: Math.round(usd * 0.92) * 100, GBP: Math.round(usd * 0.79) * 100 };
}

export const PRODUCTS: readonly Product[] = ROWS.map(([code, name, kind, usd, itemType], i) => ({
  code,
  name,
  kind,
  prices: localPrices(usd),
  netsuiteItemId: 101 + i * 3,
  netsuiteItemType: itemType,
  hubspotProductId: String(1_804_400_100 + i * 17),
  salesforceProduct2Id: salesforceId('01t', 2_040_000 + i),
  salesforcePricebookEntryIds: {
    USD: salesforceId('01u', 3_050_000 + i * 3),
    EUR: salesforceId('01u', 3_050_001 + i * 3),
    GBP: salesforceId('01u', 3_050_002 + i * 3),
  },
}));

export function product(code: string): Product {
  const found = PRODUCTS.find((p) => p.code === code);
  if (!found) throw new Error(`Unknown product code "${code}"`);
  return found;
}
