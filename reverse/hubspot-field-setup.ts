import type { Client } from '@hubspot/api-client';
import type { PropertyCreate } from '@hubspot/api-client/lib/codegen/crm/properties/index.js';
import type { ApiCaller } from '../systems/api/api-types.ts';
import type { UsageMeter } from '../systems/clients/hubspot-usage-meter.ts';
import type { FieldSetup } from './crm-writer.ts';
import type { FieldType, SyncField, SyncTarget } from './sync-fields.ts';

/** The property group closeloop's properties live in. */
export const HUBSPOT_GROUP = { name: 'erp', label: 'ERP', displayOrder: -1 } as const;

const PROPERTY_TYPE: Readonly<Record<FieldType, { type: string; fieldType: string }>> = {
  text: { type: 'string', fieldType: 'text' },
  picklist: { type: 'enumeration', fieldType: 'select' },
  money: { type: 'number', fieldType: 'number' },
  number: { type: 'number', fieldType: 'number' },
  date: { type: 'date', fieldType: 'date' },
  boolean: { type: 'bool', fieldType: 'booleancheckbox' },
};

/**
 * Creates what the write-back needs in HubSpot through the properties API: the `erp` group on each
 * object and every missing property in it. Properties that already exist (in any group) are kept as
 * they are. With `dryRun` nothing is created; the notes say what would be.
 */
export async function hubspotFieldSetup(client: Client, api: ApiCaller, meter: UsageMeter, targets: readonly SyncTarget[], dryRun: boolean): Promise<FieldSetup> {
  const notes: string[] = [];
  const properties = client.crm.properties;
  for (const target of targets) {
    const object = target.objects.hubspot;
    meter.count();
    const existing = await api.call({ method: 'GET', endpoint: `/crm/v3/properties/${object}` }, () => properties.coreApi.getAll(object));
    const names = new Set(existing.results.map((p) => p.name));
    const absent = target.fields.filter((f) => !names.has(f.hubspot));
    if (absent.length === 0) continue;
    if (dryRun) {
      notes.push(`hubspot ${object}: would create ${absent.length} properties in group "${HUBSPOT_GROUP.name}" (${absent.map((f) => f.hubspot).join(', ')})`);
      continue;
    }
    meter.count();
    const groups = await api.call({ method: 'GET', endpoint: `/crm/v3/properties/${object}/groups` }, () => properties.groupsApi.getAll(object));
    if (!groups.results.some((g) => g.name === HUBSPOT_GROUP.name)) {
      meter.count();
      await api.call({ method: 'POST', endpoint: `/crm/v3/properties/${object}/groups` }, () => properties.groupsApi.create(object, { ...HUBSPOT_GROUP }));
      notes.push(`hubspot ${object}: created property group "${HUBSPOT_GROUP.name}"`);
    }
    for (const field of absent) {
      meter.count();
      await api.call({ method: 'POST', endpoint: `/crm/v3/properties/${object}` }, () => properties.coreApi.create(object, propertyFor(field)));
    }
    notes.push(`hubspot ${object}: created ${absent.length} properties (${absent.map((f) => f.hubspot).join(', ')})`);
  }
  return { notes, missing: [] };
}

function propertyFor(field: SyncField): PropertyCreate {
  const { type, fieldType } = PROPERTY_TYPE[field.type];
  const options = field.type === 'boolean'
    ? [{ label: 'Yes', value: 'true', displayOrder: 0, hidden: false }, { label: 'No', value: 'false', displayOrder: 1, hidden: false }]
    : (field.options ?? []).map((value, i) => ({ label: value.replaceAll('_', ' '), value, displayOrder: i, hidden: false }));
  return {
    name: field.hubspot, label: field.label, groupName: HUBSPOT_GROUP.name, description: `Written by closeloop from NetSuite (${field.column}); NetSuite owns this value.`,
    type, fieldType, ...(options.length > 0 ? { options } : {}),
  } as unknown as PropertyCreate;
}
