import { sql } from 'kysely';
import { expression } from '../runner/data-tests.ts';
import { defineModel } from '../runner/model-definition.ts';

/**
 * Rates to the reporting currency, which is NetSuite's base currency: one row per currency and date a
 * rate takes effect (the base currency itself at 1 from the start). Convert an amount dated d with
 * the latest rate effective on or before d (an ASOF join).
 */
const QUERY = `
WITH base AS (SELECT id, upper(symbol) AS symbol FROM stg.netsuite_currency WHERE coalesce(is_base_currency, false) ORDER BY id LIMIT 1)
SELECT upper(c.symbol) AS currency, r.effective_date, CAST(r.exchange_rate AS DECIMAL(18,9)) AS rate, (SELECT symbol FROM base) AS reporting_currency
FROM stg.netsuite_currencyrate r JOIN stg.netsuite_currency c ON c.id = r.transaction_currency_id
WHERE r.base_currency_id = (SELECT id FROM base) AND c.id <> (SELECT id FROM base)
UNION ALL
SELECT symbol, DATE '1900-01-01', 1, symbol FROM base`;

export const intCurrencyRates = defineModel({
  name: 'int.currency_rates',
  description: 'Exchange rates from each currency to the reporting currency (NetSuite\'s base currency), by the date they take effect.',
  key: ['currency', 'effective_date'],
  dependsOn: ['stg.netsuite_currency', 'stg.netsuite_currencyrate'],
  columns: {
    currency: 'ISO code converted from.',
    effective_date: 'First date the rate applies.',
    rate: 'Units of reporting currency per unit of this currency.',
    reporting_currency: 'The reporting currency (NetSuite base currency).',
  },
  tests: [expression('rate_positive', 'rate > 0')],
  query: () => sql.raw(QUERY),
});
