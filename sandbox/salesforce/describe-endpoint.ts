import { json, type ApiResponse } from '../http/api-types.ts';
import type { SfFieldSpec } from './salesforce-objects.ts';
import type { OrgObject } from './org-schema.ts';
import type { SfContext, SfRequest } from './salesforce-context.ts';
import { isIdType, isLongText, isNumericType, isTextType } from './soql-scope.ts';
import { notFoundResponse } from './salesforce-errors.ts';

const SOAP_TYPES: Record<SfFieldSpec['type'], string> = {
  id: 'tns:ID', reference: 'tns:ID', string: 'xsd:string', textarea: 'xsd:string', picklist: 'xsd:string', url: 'xsd:string',
  phone: 'xsd:string', email: 'xsd:string', boolean: 'xsd:boolean', int: 'xsd:int', double: 'xsd:double', percent: 'xsd:double',
  currency: 'xsd:double', date: 'xsd:date', datetime: 'xsd:dateTime',
};

/** `GET …/sobjects`: describeGlobal. */
export function describeGlobalEndpoint(req: SfRequest, ctx: SfContext): ApiResponse {
  return json(200, { encoding: 'UTF-8', maxBatchSize: 200, sobjects: ctx.org.objects.map((o) => globalEntry(o, req.apiVersion)) });
}

/** `GET …/sobjects/<Object>`: basic information (the global entry plus recent items). */
export function sobjectInfoEndpoint(req: SfRequest, ctx: SfContext): ApiResponse {
  const object = ctx.org.object(req.params.object ?? '');
  if (!object) return notFoundResponse();
  return json(200, { objectDescribe: globalEntry(object, req.apiVersion), recentItems: [] });
}

/** `GET …/sobjects/<Object>/describe`. */
export function describeEndpoint(req: SfRequest, ctx: SfContext): ApiResponse {
  const object = ctx.org.object(req.params.object ?? '');
  if (!object) return notFoundResponse();
  return json(200, describeObject(object, ctx, req.apiVersion));
}

function urls(object: OrgObject, version: string): Record<string, string> {
  const base = `/services/data/v${version}/sobjects/${object.name}`;
  return { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` };
}

function capabilities(object: OrgObject): Record<string, boolean> {
  const writable = object.hasField('IsDeleted');
  return {
    createable: writable, updateable: true, deletable: writable, undeletable: false, queryable: true, retrieveable: true,
    searchable: true, layoutable: true, mergeable: object.name === 'Account', replicateable: true, triggerable: true,
    custom: object.name.endsWith('__c'), customSetting: false, activateable: false, feedEnabled: false, deprecatedAndHidden: false,
  };
}

function globalEntry(object: OrgObject, version: string): Record<string, unknown> {
  return {
    name: object.name,
    label: object.schema.label,
    labelPlural: `${object.schema.label}s`,
    keyPrefix: object.schema.keyPrefix,
    ...capabilities(object),
    urls: urls(object, version),
  };
}

function describeObject(object: OrgObject, ctx: SfContext, version: string): Record<string, unknown> {
  return {
    ...globalEntry(object, version),
    actionOverrides: [],
    childRelationships: object.schema.childRelationships
      .filter((c) => ctx.org.object(c.childSObject))
      .map((c) => ({
        cascadeDelete: c.field !== 'ParentId',
        childSObject: c.childSObject,
        deprecatedAndHidden: false,
        field: c.field,
        relationshipName: c.relationshipName,
        restrictedDelete: false,
      })),
    fields: object.fields.map(describeField),
    recordTypeInfos: [],
    supportedScopes: [{ label: 'All records', name: 'everything' }],
  };
}

function describeField(field: SfFieldSpec): Record<string, unknown> {
  const longText = isLongText(field);
  return {
    aggregatable: !longText && field.type !== 'boolean',
    autoNumber: false,
    byteLength: isTextType(field) || isIdType(field) ? field.length * 3 : 0,
    calculated: false,
    caseSensitive: false,
    createable: field.createable,
    custom: field.custom,
    defaultValue: field.type === 'boolean' ? false : null,
    defaultedOnCreate: field.type === 'boolean' || field.name === 'OwnerId' || field.name === 'Id',
    digits: field.type === 'int' ? 9 : 0,
    externalId: field.externalId,
    filterable: !longText,
    groupable: !longText && !isNumericType(field) && field.type !== 'datetime',
    idLookup: field.name === 'Id' || field.externalId,
    label: field.label,
    length: field.length,
    name: field.name,
    nameField: field.name === 'Name',
    nillable: field.nillable,
    picklistValues: (field.picklistValues ?? []).map((value) => ({ active: true, defaultValue: false, label: value, validFor: null, value })),
    precision: field.type === 'currency' ? 18 : field.type === 'double' || field.type === 'percent' ? 18 : 0,
    referenceTo: field.referenceTo ? [field.referenceTo] : [],
    relationshipName: field.relationshipName ?? null,
    scale: field.type === 'currency' ? 2 : field.type === 'double' || field.type === 'percent' ? 2 : 0,
    soapType: SOAP_TYPES[field.type],
    sortable: !longText,
    type: field.type,
    unique: false,
    updateable: field.updateable,
  };
}
