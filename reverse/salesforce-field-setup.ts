import type { Connection } from 'jsforce';
import type { ApiCaller } from '../systems/api/api-types.ts';
import type { FieldSetup } from './crm-writer.ts';
import type { SyncTarget } from './sync-fields.ts';

/** Where the repo keeps the metadata package that creates the fields (deployable with the Salesforce CLI). */
export const SALESFORCE_METADATA_DIR = 'reverse/salesforce-metadata';

const SALESFORCE_TYPE: Readonly<Record<string, string>> = {
  text: 'Text', picklist: 'Picklist', money: 'Currency', number: 'Number', date: 'Date', boolean: 'Checkbox',
};

/**
 * Salesforce custom fields cannot be created through the REST API, so this only checks: every field
 * the targets write must exist on its object and be updateable by the integration user. Missing ones
 * are listed for the admin, with the metadata package in the repo that creates them.
 */
export async function salesforceFieldSetup(conn: Connection, api: ApiCaller, base: string, targets: readonly SyncTarget[]): Promise<FieldSetup> {
  const missing: string[] = [];
  const notes: string[] = [];
  for (const target of targets) {
    const object = target.objects.salesforce;
    const describe = await api.call({ method: 'GET', endpoint: `${base}/sobjects/${object}/describe` }, () => conn.sobject(object).describe());
    const updateable = new Set(describe.fields.filter((f) => f.updateable).map((f) => f.name));
    const absent = target.fields.filter((f) => !updateable.has(f.salesforce));
    missing.push(...absent.map((f) => `${object}.${f.salesforce} (${SALESFORCE_TYPE[f.type]})`));
    notes.push(`salesforce ${object}: ${target.fields.length - absent.length} of ${target.fields.length} fields present and updateable`);
  }
  return { notes, missing };
}

/** What to tell the admin when fields are missing. */
export function salesforceSetupAdvice(): string {
  return `Ask a Salesforce admin to deploy the metadata package in ${SALESFORCE_METADATA_DIR}/ (custom fields plus the permission set `
    + `"Closeloop Integration", to assign to the integration user), e.g. \`sf project deploy start --metadata-dir ${SALESFORCE_METADATA_DIR} --target-org <alias>\`, then run again.`;
}
