import type { FieldSpec, ObjectSchema } from '../dataset/dataset-schema.ts';

export type HsPropertyType = 'string' | 'number' | 'date' | 'datetime' | 'enumeration' | 'bool';
export type HsFieldType = 'text' | 'textarea' | 'date' | 'number' | 'select' | 'radio' | 'checkbox' | 'booleancheckbox' | 'calculation_equation' | 'phonenumber';

/** A HubSpot property definition as the properties API describes it. Every value is stored as text. */
export interface HsPropertySpec extends FieldSpec {
  label: string;
  type: HsPropertyType;
  fieldType: HsFieldType;
  groupName: string;
  hasUniqueValue: boolean;
  /** Set by HubSpot itself (read-only value), e.g. hs_object_id, createdate. */
  readOnlyValue: boolean;
  hubspotDefined: boolean;
  options: { label: string; value: string; displayOrder: number; hidden: boolean }[];
}

export interface HsObjectSchema extends ObjectSchema<HsPropertySpec> {
  /** `0-2` for companies, `0-3` for deals, `0-8` for line items. */
  objectTypeId: string;
  /** Properties returned when a request names none. */
  defaultProperties: string[];
}

type PropertyOptions = Partial<Omit<HsPropertySpec, 'name' | 'storage'>>;

export function hsProperty(name: string, type: HsPropertyType, groupName: string, options: PropertyOptions = {}): HsPropertySpec {
  const fieldType: HsFieldType =
    type === 'number' ? 'number' : type === 'date' || type === 'datetime' ? 'date' : type === 'enumeration' ? 'select' : type === 'bool' ? 'booleancheckbox' : 'text';
  return {
    name, type, groupName, fieldType, storage: 'VARCHAR',
    label: name.replace(/^hs_/, '').replace(/_/g, ' '),
    hasUniqueValue: false, readOnlyValue: false, hubspotDefined: true, options: [],
    ...options,
  };
}

function enumOptions(values: readonly string[]): HsPropertySpec['options'] {
  return values.map((value, i) => ({ label: value, value, displayOrder: i, hidden: false }));
}

function systemProperties(group: string): HsPropertySpec[] {
  return [
    hsProperty('hs_object_id', 'number', group, { readOnlyValue: true, label: 'Record ID' }),
    hsProperty('createdate', 'datetime', group, { readOnlyValue: true, label: 'Create Date' }),
    hsProperty('hs_lastmodifieddate', 'datetime', group, { readOnlyValue: true, label: 'Last Modified Date' }),
  ];
}

export const DEAL_STAGES = [
  'appointmentscheduled', 'qualifiedtobuy', 'presentationscheduled', 'decisionmakerboughtin', 'contractsent', 'closedwon', 'closedlost',
] as const;

const COMPANIES: HsObjectSchema = {
  system: 'hubspot', name: 'companies', file: 'hubspot/companies.ndjson', key: 'id', objectTypeId: '0-2',
  defaultProperties: ['createdate', 'domain', 'hs_lastmodifieddate', 'hs_object_id', 'name'],
  fields: [
    ...systemProperties('companyinformation'),
    ...['name', 'domain', 'website', 'phone', 'address', 'address2', 'city', 'state', 'zip', 'country', 'industry', 'description']
      .map((name) => hsProperty(name, 'string', 'companyinformation')),
    hsProperty('numberofemployees', 'number', 'companyinformation'),
    hsProperty('annualrevenue', 'number', 'companyinformation'),
    hsProperty('hubspot_owner_id', 'enumeration', 'companyinformation', { label: 'Company owner' }),
    hsProperty('lifecyclestage', 'enumeration', 'companyinformation', { options: enumOptions(['lead', 'opportunity', 'customer', 'other']) }),
    // Written by an earlier ERP integration on some companies: the NetSuite customer internal id.
    hsProperty('erp_customer_id', 'string', 'companyinformation', { label: 'ERP Customer Id', hubspotDefined: false }),
  ],
};

