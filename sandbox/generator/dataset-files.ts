import type { ObjectSchema } from '../dataset/dataset-schema.ts';
import { HUBSPOT_OBJECTS } from '../hubspot/hubspot-objects.ts';
import { NETSUITE_TABLES } from '../netsuite/netsuite-tables.ts';
import { SALESFORCE_OBJECTS } from '../salesforce/salesforce-objects.ts';

/** The dataset's files, named by the system schemas (the dataset contract). */
function fileOf(objects: readonly ObjectSchema[], name: string): string {
  const schema = objects.find((o) => o.name === name);
  if (!schema) throw new Error(`The dataset schema has no object "${name}"`);
  return schema.file;
}

export const FILES = {
  sfAccount: fileOf(SALESFORCE_OBJECTS, 'Account'),
  sfOpportunity: fileOf(SALESFORCE_OBJECTS, 'Opportunity'),
  sfLineItem: fileOf(SALESFORCE_OBJECTS, 'OpportunityLineItem'),
  sfUser: fileOf(SALESFORCE_OBJECTS, 'User'),
  hsCompanies: fileOf(HUBSPOT_OBJECTS, 'companies'),
  hsDeals: fileOf(HUBSPOT_OBJECTS, 'deals'),
  hsLineItems: fileOf(HUBSPOT_OBJECTS, 'line_items'),
  nsCustomer: fileOf(NETSUITE_TABLES, 'customer'),
  nsAddress: fileOf(NETSUITE_TABLES, 'entityaddress'),
  nsTransaction: fileOf(NETSUITE_TABLES, 'transaction'),
  nsLine: fileOf(NETSUITE_TABLES, 'transactionline'),
  nsSubsidiary: fileOf(NETSUITE_TABLES, 'subsidiary'),
  nsCurrency: fileOf(NETSUITE_TABLES, 'currency'),
  nsCurrencyRate: fileOf(NETSUITE_TABLES, 'currencyrate'),
  nsTerm: fileOf(NETSUITE_TABLES, 'term'),
  nsEmployee: fileOf(NETSUITE_TABLES, 'employee'),
  nsDeletedRecord: fileOf(NETSUITE_TABLES, 'deletedrecord'),
} as const;

export const ALL_FILES: readonly string[] = Object.values(FILES);
