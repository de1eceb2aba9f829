import type { FieldSpec, ObjectSchema, StorageType } from '../dataset/dataset-schema.ts';

/** Salesforce field types as `describe` reports them. */
export type SfFieldType =
  | 'id' | 'reference' | 'string' | 'textarea' | 'picklist' | 'url' | 'phone' | 'email'
  | 'boolean' | 'int' | 'double' | 'percent' | 'currency' | 'date' | 'datetime';

export interface SfFieldSpec extends FieldSpec {
  type: SfFieldType;
  label: string;
  /** For `reference` fields: the parent object and the relationship name used in SOQL (`Account.Name`). */
  referenceTo?: string;
  relationshipName?: string;
  createable: boolean;
  updateable: boolean;
  nillable: boolean;
  length: number;
  externalId: boolean;
  custom: boolean;
  picklistValues?: string[];
}

export interface SfObjectSchema extends ObjectSchema<SfFieldSpec> {
  keyPrefix: string;
  label: string;
  /** Child relationships for describe and parent-to-child subqueries. */
  childRelationships: { childSObject: string; field: string; relationshipName: string }[];
}

const STORAGE: Record<SfFieldType, StorageType> = {
  id: 'VARCHAR', reference: 'VARCHAR', string: 'VARCHAR', textarea: 'VARCHAR', picklist: 'VARCHAR',
  url: 'VARCHAR', phone: 'VARCHAR', email: 'VARCHAR', boolean: 'BOOLEAN', int: 'INTEGER',
  double: 'DOUBLE', percent: 'DOUBLE', currency: 'DECIMAL(18,2)', date: 'DATE', datetime: 'TIMESTAMP',
};

const SYSTEM_FIELDS = new Set(['Id', 'IsDeleted', 'CreatedDate', 'CreatedById', 'LastModifiedDate', 'LastModifiedById', 'SystemModstamp']);

type FieldOptions = Partial<Omit<SfFieldSpec, 'name' | 'type' | 'storage'>>;

