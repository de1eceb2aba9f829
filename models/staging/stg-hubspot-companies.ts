import { stagingModel, tryCast } from './staging-model.ts';

export const stgHubspotCompanies = stagingModel({
  name: 'stg.hubspot_companies',
  source: 'raw.hubspot__companies',
  description: 'One row per live (not archived) HubSpot company as of the run.',
  columns: [
    ['id', 'id', 'HubSpot company id.'],
    ['name', 'name', 'Company name.'],
    ['domain', 'domain', 'Company domain.'],
    ['website', 'website', 'Website URL.'],
    ['phone', 'phone', 'Phone number.'],
    ['address', 'address', 'Street address.'],
    ['address2', 'address2', 'Street address, second line.'],
    ['city', 'city', 'City.'],
    ['state', 'state', 'State or region.'],
    ['zip', 'zip', 'Postal code.'],
    ['country', 'country', 'Country.'],
    ['industry', 'industry', 'Industry.'],
    ['description', 'description', 'Free-text description.'],
    ['number_of_employees', tryCast('numberofemployees', 'BIGINT'), 'Employee count (NULL when not a number).'],
    ['annual_revenue', tryCast('annualrevenue', 'DECIMAL(18,2)'), 'Annual revenue (NULL when not a number).'],
    ['owner_id', 'hubspot_owner_id', 'HubSpot owner id.'],
    ['lifecycle_stage', 'lifecyclestage', 'Lifecycle stage (e.g. lead, customer).'],
    ['erp_customer_id', 'erp_customer_id', 'NetSuite customer id written back by the pipeline.'],
    ['created_at', 'created_at', 'When the company was created (UTC).'],
    ['updated_at', 'updated_at', 'Last modification (UTC).'],
  ],
});
