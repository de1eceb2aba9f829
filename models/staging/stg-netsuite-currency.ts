import { stagingModel } from './staging-model.ts';

export const stgNetsuiteCurrency = stagingModel({
  name: 'stg.netsuite_currency',
  source: 'raw.netsuite__currency',
  description: 'One row per live NetSuite currency as of the run.',
  columns: [
    ['id', 'id', 'NetSuite currency internal id.'],
    ['name', 'name', 'Currency name.'],
    ['symbol', 'symbol', 'ISO currency code (e.g. USD).'],
    ['is_base_currency', 'isbasecurrency', 'Whether it is the base currency of the account.'],
    ['exchange_rate', 'exchangerate', 'Current rate to the base currency.'],
    ['is_inactive', 'isinactive', 'Whether the currency is inactive.'],
    ['last_modified_at', 'lastmodifieddate', 'Last modification (UTC).'],
  ],
});
