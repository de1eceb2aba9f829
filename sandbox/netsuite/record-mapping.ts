import type { NsColumnSpec, NsTableSchema } from './netsuite-tables.ts';

/** One record-API field (camelCase, natively typed) and the SuiteQL column behind it. */
export interface RecordField {
  name: string;
  column: NsColumnSpec;
  readOnly: boolean;
}

/** A record type of the REST record API and where its rows live. */
export interface RecordType {
  /** Lower-case record type id (`salesorder`); URLs match it case-insensitively. */
  name: string;
  /** The spelling NetSuite uses in URLs and links (`salesOrder`). */
  urlName: string;
  table: NsTableSchema;
  /** For transaction record types: the `transaction.type` code (`CustInvc`, …). */
  transactionType?: string;
  /** Field name (lower case) → field; NetSuite matches body field names case-insensitively. */
  fields: Map<string, RecordField>;
  /** The fields in the order a GET shows them. */
  ordered: RecordField[];
}

type FieldList = [name: string, column: string, readOnly?: 'ro'][];

const CUSTOMER_FIELDS: FieldList = [
  ['entityId', 'entityid'], ['companyName', 'companyname'], ['email', 'email'], ['phone', 'phone'], ['url', 'url'],
  ['externalId', 'externalid'], ['subsidiary', 'subsidiary'], ['currency', 'currency'], ['terms', 'terms'],
  ['creditLimit', 'creditlimit'], ['balance', 'balancesearch', 'ro'], ['overdueBalance', 'overduebalancesearch', 'ro'],
  ['unbilledOrders', 'unbilledorderssearch', 'ro'], ['creditHoldOverride', 'creditholdoverride'], ['salesRep', 'salesrep'],
  ['isPerson', 'isperson'], ['parent', 'parent'], ['isInactive', 'isinactive'], ['dateCreated', 'datecreated', 'ro'],
  ['lastModifiedDate', 'lastmodifieddate', 'ro'],
];

const TRANSACTION_FIELDS: FieldList = [
  ['tranId', 'tranid'], ['entity', 'entity'], ['tranDate', 'trandate'], ['dueDate', 'duedate'], ['status', 'status', 'ro'],
  ['total', 'foreigntotal', 'ro'], ['currency', 'currency'], ['exchangeRate', 'exchangerate'], ['otherRefNum', 'otherrefnum'],
  ['memo', 'memo'], ['externalId', 'externalid'], ['terms', 'terms'], ['salesRep', 'salesrep'], ['postingPeriod', 'postingperiod', 'ro'],
  ['createdFrom', 'createdfrom', 'ro'], ['createdDate', 'createddate', 'ro'], ['lastModifiedDate', 'lastmodifieddate', 'ro'],
];

const INVOICE_FIELDS: FieldList = [...TRANSACTION_FIELDS, ['amountRemaining', 'foreignamountunpaid', 'ro'], ['amountPaid', 'foreignamountpaid', 'ro']];

const CREDIT_FIELDS: FieldList = [...TRANSACTION_FIELDS, ['unapplied', 'foreignpaymentamountunused', 'ro'], ['applied', 'foreignpaymentamountused', 'ro']];

/** A customer payment names its customer `customer` and its amount `payment`. */
const PAYMENT_FIELDS: FieldList = [
  ...TRANSACTION_FIELDS.filter(([name]) => name !== 'entity' && name !== 'total' && name !== 'dueDate'),
  ['customer', 'entity'], ['payment', 'foreigntotal', 'ro'], ['unapplied', 'foreignpaymentamountunused', 'ro'], ['applied', 'foreignpaymentamountused', 'ro'],
];

const SUBSIDIARY_FIELDS: FieldList = [
  ['name', 'name'], ['fullName', 'fullname', 'ro'], ['parent', 'parent'], ['currency', 'currency'], ['country', 'country'],
  ['isElimination', 'iselimination'], ['isInactive', 'isinactive'], ['lastModifiedDate', 'lastmodifieddate', 'ro'],
];

const CURRENCY_FIELDS: FieldList = [
  ['name', 'name'], ['symbol', 'symbol'], ['isBaseCurrency', 'isbasecurrency'], ['exchangeRate', 'exchangerate'],
  ['isInactive', 'isinactive'], ['lastModifiedDate', 'lastmodifieddate', 'ro'],
];

const DEFINITIONS: { urlName: string; table: string; transactionType?: string; fields: FieldList }[] = [
  { urlName: 'customer', table: 'customer', fields: CUSTOMER_FIELDS },
  { urlName: 'invoice', table: 'transaction', transactionType: 'CustInvc', fields: INVOICE_FIELDS },
  { urlName: 'salesOrder', table: 'transaction', transactionType: 'SalesOrd', fields: TRANSACTION_FIELDS },
  { urlName: 'creditMemo', table: 'transaction', transactionType: 'CustCred', fields: CREDIT_FIELDS },
  { urlName: 'customerPayment', table: 'transaction', transactionType: 'CustPymt', fields: PAYMENT_FIELDS },
  { urlName: 'subsidiary', table: 'subsidiary', fields: SUBSIDIARY_FIELDS },
  { urlName: 'currency', table: 'currency', fields: CURRENCY_FIELDS },
];

/** Standard columns mapped for some record type; on other record types they stay out of the record API. */
const DEFINED_COLUMNS = new Set(DEFINITIONS.flatMap((d) => d.fields.map(([, column]) => column)));

/** Columns that never show in the record API (SuiteQL-only or implied by the record type). */
const HIDDEN_COLUMNS = new Set(['type', 'recordtype', 'oncredithold', 'defaultbillingaddress', 'voided', 'posting', 'closedate', 'foreignamountunpaid', 'foreignamountpaid', 'foreignpaymentamountunused', 'foreignpaymentamountused']);

/**
 * The record types the sandbox serves, built over the effective table schemas: columns the mapping
 * does not name (custom fields such as `custentity_…`, or extra dataset columns) appear under their
 * own names and are writable.
 */
export function buildRecordTypes(tables: readonly NsTableSchema[]): Map<string, RecordType> {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const types = new Map<string, RecordType>();
  for (const def of DEFINITIONS) {
    const table = byName.get(def.table);
    if (!table) continue;
    const ordered: RecordField[] = [];
    const mapped = new Set<string>();
    for (const [name, columnName, ro] of def.fields) {
      const column = table.fields.find((f) => f.name === columnName);
      if (!column) continue;
      ordered.push({ name, column, readOnly: ro === 'ro' });
      mapped.add(columnName);
    }
    for (const column of table.fields) {
      if (mapped.has(column.name) || column.name === table.key || HIDDEN_COLUMNS.has(column.name)) continue;
      if (!column.name.startsWith('cust') && DEFINED_COLUMNS.has(column.name)) continue;
      ordered.push({ name: column.name, column, readOnly: false });
    }
    const fields = new Map(ordered.map((f) => [f.name.toLowerCase(), f]));
    const name = def.urlName.toLowerCase();
    types.set(name, { name, urlName: def.urlName, table, ...(def.transactionType && { transactionType: def.transactionType }), fields, ordered });
  }
  return types;
}


/** The record type whose rows a table holds (for reference links), when there is exactly one. */
export function recordTypeOfTable(types: ReadonlyMap<string, RecordType>, table: string): string | undefined {
  const matches = [...types.values()].filter((t) => t.table.name === table && !t.transactionType);
  return matches.length === 1 ? matches[0]!.urlName : undefined;
}
