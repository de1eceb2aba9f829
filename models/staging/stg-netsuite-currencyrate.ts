import { stagingModel } from './staging-model.ts';

export const stgNetsuiteCurrencyrate = stagingModel({
  name: 'stg.netsuite_currencyrate',
  source: 'raw.netsuite__currencyrate',
  description: 'One row per live NetSuite exchange rate (one currency pair from an effective date) as of the run.',
  columns: [
    ['id', 'id', 'NetSuite currency rate internal id.'],
    ['base_currency_id', 'basecurrency', 'Currency converted to (stg.netsuite_currency.id).'],
    ['transaction_currency_id', 'transactioncurrency', 'Currency converted from (stg.netsuite_currency.id).'],
    ['exchange_rate', 'exchangerate', 'Units of base currency per unit of transaction currency.'],
    ['effective_date', 'effectivedate', 'First date the rate applies.'],
    ['last_modified_at', 'lastmodifieddate', 'Last modification (UTC).'],
  ],
});
