import type { FieldSpec, ObjectSchema, StorageType } from '../dataset/dataset-schema.ts';

/** SuiteQL column kinds; they decide storage and how a value is rendered in a SuiteQL item. */
export type NsColumnType = 'id' | 'select' | 'text' | 'integer' | 'currency' | 'float' | 'date' | 'datetime' | 'boolean';

export interface NsColumnSpec extends FieldSpec {
  type: NsColumnType;
  /** For `select` columns: the table whose row the value points at (BUILTIN.DF shows its display name). */
  references?: string;
}

export interface NsTableSchema extends ObjectSchema<NsColumnSpec> {
  /** Column that BUILTIN.DF of a reference to this table displays. */
  displayColumn: string;
  /** Record-API type name (`customer`, `invoice`, …); absent for tables with no record API. */
  recordType?: string;
}

const STORAGE: Record<NsColumnType, StorageType> = {
  id: 'BIGINT', select: 'BIGINT', text: 'VARCHAR', integer: 'BIGINT', currency: 'DECIMAL(18,2)', float: 'DOUBLE',
  date: 'DATE', datetime: 'TIMESTAMP', boolean: 'BOOLEAN',
};

export function nsColumn(name: string, type: NsColumnType, references?: string): NsColumnSpec {
  return { name, type, storage: STORAGE[type], required: type === 'id', ...(references ? { references } : {}) };
}

const CUSTOMER: NsTableSchema = {
  system: 'netsuite', name: 'customer', file: 'netsuite/customer.ndjson', key: 'id', displayColumn: 'entityid', recordType: 'customer',
  fields: [
    nsColumn('id', 'id'), nsColumn('entityid', 'text'), nsColumn('companyname', 'text'), nsColumn('email', 'text'), nsColumn('phone', 'text'), nsColumn('url', 'text'),
    nsColumn('externalid', 'text'), nsColumn('custentity_crm_account_id', 'text'),
    nsColumn('subsidiary', 'select', 'subsidiary'), nsColumn('currency', 'select', 'currency'), nsColumn('terms', 'select', 'term'),
    nsColumn('creditlimit', 'currency'), nsColumn('balancesearch', 'currency'), nsColumn('overduebalancesearch', 'currency'),
    nsColumn('unbilledorderssearch', 'currency'), nsColumn('oncredithold', 'boolean'), nsColumn('creditholdoverride', 'text'),
    nsColumn('salesrep', 'select', 'employee'), nsColumn('defaultbillingaddress', 'select', 'entityaddress'), nsColumn('isperson', 'boolean'),
    nsColumn('parent', 'select', 'customer'), nsColumn('isinactive', 'boolean'), nsColumn('datecreated', 'datetime'), nsColumn('lastmodifieddate', 'datetime'),
  ],
};

const ENTITY_ADDRESS: NsTableSchema = {
  system: 'netsuite', name: 'entityaddress', file: 'netsuite/entityaddress.ndjson', key: 'nkey', displayColumn: 'addrtext',
  fields: [
    nsColumn('nkey', 'id'), nsColumn('addressee', 'text'), nsColumn('attention', 'text'), nsColumn('addr1', 'text'), nsColumn('addr2', 'text'), nsColumn('addr3', 'text'),
    nsColumn('city', 'text'), nsColumn('state', 'text'), nsColumn('zip', 'text'), nsColumn('country', 'text'), nsColumn('addrphone', 'text'), nsColumn('addrtext', 'text'),
    nsColumn('lastmodifieddate', 'datetime'),
  ],
};

const TRANSACTION: NsTableSchema = {
  system: 'netsuite', name: 'transaction', file: 'netsuite/transaction.ndjson', key: 'id', displayColumn: 'tranid',
  fields: [
    nsColumn('id', 'id'), nsColumn('tranid', 'text'), nsColumn('type', 'text'), nsColumn('recordtype', 'text'), nsColumn('entity', 'select', 'customer'),
    nsColumn('trandate', 'date'), nsColumn('duedate', 'date'), nsColumn('closedate', 'date'), nsColumn('status', 'text'),
    nsColumn('foreigntotal', 'currency'), nsColumn('currency', 'select', 'currency'), nsColumn('exchangerate', 'float'),
    nsColumn('foreignamountunpaid', 'currency'), nsColumn('foreignamountpaid', 'currency'),
    nsColumn('foreignpaymentamountunused', 'currency'), nsColumn('foreignpaymentamountused', 'currency'),
    nsColumn('createdfrom', 'select', 'transaction'), nsColumn('otherrefnum', 'text'), nsColumn('memo', 'text'),
    nsColumn('externalid', 'text'), nsColumn('custbody_crm_opportunity_id', 'text'), nsColumn('terms', 'select', 'term'),
    nsColumn('salesrep', 'select', 'employee'), nsColumn('postingperiod', 'select', 'accountingperiod'),
    nsColumn('voided', 'boolean'), nsColumn('posting', 'boolean'), nsColumn('createddate', 'datetime'), nsColumn('lastmodifieddate', 'datetime'),
  ],
};

