import type { RawColumnType } from '../extract-types.ts';

/** How a SuiteQL column is selected and converted: SuiteQL has no describe, so each stream lists its columns. */
export type NsValueKind = 'id' | 'text' | 'money' | 'float' | 'integer' | 'date' | 'datetime' | 'boolean';

export interface NsStreamColumn {
  /** Column name in the raw table and alias in the SuiteQL select list. */
  name: string;
  kind: NsValueKind;
  /** SuiteQL expression when it is not `<table>.<name>` (joined columns). */
  expression?: string;
}

export interface NsStreamSpec {
  /** Stream name (the SuiteQL table). */
  stream: string;
  primaryKey: string;
  columns: NsStreamColumn[];
  /** FROM clause (the table, with its joins). */
  from: string;
  /** Extra filter, SQL built from constants only. */
  filter?: string;
  /**
   * Keyset expressions in order: the modification time first, then tie-breakers. Streams without their
   * own lastmodifieddate (transactionline) follow the parent's time and id.
   */
  keyset: { modified: string; ids: string[] };
  /** `deletedrecord.type` values (lower case) whose deletions belong to this stream. */
  deletedTypes: string[];
}

export const COLUMN_TYPES: Record<NsValueKind, RawColumnType> = {
  id: 'BIGINT', integer: 'BIGINT', text: 'VARCHAR', money: 'DECIMAL(18,2)', float: 'DOUBLE', date: 'DATE', datetime: 'TIMESTAMP', boolean: 'BOOLEAN',
};

const col = (name: string, kind: NsValueKind, expression?: string): NsStreamColumn => ({ name, kind, ...(expression ? { expression } : {}) });

/** The transaction types the pipeline reads (orders, invoices, payments, credit memos). */
export const TRANSACTION_TYPES = ['SalesOrd', 'CustInvc', 'CustPymt', 'CustCred'] as const;
const TRANSACTION_FILTER = `t.type IN (${TRANSACTION_TYPES.map((t) => `'${t}'`).join(', ')})`;
const TRANSACTION_RECORD_TYPES = ['salesorder', 'invoice', 'customerpayment', 'creditmemo'];

const ADDRESS_FIELDS = ['addressee', 'attention', 'addr1', 'addr2', 'addr3', 'city', 'state', 'zip', 'country', 'addrphone', 'addrtext'];

/**
 * customer lands its default billing address as `billaddr_*` columns (LEFT JOIN entityaddress on
 * defaultbillingaddress = nkey). NetSuite moves the customer's lastmodifieddate when its address is
 * edited on the customer, so the customer's cursor also picks up address changes.
 */
const CUSTOMER: NsStreamSpec = {
  stream: 'customer', primaryKey: 'id', from: 'customer c LEFT JOIN entityaddress ba ON c.defaultbillingaddress = ba.nkey',
  keyset: { modified: 'c.lastmodifieddate', ids: ['c.id'] }, deletedTypes: ['customer'],
  columns: [
    col('id', 'id'), col('entityid', 'text'), col('companyname', 'text'), col('email', 'text'), col('phone', 'text'), col('url', 'text'),
    col('externalid', 'text'), col('custentity_crm_account_id', 'text'), col('subsidiary', 'id'), col('currency', 'id'), col('terms', 'id'),
    col('creditlimit', 'money'), col('balancesearch', 'money'), col('overduebalancesearch', 'money'), col('unbilledorderssearch', 'money'),
    col('oncredithold', 'boolean'), col('creditholdoverride', 'text'), col('salesrep', 'id'), col('defaultbillingaddress', 'id'),
    col('isperson', 'boolean'), col('parent', 'id'), col('isinactive', 'boolean'), col('datecreated', 'datetime'), col('lastmodifieddate', 'datetime'),
    ...ADDRESS_FIELDS.map((f) => col(`billaddr_${f}`, 'text', `ba.${f}`)),
  ],
};

