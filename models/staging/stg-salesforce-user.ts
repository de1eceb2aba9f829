import { stagingModel } from './staging-model.ts';

export const stgSalesforceUser = stagingModel({
  name: 'stg.salesforce_user',
  source: 'raw.salesforce__user',
  description: 'One row per Salesforce User (record owners) as of the run.',
  columns: [
    ['id', 'id', 'Salesforce User id.'],
    ['username', 'username', 'Login name.'],
    ['first_name', 'firstname', 'First name.'],
    ['last_name', 'lastname', 'Last name.'],
    ['name', 'name', 'Full name.'],
    ['email', 'email', 'Email address.'],
    ['is_active', 'isactive', 'Whether the user can log in.'],
    ['title', 'title', 'Job title.'],
    ['department', 'department', 'Department.'],
    ['manager_id', 'managerid', 'Manager User id.'],
    ['created_at', 'createddate', 'When the record was created (UTC).'],
    ['last_modified_at', 'lastmodifieddate', 'Last user modification (UTC).'],
    ['system_modstamp', 'systemmodstamp', 'Last modification by a user or the system (UTC).'],
  ],
});
