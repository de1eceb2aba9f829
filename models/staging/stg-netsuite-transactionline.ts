import { sql } from 'kysely';
import { latestVersions, money, stagingModel } from './staging-model.ts';

const TRANSACTIONS = 'raw.netsuite__transaction';

/**
 * Lines have no deletion records of their own: a line is live while its transaction is. Every change
 * to a transaction lands all its lines again, stamped with the transaction's modification time, so
 * lines stamped earlier than their transaction's newest landed lines were removed from it.
 */
export const stgNetsuiteTransactionline = stagingModel({
  name: 'stg.netsuite_transactionline',
  source: 'raw.netsuite__transactionline',
  extraSources: [TRANSACTIONS],
  description: 'One row per line of a live NetSuite transaction as of the run (mainline and tax lines included, flagged).',
  columns: [
    ['id', 'uniquekey', 'Line key unique across all transactions (NetSuite uniquekey).'],
    ['transaction_id', 'transaction', 'Transaction id (stg.netsuite_transaction.id).'],
    ['line_id', 'id', 'Line id within its transaction (0 is the main line).'],
    ['line_sequence_number', 'linesequencenumber', 'Display order within the transaction.'],
    ['is_mainline', 'mainline', 'Whether this is the header (main) line.'],
    ['is_tax_line', 'taxline', 'Whether this is a tax line.'],
    ['item_id', 'item', 'Item id.'],
    ['item_type', 'itemtype', 'Item type.'],
    ['quantity', 'quantity', 'Quantity.'],
    ['rate', money('rate'), 'Unit price.'],
    ['amount', money('foreignamount'), 'Line amount in the transaction currency.'],
    ['net_amount', money('netamount'), 'Net amount in the subsidiary currency.'],
    ['memo', 'memo', 'Line memo.'],
    ['subsidiary_id', 'subsidiary', 'Subsidiary id.'],
    ['department_id', 'department', 'Department id.'],
    ['class_id', 'class', 'Class id.'],
    ['location_id', 'location', 'Location id.'],
    ['created_from_id', 'createdfrom', 'Source transaction id.'],
    ['is_closed', 'isclosed', 'Whether the line is closed.'],
    ['customer_id', 'entity', 'Customer id of the line.'],
    ['transaction_last_modified_at', 'transaction_lastmodifieddate', 'Modification time of the transaction version this line came with (UTC).'],
  ],
  restrict: (asOf) => sql`AND NOT EXISTS (
      SELECT 1 FROM ${latestVersions(TRANSACTIONS, asOf)} AS deleted_transaction
      WHERE deleted_transaction._deleted AND deleted_transaction._record_id = CAST(latest."transaction" AS VARCHAR))
    QUALIFY latest.transaction_lastmodifieddate = max(latest.transaction_lastmodifieddate) OVER (PARTITION BY latest."transaction")`,
});