const TRANSACTION: NsStreamSpec = {
  stream: 'transaction', primaryKey: 'id', from: 'transaction t', filter: TRANSACTION_FILTER,
  keyset: { modified: 't.lastmodifieddate', ids: ['t.id'] }, deletedTypes: TRANSACTION_RECORD_TYPES,
  columns: [
    col('id', 'id'), col('tranid', 'text'), col('type', 'text'), col('recordtype', 'text'), col('entity', 'id'), col('trandate', 'date'),
    col('duedate', 'date'), col('closedate', 'date'), col('status', 'text'), col('foreigntotal', 'money'), col('currency', 'id'),
    col('exchangerate', 'float'), col('foreignamountunpaid', 'money'), col('foreignamountpaid', 'money'),
    col('foreignpaymentamountunused', 'money'), col('foreignpaymentamountused', 'money'), col('createdfrom', 'id'), col('otherrefnum', 'text'),
    col('memo', 'text'), col('externalid', 'text'), col('custbody_crm_opportunity_id', 'text'), col('terms', 'id'), col('salesrep', 'id'),
    col('postingperiod', 'id'), col('voided', 'boolean'), col('posting', 'boolean'), col('createddate', 'datetime'), col('lastmodifieddate', 'datetime'),
  ],
};

/**
 * transactionline has no lastmodifieddate: lines follow their transaction. A changed transaction's
 * lines are all read again (keyset on the transaction's time and id, then the line's uniquekey).
 * Lines of a deleted transaction are not listed in deletedrecord; the transaction's own deletion
 * (stream transaction) tells staging to drop them.
 */
const TRANSACTION_LINE: NsStreamSpec = {
  stream: 'transactionline', primaryKey: 'uniquekey', from: 'transactionline tl INNER JOIN transaction t ON t.id = tl.transaction', filter: TRANSACTION_FILTER,
  keyset: { modified: 't.lastmodifieddate', ids: ['t.id', 'tl.uniquekey'] }, deletedTypes: [],
  columns: [
    col('uniquekey', 'id'), col('transaction', 'id'), col('id', 'integer'), col('linesequencenumber', 'integer'), col('mainline', 'boolean'),
    col('taxline', 'boolean'), col('item', 'id'), col('itemtype', 'text'), col('quantity', 'float'), col('rate', 'money'),
    col('foreignamount', 'money'), col('netamount', 'money'), col('memo', 'text'), col('subsidiary', 'id'), col('department', 'id'),
    col('class', 'id'), col('location', 'id'), col('createdfrom', 'id'), col('isclosed', 'boolean'), col('entity', 'id'),
    col('transaction_lastmodifieddate', 'datetime', 't.lastmodifieddate'),
  ],
};

const SUBSIDIARY: NsStreamSpec = {
  stream: 'subsidiary', primaryKey: 'id', from: 'subsidiary s', keyset: { modified: 's.lastmodifieddate', ids: ['s.id'] }, deletedTypes: ['subsidiary'],
  columns: [
    col('id', 'id'), col('name', 'text'), col('fullname', 'text'), col('parent', 'id'), col('currency', 'id'), col('country', 'text'),
    col('iselimination', 'boolean'), col('isinactive', 'boolean'), col('lastmodifieddate', 'datetime'),
  ],
};

const CURRENCY: NsStreamSpec = {
  stream: 'currency', primaryKey: 'id', from: 'currency cu', keyset: { modified: 'cu.lastmodifieddate', ids: ['cu.id'] }, deletedTypes: ['currency'],
  columns: [
    col('id', 'id'), col('name', 'text'), col('symbol', 'text'), col('isbasecurrency', 'boolean'), col('exchangerate', 'float'),
    col('isinactive', 'boolean'), col('lastmodifieddate', 'datetime'),
  ],
};

const CURRENCY_RATE: NsStreamSpec = {
  stream: 'currencyrate', primaryKey: 'id', from: 'currencyrate cr', keyset: { modified: 'cr.lastmodifieddate', ids: ['cr.id'] }, deletedTypes: ['currencyrate'],
  columns: [
    col('id', 'id'), col('basecurrency', 'id'), col('transactioncurrency', 'id'), col('exchangerate', 'float'), col('effectivedate', 'date'),
    col('lastmodifieddate', 'datetime'),
  ],
};

const TERM: NsStreamSpec = {
  stream: 'term', primaryKey: 'id', from: 'term te', keyset: { modified: 'te.lastmodifieddate', ids: ['te.id'] }, deletedTypes: ['term'],
  columns: [col('id', 'id'), col('name', 'text'), col('daysuntilnetdue', 'integer'), col('isinactive', 'boolean'), col('lastmodifieddate', 'datetime')],
};

export const NETSUITE_STREAMS: readonly NsStreamSpec[] = [CUSTOMER, TRANSACTION, TRANSACTION_LINE, SUBSIDIARY, CURRENCY, CURRENCY_RATE, TERM];

/** The table alias of a stream's main table (the first word after FROM's table name). */
export function mainAlias(spec: NsStreamSpec): string {
  return spec.from.split(' ')[1]!;
}
