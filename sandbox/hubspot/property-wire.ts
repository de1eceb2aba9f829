import type { HsPropertySpec } from './hubspot-objects.ts';
import type { PropertyGroup, PropertyMeta } from './property-registry.ts';

/** A property as the properties API sends it. */
export function toWireProperty(spec: HsPropertySpec, meta: PropertyMeta): Record<string, unknown> {
  const wire: Record<string, unknown> = {
    name: spec.name,
    label: spec.label,
    type: spec.type,
    fieldType: spec.fieldType,
    description: meta.description,
    groupName: spec.groupName,
    options: spec.options.map((o) => ({ label: o.label, value: o.value, displayOrder: o.displayOrder, hidden: o.hidden })),
    displayOrder: meta.displayOrder,
    calculated: false,
    externalOptions: false,
    hasUniqueValue: spec.hasUniqueValue,
    hidden: meta.hidden,
    formField: meta.formField,
    modificationMetadata: { archivable: !spec.hubspotDefined, readOnlyDefinition: spec.hubspotDefined, readOnlyValue: spec.readOnlyValue },
    createdAt: meta.createdAt,
    updatedAt: meta.updatedAt,
    archived: meta.archived,
    dataSensitivity: 'non_sensitive',
  };
  if (spec.hubspotDefined) wire.hubspotDefined = true;
  if (meta.archivedAt) wire.archivedAt = meta.archivedAt;
  return wire;
}

export function toWireGroup(group: PropertyGroup): Record<string, unknown> {
  return { name: group.name, label: group.label, displayOrder: group.displayOrder, archived: group.archived };
}