/** A field of a Salesforce object; system fields are read-only, `__c` fields are custom. */
export function sfField(name: string, type: SfFieldType, options: FieldOptions = {}): SfFieldSpec {
  const system = SYSTEM_FIELDS.has(name);
  const custom = name.endsWith('__c');
  return {
    name,
    type,
    storage: STORAGE[type],
    label: options.label ?? name.replace(/__c$/, '').replace(/_/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2'),
    createable: !system,
    updateable: !system,
    nillable: name !== 'Id' && type !== 'boolean',
    length: type === 'id' || type === 'reference' ? 18 : type === 'textarea' ? 32000 : ['string', 'url', 'phone', 'email', 'picklist'].includes(type) ? 255 : 0,
    externalId: false,
    custom,
    required: name === 'Id',
    ...options,
  };
}

function ref(name: string, referenceTo: string, relationshipName: string, options: FieldOptions = {}): SfFieldSpec {
  return sfField(name, 'reference', { referenceTo, relationshipName, ...options });
}

function audit(): SfFieldSpec[] {
  return [
    sfField('IsDeleted', 'boolean'),
    sfField('CreatedDate', 'datetime'),
    ref('CreatedById', 'User', 'CreatedBy'),
    sfField('LastModifiedDate', 'datetime'),
    ref('LastModifiedById', 'User', 'LastModifiedBy'),
    sfField('SystemModstamp', 'datetime'),
  ];
}

export const OPPORTUNITY_STAGES = [
  'Prospecting', 'Qualification', 'Needs Analysis', 'Value Proposition', 'Id. Decision Makers',
  'Perception Analysis', 'Proposal/Price Quote', 'Negotiation/Review', 'Closed Won', 'Closed Lost',
] as const;

/** The fields closeloop writes back (see the design's CRM field contract). Present in the sandbox org. */
export const SF_ACCOUNT_ERP_FIELDS: SfFieldSpec[] = [
  sfField('ERP_Customer_Id__c', 'string', { label: 'ERP Customer Id', length: 40, externalId: true }),
  sfField('ERP_Payment_Status__c', 'picklist', { label: 'ERP Payment Status', picklistValues: ['no_invoices', 'paid', 'open', 'overdue', 'credit_hold'] }),
  sfField('ERP_Open_Balance__c', 'currency', { label: 'ERP Open Balance' }),
  sfField('ERP_Overdue_Balance__c', 'currency', { label: 'ERP Overdue Balance' }),
  sfField('ERP_Oldest_Overdue_Date__c', 'date', { label: 'ERP Oldest Overdue Date' }),
  sfField('ERP_Credit_Hold__c', 'boolean', { label: 'ERP Credit Hold' }),
  sfField('ERP_Health__c', 'picklist', { label: 'ERP Health', picklistValues: ['green', 'yellow', 'red'] }),
  sfField('ERP_Health_Score__c', 'double', { label: 'ERP Health Score' }),
  sfField('ERP_Last_Payment_Date__c', 'date', { label: 'ERP Last Payment Date' }),
];

export const SF_OPPORTUNITY_ERP_FIELDS: SfFieldSpec[] = [
  sfField('ERP_Invoice_Status__c', 'picklist', { label: 'ERP Invoice Status', picklistValues: ['not_invoiced', 'partially_invoiced', 'invoiced', 'paid'] }),
  sfField('ERP_Invoiced_Amount__c', 'currency', { label: 'ERP Invoiced Amount' }),
  sfField('ERP_Order_Number__c', 'string', { label: 'ERP Order Number', length: 40 }),
];

const ACCOUNT: SfObjectSchema = {
  system: 'salesforce', name: 'Account', label: 'Account', file: 'salesforce/Account.ndjson', key: 'Id', keyPrefix: '001',
  childRelationships: [
    { childSObject: 'Opportunity', field: 'AccountId', relationshipName: 'Opportunities' },
    { childSObject: 'Account', field: 'ParentId', relationshipName: 'ChildAccounts' },
  ],
  fields: [
    sfField('Id', 'id'), sfField('Name', 'string', { nillable: false }), sfField('Type', 'picklist'),
    ref('ParentId', 'Account', 'Parent'), ref('MasterRecordId', 'Account', 'MasterRecord', { createable: false, updateable: false }),
    sfField('BillingStreet', 'textarea', { length: 255 }), sfField('BillingCity', 'string'), sfField('BillingState', 'string'),
    sfField('BillingPostalCode', 'string'), sfField('BillingCountry', 'string'),
    sfField('ShippingStreet', 'textarea', { length: 255 }), sfField('ShippingCity', 'string'), sfField('ShippingState', 'string'),
    sfField('ShippingPostalCode', 'string'), sfField('ShippingCountry', 'string'),
    sfField('Phone', 'phone'), sfField('Website', 'url'), sfField('Industry', 'picklist'),
    sfField('AnnualRevenue', 'currency'), sfField('NumberOfEmployees', 'int'), sfField('AccountNumber', 'string'),
    sfField('Description', 'textarea'), ref('OwnerId', 'User', 'Owner', { nillable: false }), sfField('CurrencyIsoCode', 'picklist'),
    ...audit(), sfField('LastActivityDate', 'date', { createable: false, updateable: false }),
    ...SF_ACCOUNT_ERP_FIELDS,
  ],
};

const OPPORTUNITY: SfObjectSchema = {
  system: 'salesforce', name: 'Opportunity', label: 'Opportunity', file: 'salesforce/Opportunity.ndjson', key: 'Id', keyPrefix: '006',
  childRelationships: [{ childSObject: 'OpportunityLineItem', field: 'OpportunityId', relationshipName: 'OpportunityLineItems' }],
  fields: [
    sfField('Id', 'id'), ref('AccountId', 'Account', 'Account'), sfField('Name', 'string', { nillable: false }),
    sfField('Description', 'textarea'),
    sfField('StageName', 'picklist', { nillable: false, picklistValues: [...OPPORTUNITY_STAGES] }),
    sfField('Amount', 'currency'), sfField('Probability', 'percent'), sfField('CloseDate', 'date', { nillable: false }),
    sfField('Type', 'picklist'), sfField('NextStep', 'string'), sfField('LeadSource', 'picklist'),
    sfField('IsClosed', 'boolean', { createable: false, updateable: false }), sfField('IsWon', 'boolean', { createable: false, updateable: false }),
    sfField('ForecastCategory', 'picklist', { createable: false, updateable: false }), sfField('ForecastCategoryName', 'picklist'),
    sfField('CurrencyIsoCode', 'picklist'), sfField('HasOpportunityLineItem', 'boolean', { createable: false, updateable: false }),
    ref('Pricebook2Id', 'Pricebook2', 'Pricebook2'), ref('OwnerId', 'User', 'Owner', { nillable: false }),
    ...audit(), sfField('LastActivityDate', 'date', { createable: false, updateable: false }),
    sfField('FiscalQuarter', 'int', { createable: false, updateable: false }), sfField('FiscalYear', 'int', { createable: false, updateable: false }),
    ...SF_OPPORTUNITY_ERP_FIELDS,
  ],
};

const OPPORTUNITY_LINE_ITEM: SfObjectSchema = {
  system: 'salesforce', name: 'OpportunityLineItem', label: 'Opportunity Product', file: 'salesforce/OpportunityLineItem.ndjson',
  key: 'Id', keyPrefix: '00k', childRelationships: [],
  fields: [
    sfField('Id', 'id'), ref('OpportunityId', 'Opportunity', 'Opportunity', { nillable: false, updateable: false }),
    sfField('SortOrder', 'int'), ref('PricebookEntryId', 'PricebookEntry', 'PricebookEntry'), ref('Product2Id', 'Product2', 'Product2'),
    sfField('ProductCode', 'string'), sfField('Name', 'string', { createable: false, updateable: false }),
    sfField('Quantity', 'double'), sfField('TotalPrice', 'currency'), sfField('UnitPrice', 'currency'), sfField('ListPrice', 'currency'),
    sfField('ServiceDate', 'date'), sfField('Description', 'string'), sfField('Discount', 'percent'), sfField('CurrencyIsoCode', 'picklist'),
    ...audit(),
  ],
};

const USER: SfObjectSchema = {
  system: 'salesforce', name: 'User', label: 'User', file: 'salesforce/User.ndjson', key: 'Id', keyPrefix: '005', childRelationships: [],
  fields: [
    sfField('Id', 'id'), sfField('Username', 'string', { nillable: false }), sfField('FirstName', 'string'), sfField('LastName', 'string'),
    sfField('Name', 'string', { createable: false, updateable: false }), sfField('Email', 'email'), sfField('IsActive', 'boolean'),
    sfField('Title', 'string'), sfField('Department', 'string'), ref('ManagerId', 'User', 'Manager'),
    sfField('CreatedDate', 'datetime'), sfField('LastModifiedDate', 'datetime'), sfField('SystemModstamp', 'datetime'),
  ],
};

export const SALESFORCE_OBJECTS: readonly SfObjectSchema[] = [ACCOUNT, OPPORTUNITY, OPPORTUNITY_LINE_ITEM, USER];
