import { stagingModel, tryCast } from './staging-model.ts';

export const stgHubspotLineItems = stagingModel({
  name: 'stg.hubspot_line_items',
  source: 'raw.hubspot__line_items',
  description: 'One row per live (not archived) HubSpot line item as of the run.',
  columns: [
    ['id', 'id', 'HubSpot line item id.'],
    ['name', 'name', 'Line name (usually the product name).'],
    ['quantity', tryCast('quantity', 'DOUBLE'), 'Quantity (NULL when not a number).'],
    ['price', tryCast('price', 'DECIMAL(18,2)'), 'Unit price.'],
    ['amount', tryCast('amount', 'DECIMAL(18,2)'), 'Line total.'],
    ['discount', tryCast('discount', 'DOUBLE'), 'Discount per unit.'],
    ['product_id', 'hs_product_id', 'HubSpot product id.'],
    ['sku', 'hs_sku', 'Product SKU.'],
    ['currency_code', 'hs_line_item_currency_code', 'ISO currency code.'],
    ['created_at', 'created_at', 'When the line item was created (UTC).'],
    ['updated_at', 'updated_at', 'Last modification (UTC).'],
  ],
});
