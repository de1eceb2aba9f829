import { money, stagingModel } from './staging-model.ts';
import { SALESFORCE_AUDIT_COLUMNS } from './salesforce-audit-columns.ts';

export const stgSalesforceOpportunityLineItem = stagingModel({
  name: 'stg.salesforce_opportunity_line_item',
  source: 'raw.salesforce__opportunitylineitem',
  description: 'One row per live Salesforce OpportunityLineItem (product on an opportunity) as of the run.',
  columns: [
    ['id', 'id', 'Salesforce OpportunityLineItem id.'],
    ['opportunity_id', 'opportunityid', 'Opportunity id (stg.salesforce_opportunity.id).'],
    ['sort_order', 'sortorder', 'Position on the opportunity.'],
    ['pricebook_entry_id', 'pricebookentryid', 'Price book entry id.'],
    ['product_id', 'product2id', 'Product id.'],
    ['product_code', 'productcode', 'Product code.'],
    ['name', 'name', 'Line name (usually the product name).'],
    ['quantity', 'quantity', 'Quantity.'],
    ['total_price', money('totalprice'), 'Line total after discount.'],
    ['unit_price', money('unitprice'), 'Sales price per unit.'],
    ['list_price', money('listprice'), 'List price per unit.'],
    ['service_date', 'servicedate', 'Service date.'],
    ['description', 'description', 'Line description.'],
    ['discount_percent', 'discount', 'Discount in percent.'],
    ['currency_code', 'currencyisocode', 'ISO currency code.'],
    ...SALESFORCE_AUDIT_COLUMNS,
  ],
});
