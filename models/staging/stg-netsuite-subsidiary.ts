import { stagingModel } from './staging-model.ts';

export const stgNetsuiteSubsidiary = stagingModel({
  name: 'stg.netsuite_subsidiary',
  source: 'raw.netsuite__subsidiary',
  description: 'One row per live NetSuite subsidiary (legal entity) as of the run.',
  columns: [
    ['id', 'id', 'NetSuite subsidiary internal id.'],
    ['name', 'name', 'Subsidiary name.'],
    ['full_name', 'fullname', 'Name including the parent path.'],
    ['parent_subsidiary_id', 'parent', 'Parent subsidiary id.'],
    ['currency_id', 'currency', 'Base currency id (stg.netsuite_currency.id).'],
    ['country', 'country', 'Country code.'],
    ['is_elimination', 'iselimination', 'Whether it is an elimination subsidiary.'],
    ['is_inactive', 'isinactive', 'Whether the subsidiary is inactive.'],
    ['last_modified_at', 'lastmodifieddate', 'Last modification (UTC).'],
  ],
});
