import type { StagingColumn } from './staging-model.ts';

/** The audit fields every Salesforce object carries, named alike in every staging model. */
export const SALESFORCE_AUDIT_COLUMNS: readonly StagingColumn[] = [
  ['created_at', 'createddate', 'When the record was created (UTC).'],
  ['created_by_id', 'createdbyid', 'User who created the record.'],
  ['last_modified_at', 'lastmodifieddate', 'Last user modification (UTC).'],
  ['last_modified_by_id', 'lastmodifiedbyid', 'User who last modified the record.'],
  ['system_modstamp', 'systemmodstamp', 'Last modification by a user or the system (UTC).'],
];