const DEALS: HsObjectSchema = {
  system: 'hubspot', name: 'deals', file: 'hubspot/deals.ndjson', key: 'id', objectTypeId: '0-3',
  defaultProperties: ['amount', 'closedate', 'createdate', 'dealname', 'dealstage', 'hs_lastmodifieddate', 'hs_object_id', 'pipeline'],
  fields: [
    ...systemProperties('dealinformation'),
    hsProperty('dealname', 'string', 'dealinformation'),
    hsProperty('amount', 'number', 'dealinformation'),
    hsProperty('closedate', 'datetime', 'dealinformation'),
    hsProperty('dealstage', 'enumeration', 'dealinformation', { options: enumOptions(DEAL_STAGES) }),
    hsProperty('pipeline', 'enumeration', 'dealinformation', { options: enumOptions(['default']) }),
    hsProperty('deal_currency_code', 'enumeration', 'dealinformation', { options: enumOptions(['USD', 'EUR', 'GBP']) }),
    hsProperty('hubspot_owner_id', 'enumeration', 'dealinformation', { label: 'Deal owner' }),
    hsProperty('dealtype', 'enumeration', 'dealinformation', { options: enumOptions(['newbusiness', 'existingbusiness']) }),
    hsProperty('description', 'string', 'dealinformation'),
    hsProperty('hs_is_closed_won', 'bool', 'dealinformation', { readOnlyValue: true }),
    hsProperty('hs_is_closed', 'bool', 'dealinformation', { readOnlyValue: true }),
    hsProperty('amount_in_home_currency', 'number', 'dealinformation', { readOnlyValue: true }),
  ],
};

const LINE_ITEMS: HsObjectSchema = {
  system: 'hubspot', name: 'line_items', file: 'hubspot/line_items.ndjson', key: 'id', objectTypeId: '0-8',
  defaultProperties: ['createdate', 'hs_lastmodifieddate', 'hs_object_id', 'name', 'price', 'quantity'],
  fields: [
    ...systemProperties('lineiteminformation'),
    hsProperty('name', 'string', 'lineiteminformation'),
    hsProperty('quantity', 'number', 'lineiteminformation'),
    hsProperty('price', 'number', 'lineiteminformation'),
    hsProperty('amount', 'number', 'lineiteminformation'),
    hsProperty('hs_product_id', 'string', 'lineiteminformation'),
    hsProperty('hs_sku', 'string', 'lineiteminformation'),
    hsProperty('hs_line_item_currency_code', 'enumeration', 'lineiteminformation', { options: enumOptions(['USD', 'EUR', 'GBP']) }),
    hsProperty('discount', 'number', 'lineiteminformation'),
  ],
};

export const HUBSPOT_OBJECTS: readonly HsObjectSchema[] = [COMPANIES, DEALS, LINE_ITEMS];

/** HUBSPOT_DEFINED association type ids between the objects the sandbox holds. */
export const ASSOCIATION_TYPES = {
  deal_to_company: { from: 'deals', to: 'companies', typeId: 341 },
  deal_to_company_primary: { from: 'deals', to: 'companies', typeId: 5, label: 'Primary' },
  company_to_deal: { from: 'companies', to: 'deals', typeId: 342 },
  company_to_deal_primary: { from: 'companies', to: 'deals', typeId: 6, label: 'Primary' },
  deal_to_line_item: { from: 'deals', to: 'line_items', typeId: 19 },
  line_item_to_deal: { from: 'line_items', to: 'deals', typeId: 20 },
} as const;

/** Stored associations, one row per direction: `hubspot.associations`. */
export const ASSOCIATIONS_DDL = `
CREATE TABLE IF NOT EXISTS hubspot.associations (
  from_type VARCHAR NOT NULL, from_id VARCHAR NOT NULL, to_type VARCHAR NOT NULL, to_id VARCHAR NOT NULL,
  category VARCHAR NOT NULL, type_id INTEGER NOT NULL, label VARCHAR
);`;