const TRANSACTION_LINE: NsTableSchema = {
  system: 'netsuite', name: 'transactionline', file: 'netsuite/transactionline.ndjson', key: 'uniquekey', displayColumn: 'memo',
  fields: [
    nsColumn('uniquekey', 'id'), nsColumn('transaction', 'select', 'transaction'), nsColumn('id', 'integer'), nsColumn('linesequencenumber', 'integer'),
    nsColumn('mainline', 'boolean'), nsColumn('taxline', 'boolean'), nsColumn('item', 'select', 'item'), nsColumn('itemtype', 'text'),
    nsColumn('quantity', 'float'), nsColumn('rate', 'currency'), nsColumn('foreignamount', 'currency'), nsColumn('netamount', 'currency'),
    nsColumn('memo', 'text'), nsColumn('subsidiary', 'select', 'subsidiary'), nsColumn('department', 'select', 'department'),
    nsColumn('class', 'select', 'classification'), nsColumn('location', 'select', 'location'), nsColumn('createdfrom', 'select', 'transaction'),
    nsColumn('isclosed', 'boolean'), nsColumn('entity', 'select', 'customer'),
  ],
};

const SUBSIDIARY: NsTableSchema = {
  system: 'netsuite', name: 'subsidiary', file: 'netsuite/subsidiary.ndjson', key: 'id', displayColumn: 'name', recordType: 'subsidiary',
  fields: [
    nsColumn('id', 'id'), nsColumn('name', 'text'), nsColumn('fullname', 'text'), nsColumn('parent', 'select', 'subsidiary'), nsColumn('currency', 'select', 'currency'),
    nsColumn('country', 'text'), nsColumn('iselimination', 'boolean'), nsColumn('isinactive', 'boolean'), nsColumn('lastmodifieddate', 'datetime'),
  ],
};

const CURRENCY: NsTableSchema = {
  system: 'netsuite', name: 'currency', file: 'netsuite/currency.ndjson', key: 'id', displayColumn: 'name', recordType: 'currency',
  fields: [
    nsColumn('id', 'id'), nsColumn('name', 'text'), nsColumn('symbol', 'text'), nsColumn('isbasecurrency', 'boolean'), nsColumn('exchangerate', 'float'),
    nsColumn('isinactive', 'boolean'), nsColumn('lastmodifieddate', 'datetime'),
  ],
};

const CURRENCY_RATE: NsTableSchema = {
  system: 'netsuite', name: 'currencyrate', file: 'netsuite/currencyrate.ndjson', key: 'id', displayColumn: 'id',
  fields: [
    nsColumn('id', 'id'), nsColumn('basecurrency', 'select', 'currency'), nsColumn('transactioncurrency', 'select', 'currency'),
    nsColumn('exchangerate', 'float'), nsColumn('effectivedate', 'date'), nsColumn('lastmodifieddate', 'datetime'),
  ],
};

const TERM: NsTableSchema = {
  system: 'netsuite', name: 'term', file: 'netsuite/term.ndjson', key: 'id', displayColumn: 'name',
  fields: [
    nsColumn('id', 'id'), nsColumn('name', 'text'), nsColumn('daysuntilnetdue', 'integer'), nsColumn('isinactive', 'boolean'),
    nsColumn('lastmodifieddate', 'datetime'),
  ],
};

const EMPLOYEE: NsTableSchema = {
  system: 'netsuite', name: 'employee', file: 'netsuite/employee.ndjson', key: 'id', displayColumn: 'entityid',
  fields: [
    nsColumn('id', 'id'), nsColumn('entityid', 'text'), nsColumn('firstname', 'text'), nsColumn('lastname', 'text'), nsColumn('email', 'text'),
    nsColumn('subsidiary', 'select', 'subsidiary'), nsColumn('isinactive', 'boolean'), nsColumn('lastmodifieddate', 'datetime'),
  ],
};

/** The system table of deleted records (SuiteQL `deletedrecord`); the record API's DELETE adds to it. */
const DELETED_RECORD: NsTableSchema = {
  system: 'netsuite', name: 'deletedrecord', file: 'netsuite/deletedrecord.ndjson', key: 'recordid', displayColumn: 'name',
  fields: [
    nsColumn('recordid', 'integer'), nsColumn('type', 'text'), nsColumn('name', 'text'), nsColumn('deleteddate', 'datetime'),
    nsColumn('context', 'text'), nsColumn('deletedby', 'select', 'employee'), nsColumn('iscustomrecord', 'boolean'),
  ],
};

export const NETSUITE_TABLES: readonly NsTableSchema[] = [
  CUSTOMER, ENTITY_ADDRESS, TRANSACTION, TRANSACTION_LINE, SUBSIDIARY, CURRENCY, CURRENCY_RATE, TERM, EMPLOYEE, DELETED_RECORD,
];

/** Transaction status letters and their labels (BUILTIN.DF(status) shows `<Type label> : <status label>`). */
export const TRANSACTION_STATUSES: Record<string, { label: string; statuses: Record<string, string> }> = {
  SalesOrd: { label: 'Sales Order', statuses: { A: 'Pending Approval', B: 'Pending Fulfillment', C: 'Cancelled', D: 'Partially Fulfilled', E: 'Pending Billing/Partially Fulfilled', F: 'Pending Billing', G: 'Billed', H: 'Closed' } },
  CustInvc: { label: 'Invoice', statuses: { A: 'Open', B: 'Paid In Full', D: 'Pending Approval', E: 'Rejected', V: 'Voided' } },
  CustPymt: { label: 'Payment', statuses: { A: 'Unapproved Payment', B: 'Not Deposited', C: 'Deposited' } },
  CustCred: { label: 'Credit Memo', statuses: { A: 'Open', B: 'Fully Applied' } },
};

export const RECORD_TYPE_OF: Record<string, string> = {
  SalesOrd: 'salesorder', CustInvc: 'invoice', CustPymt: 'customerpayment', CustCred: 'creditmemo',
};
