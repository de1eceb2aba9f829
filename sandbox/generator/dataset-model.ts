import type { Day } from './calendar.ts';
import type { CurrencyCode } from './country-profiles.ts';
import type { AddressSpelling } from './address-noise.ts';
import type { Product } from './product-catalog.ts';

/** The generator's in-memory picture of one company's records, before they are written out. */

export type CrmSystem = 'salesforce' | 'hubspot';

export interface CrmAccount {
  system: CrmSystem;
  id: string;
  /** A second record of a company the CRM already holds. */
  duplicate: boolean;
  name: string;
  website: string | null;
  /** HubSpot's `domain` property (HubSpot only). */
  domain: string | null;
  address: AddressSpelling;
  phone: string | null;
  ownerId: string;
  createdDay: Day;
  modifiedDay: Day;
  /** ERP_Customer_Id__c / erp_customer_id as an earlier integration left it. */
  erpCustomerRef: string | null;
  /** Salesforce account with blank BillingCountry: updating it fails the org's validation rule. */
  blankCountry: boolean;
  /** Account/lifecycle status: customer, prospect. */
  customer: boolean;
}

export interface DealLine {
  product: Product;
  quantity: number;
  listCents: number;
  unitCents: number;
  totalCents: number;
}

export type DealState = 'won' | 'lost' | 'open';

export interface Deal {
  system: CrmSystem;
  id: string;
  account: CrmAccount;
  name: string;
  state: DealState;
  /** Salesforce StageName or HubSpot dealstage. */
  stage: string;
  probability: number;
  amountCents: number;
  currency: CurrencyCode;
  closeDay: Day;
  createdDay: Day;
  modifiedDay: Day;
  lines: DealLine[];
  ownerId: string;
  newBusiness: boolean;
  leadSource: string | null;
}

export type NsType = 'SalesOrd' | 'CustInvc' | 'CustCred' | 'CustPymt';

export interface NsLine {
  itemId: number | null;
  itemType: string | null;
  quantity: number;
  rateCents: number;
  amountCents: number;
  memo: string | null;
}

export interface NsTransaction {
  id: number;
  type: NsType;
  tranid: string;
  customerId: number;
  subsidiaryId: number;
  day: Day;
  dueDay: Day | null;
  closeDay: Day | null;
  status: string;
  totalCents: number;
  currency: CurrencyCode;
  exchangeRate: number;
  /** Invoices: open and applied amounts (payments and credits). */
  unpaidCents: number | null;
  paidCents: number | null;
  /** Payments and credit memos: applied and unapplied amounts. */
  usedCents: number | null;
  unusedCents: number | null;
  createdFrom: number | null;
  otherRefNum: string | null;
  memo: string | null;
  externalId: string | null;
  crmOpportunityRef: string | null;
  termsId: number | null;
  /** NetSuite employee id of the sales rep (orders, invoices, credits). */
  salesRepId: number | null;
  posting: boolean;
  modifiedDay: Day;
  lines: NsLine[];
}

export type CreditHoldOverride = 'AUTO' | 'ON' | 'OFF';

export interface NsCustomer {
  id: number;
  entityId: string;
  companyName: string;
  email: string | null;
  phone: string | null;
  url: string | null;
  externalId: string | null;
  crmAccountRef: string | null;
  subsidiaryId: number;
  currency: CurrencyCode;
  termsId: number;
  salesRepId: number | null;
  creditLimitCents: number | null;
  balanceCents: number;
  overdueCents: number;
  unbilledCents: number;
  onCreditHold: boolean;
  creditHoldOverride: CreditHoldOverride;
  addressNkey: number;
  address: AddressSpelling;
  isInactive: boolean;
  createdDay: Day;
  modifiedDay: Day;
}

/** NetSuite's standard payment terms: internal id → days until due. */
export const TERMS_DAYS: Readonly<Record<number, number>> = { 1: 30, 2: 30, 3: 0, 4: 15, 5: 30, 6: 45, 7: 60 };
export const TERMS_NAMES: Readonly<Record<number, string>> = {
  1: '1% 10 Net 30', 2: '2% 10 Net 30', 3: 'Due on receipt', 4: 'Net 15', 5: 'Net 30', 6: 'Net 45', 7: 'Net 60',
};
