import { acceptedValues } from '../runner/data-tests.ts';
import { money, stagingModel } from './staging-model.ts';

/** The transaction types the extract reads (sales orders, invoices, payments, credit memos). */
export const NETSUITE_TRANSACTION_TYPES = ['SalesOrd', 'CustInvc', 'CustPymt', 'CustCred'] as const;

export const stgNetsuiteTransaction = stagingModel({
  name: 'stg.netsuite_transaction',
  source: 'raw.netsuite__transaction',
  description: 'One row per live NetSuite transaction (sales order, invoice, payment, credit memo) as of the run.',
  columns: [
    ['id', 'id', 'NetSuite transaction internal id.'],
    ['transaction_number', 'tranid', 'Document number (tranid).'],
    ['type', 'type', 'Transaction type code: SalesOrd, CustInvc, CustPymt or CustCred.'],
    ['record_type', 'recordtype', 'Record type (e.g. invoice).'],
    ['customer_id', 'entity', 'Customer id (stg.netsuite_customer.id).'],
    ['transaction_date', 'trandate', 'Transaction date.'],
    ['due_date', 'duedate', 'Due date.'],
    ['close_date', 'closedate', 'Date the transaction was closed.'],
    ['status', 'status', 'Status code (letter; meaning depends on type).'],
    ['total_amount', money('foreigntotal'), 'Total in the transaction currency.'],
    ['currency_id', 'currency', 'Transaction currency id (stg.netsuite_currency.id).'],
    ['exchange_rate', 'exchangerate', 'Rate to the subsidiary currency.'],
    ['amount_unpaid', money('foreignamountunpaid'), 'Amount still unpaid, transaction currency.'],
    ['amount_paid', money('foreignamountpaid'), 'Amount paid, transaction currency.'],
    ['payment_amount_unused', money('foreignpaymentamountunused'), 'Payment amount not applied yet.'],
    ['payment_amount_used', money('foreignpaymentamountused'), 'Payment amount applied.'],
    ['created_from_id', 'createdfrom', 'Source transaction id (e.g. the sales order of an invoice).'],
    ['other_reference_number', 'otherrefnum', 'Customer reference (e.g. PO number).'],
    ['memo', 'memo', 'Memo.'],
    ['external_id', 'externalid', 'External id set by an integration.'],
    ['crm_opportunity_id', 'custbody_crm_opportunity_id', 'CRM opportunity id stored on the transaction.'],
    ['terms_id', 'terms', 'Payment terms id.'],
    ['sales_rep_id', 'salesrep', 'Sales rep employee id.'],
    ['posting_period_id', 'postingperiod', 'Accounting period id.'],
    ['is_voided', 'voided', 'Whether the transaction is voided.'],
    ['is_posting', 'posting', 'Whether the transaction posts to the ledger.'],
    ['created_at', 'createddate', 'When the transaction was created (UTC).'],
    ['last_modified_at', 'lastmodifieddate', 'Last modification (UTC).'],
  ],
  tests: [acceptedValues('type', [...NETSUITE_TRANSACTION_TYPES])],
});
